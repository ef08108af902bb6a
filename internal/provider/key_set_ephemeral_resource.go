// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keyset"
)

var (
	_ ephemeral.EphemeralResource                   = (*keySetEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure      = (*keySetEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig = (*keySetEphemeralResource)(nil)
)

// NewKeySetEphemeralResource returns the vippsmobilepay_key_set ephemeral resource.
func NewKeySetEphemeralResource() ephemeral.EphemeralResource { return &keySetEphemeralResource{} }

type keySetEphemeralResource struct {
	cc *ConfiguredClient
}

type keySetEphemeralModel struct {
	keySetInputs
	Verify types.Bool `tfsdk:"verify"`

	ID                  types.String      `tfsdk:"id"`
	SalesUnitName       types.String      `tfsdk:"sales_unit_name"`
	SubscriptionKey     types.String      `tfsdk:"subscription_key"`
	BaseURL             types.String      `tfsdk:"base_url"`
	VerifiedAt          timetypes.RFC3339 `tfsdk:"verified_at"`
	Fingerprint         types.String      `tfsdk:"fingerprint"`
	AuthorizationHeader types.String      `tfsdk:"authorization_header"`
	CredentialsJSON     types.String      `tfsdk:"credentials_json"`
}

func (r *keySetEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_key_set"
}

func (r *keySetEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Validates and verifies a sales unit's key set and hands it on, with a ready " +
			"`authorization_header` and `credentials_json`, without storing anything in plan or state " +
			"(Terraform 1.10 and later). Feed its results to other providers' write-only arguments, e.g. " +
			"`aws_secretsmanager_secret_version.secret_string_wo`, `vault_kv_secret_v2.data_json_wo` or " +
			"`azurerm_key_vault_secret.value_wo`, to move verified keys into a secret store with zero secrets in state.",
		Attributes: map[string]schema.Attribute{
			"merchant_serial_number": schema.StringAttribute{
				MarkdownDescription: keySetMSNDescription,
				Required:            true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrMerchantSerialNumber)},
			},
			"environment": schema.StringAttribute{
				MarkdownDescription: keySetEnvironmentDescription,
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(keys.Environments()...)},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: keySetClientIDDescription,
				Required:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrClientID)},
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: keySetClientSecretDescription,
				Required:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrClientSecret)},
			},
			"subscription_key_primary": schema.StringAttribute{
				MarkdownDescription: keySetPrimaryKeyDescription,
				Required:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrSubscriptionKeyPrimary)},
			},
			"subscription_key_secondary": schema.StringAttribute{
				MarkdownDescription: keySetSecondaryKeyDescription,
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrSubscriptionKeySecondary)},
			},
			"active_subscription_key": schema.StringAttribute{
				MarkdownDescription: keySetActiveKeyDescription,
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(keys.SubscriptionKeySlots()...)},
			},
			"verify": schema.BoolAttribute{
				MarkdownDescription: "Whether to prove the keys work with a token exchange per subscription key. Defaults " +
					"to `true`. With `false`, `verified_at` and `authorization_header` are null.",
				Optional: true,
				Computed: true,
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "`<environment>/<merchant_serial_number>`.",
				Computed:            true,
			},
			"sales_unit_name": schema.StringAttribute{
				MarkdownDescription: "The sales unit's name, read through the Management API with the key set's own " +
					"keys. Production only (the test environment has no Management API): null in test, or when the " +
					"keys do not reach the API.",
				Computed: true,
			},
			"subscription_key": schema.StringAttribute{
				MarkdownDescription: "The active subscription key.",
				Computed:            true,
				Sensitive:           true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: baseURLResultDescription,
				Computed:            true,
			},
			"verified_at": schema.StringAttribute{
				MarkdownDescription: "When the keys were proven to work, in RFC 3339.",
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
			},
			"fingerprint": schema.StringAttribute{
				MarkdownDescription: keySetFingerprintDescription + " The same as the `vippsmobilepay_key_set` " +
					"resource's for the same keys.",
				Computed: true,
			},
			"authorization_header": schema.StringAttribute{
				MarkdownDescription: "`Bearer <access token>` from the verifying token exchange, ready for API calls.",
				Computed:            true,
				Sensitive:           true,
			},
			"credentials_json": schema.StringAttribute{
				MarkdownDescription: credentialsJSONDescription,
				Computed:            true,
				Sensitive:           true,
			},
		},
	}
}

func (r *keySetEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *keySetEphemeralResource) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	resp.Diagnostics.Append(checkKeyPairs(ctx, req.Config, false)...)
}

func (r *keySetEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m keySetEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if resp.Diagnostics.Append(r.cc.ready(true)...); resp.Diagnostics.HasError() {
		return
	}
	m.keySetInputs = m.withDefaults(r.cc)
	if m.Verify.IsNull() {
		m.Verify = types.BoolValue(true)
	}
	ks, _ := m.keySet()
	active := ks.Slots(m.active())[0]
	m.ID = types.StringValue(keySetID(ks.Environment, ks.MerchantSerialNumber))
	m.Fingerprint = types.StringValue(ks.Fingerprint())
	m.SubscriptionKey = types.StringValue(ks.SubscriptionKey(active))
	m.CredentialsJSON = types.StringValue(ks.CredentialsJSON(active))
	m.BaseURL = types.StringNull()
	if baseURL, err := keys.BaseURL(ks.Environment); err == nil {
		m.BaseURL = types.StringValue(baseURL)
	}
	m.VerifiedAt = timetypes.NewRFC3339Null()
	m.AuthorizationHeader = types.StringNull()
	m.SalesUnitName = types.StringNull()

	if m.Verify.ValueBool() {
		out := r.cc.KeySets.Check(maskKeySet(ctx, ks), ks, active, keyset.Open)
		if out.Status != keyset.Verified {
			resp.Diagnostics.Append(keySetCheckFailed(r.cc, out, "If the key set must open before the API can check it, verify = false skips the check."))
			return
		}
		m.VerifiedAt = rfc3339(out.At)
		m.AuthorizationHeader = types.StringValue(out.Proof.Token.AuthorizationHeader())
		switch {
		case out.Proof.SalesUnit != nil:
			m.SalesUnitName = types.StringValue(out.Proof.SalesUnit.Name)
		case out.UnitInactive():
			resp.Diagnostics.Append(salesUnitNotActive(ks.MerchantSerialNumber, out.Proof.SalesUnitErr))
		}
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
