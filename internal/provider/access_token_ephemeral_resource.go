// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

var (
	_ ephemeral.EphemeralResource              = (*accessTokenEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*accessTokenEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithRenew     = (*accessTokenEphemeralResource)(nil)
)

// NewAccessTokenEphemeralResource returns the vippsmobilepay_access_token ephemeral resource.
func NewAccessTokenEphemeralResource() ephemeral.EphemeralResource {
	return &accessTokenEphemeralResource{}
}

type accessTokenEphemeralResource struct {
	cc *ConfiguredClient
}

// accessTokenModel is shared by the ephemeral resource and the data source.
type accessTokenModel struct {
	credentialInputs
	AccessToken         types.String      `tfsdk:"access_token"`
	TokenType           types.String      `tfsdk:"token_type"`
	ExpiresOn           timetypes.RFC3339 `tfsdk:"expires_on"`
	AuthorizationHeader types.String      `tfsdk:"authorization_header"`
}

func (m *accessTokenModel) setToken(tok vipps.AccessToken) {
	m.AccessToken = types.StringValue(tok.Token)
	m.TokenType = types.StringValue("Bearer")
	m.ExpiresOn = rfc3339(tok.Expiry())
	m.AuthorizationHeader = types.StringValue(tok.AuthorizationHeader())
}

// accessTokenPrivate is what Renew needs to know about the token it can no longer see.
type accessTokenPrivate struct {
	ExpiresOn time.Time `json:"expires_on"`
}

const accessTokenPrivateKey = "token"

func (r *accessTokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_token"
}

func (r *accessTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Exchanges a key set for an access token (`POST /accesstoken/get`) that never touches " +
			"the plan or state (Terraform 1.10 and later). Use it to call Vipps MobilePay APIs from other providers, " +
			"for example with `authorization_header` in an HTTP call. A token lives 1 hour in test and 24 hours in " +
			"production; tokens are shared per credential within a run, so many references cost one exchange.",
		Attributes: map[string]schema.Attribute{
			"environment": schema.StringAttribute{
				MarkdownDescription: credentialEnvironmentDescription,
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(keys.Environments()...)},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: credentialClientIDDescription,
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrClientID)},
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: credentialClientSecretDescription,
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrClientSecret)},
			},
			"subscription_key": schema.StringAttribute{
				MarkdownDescription: credentialSubscriptionKeyDescription,
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrSubscriptionKey)},
			},
			"merchant_serial_number": schema.StringAttribute{
				MarkdownDescription: credentialMSNDescription,
				Optional:            true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrMerchantSerialNumber)},
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "The access token (a JWT).",
				Computed:            true,
				Sensitive:           true,
			},
			"token_type": schema.StringAttribute{
				MarkdownDescription: "Always `Bearer`.",
				Computed:            true,
			},
			"expires_on": schema.StringAttribute{
				MarkdownDescription: "When the token expires, in RFC 3339.",
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
			},
			"authorization_header": schema.StringAttribute{
				MarkdownDescription: authorizationHeaderDescription,
				Computed:            true,
				Sensitive:           true,
			},
		},
	}
}

// clock is the run's clock; Renew may come before the provider data, in tests at least.
func (r *accessTokenEphemeralResource) clock() clock.Clock {
	if r.cc == nil {
		return clock.Real{}
	}
	return clock.OrReal(r.cc.Clock)
}

func (r *accessTokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *accessTokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m accessTokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tok, diags := fetchAccessToken(ctx, r.cc, m.credentialInputs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.setToken(tok)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)

	private, _ := json.Marshal(accessTokenPrivate{ExpiresOn: tok.Expiry()})
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, accessTokenPrivateKey, private)...)
	// Terraform calls Renew at this time if the token is still in use, e.g. in a long apply.
	resp.RenewAt = tok.Expiry()
}

// Renew cannot hand out a new token (ephemeral results are fixed once opened), so it tells the
// user plainly when the token in use has expired.
func (r *accessTokenEphemeralResource) Renew(ctx context.Context, req ephemeral.RenewRequest, resp *ephemeral.RenewResponse) {
	raw, diags := req.Private.GetKey(ctx, accessTokenPrivateKey)
	resp.Diagnostics.Append(diags...)
	var p accessTokenPrivate
	if raw == nil || json.Unmarshal(raw, &p) != nil {
		return
	}
	if r.clock().Now().Before(p.ExpiresOn) {
		resp.RenewAt = p.ExpiresOn
		return
	}
	resp.Diagnostics.Append(accessTokenExpired(p.ExpiresOn))
}

// fetchAccessToken resolves the credentials and gets a token through the shared cache.
func fetchAccessToken(ctx context.Context, cc *ConfiguredClient, in credentialInputs) (vipps.AccessToken, diag.Diagnostics) {
	creds, diags := in.resolve(cc)
	if diags.HasError() {
		return vipps.AccessToken{}, diags
	}
	tok, err := cc.Client.AccessToken(maskSecrets(ctx, creds.ClientSecret, creds.SubscriptionKey), creds)
	if err != nil {
		diags.Append(accessTokenFailed(cc, creds.MerchantSerialNumber, creds.Environment, err))
	}
	return tok, diags
}
