// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

var (
	_ datasource.DataSource              = (*accessTokenDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*accessTokenDataSource)(nil)
)

// NewAccessTokenDataSource returns the vippsmobilepay_access_token data source.
func NewAccessTokenDataSource() datasource.DataSource { return &accessTokenDataSource{} }

type accessTokenDataSource struct {
	cc *ConfiguredClient
}

func (d *accessTokenDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_token"
}

func (d *accessTokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Exchanges a key set for an access token (`POST /accesstoken/get`), for a consumer " +
			"that cannot take an ephemeral value, such as another data source's arguments.\n\n" +
			"~> **This data source stores the access token in the Terraform state** (marked sensitive) and " +
			"every plan re-reads it. Wherever the consumer takes an ephemeral value (a provider block, a " +
			"write-only argument, another ephemeral resource) use the `vippsmobilepay_access_token` ephemeral " +
			"resource instead: same inputs and results, and the token never touches plan or state.",
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
				MarkdownDescription: "The access token (a JWT)." + storedNote,
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
				MarkdownDescription: authorizationHeaderDescription + storedNote,
				Computed:            true,
				Sensitive:           true,
			},
		},
	}
}

func (d *accessTokenDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *accessTokenDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m accessTokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tok, diags := fetchAccessToken(ctx, d.cc, m.credentialInputs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.setToken(tok)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
