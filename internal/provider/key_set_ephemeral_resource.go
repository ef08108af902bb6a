package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
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
	attrs := stringAttributes(keySetInputAttributes(true), ephemeralStringAttribute)
	for name, a := range map[string]schema.Attribute{
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
			MarkdownDescription: "The same non-secret digest of the key material as the `vippsmobilepay_key_set` resource's.",
			Computed:            true,
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
	} {
		attrs[name] = a
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Validates and verifies a sales unit's key set and hands it on, with a ready " +
			"`authorization_header` and `credentials_json`, without storing anything in plan or state " +
			"(Terraform 1.10 and later). Feed its results to other providers' write-only arguments, e.g. " +
			"`aws_secretsmanager_secret_version.secret_string_wo`, `vault_kv_secret_v2.data_json_wo` or " +
			"`azurerm_key_vault_secret.value_wo`, to move verified keys into a secret store with zero secrets in state.",
		Attributes: attrs,
	}
}

func (r *keySetEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *keySetEphemeralResource) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var active, secondary types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("active_subscription_key"), &active)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("subscription_key_secondary"), &secondary)...)
	if !resp.Diagnostics.HasError() && active.ValueString() == keys.SubscriptionKeySecondary && secondary.IsNull() {
		resp.Diagnostics.Append(secondaryKeyRequired())
	}
}

func (r *keySetEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m keySetEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.cc == nil {
		resp.Diagnostics.Append(providerNotConfigured())
		return
	}
	if len(r.cc.Unknown) > 0 {
		resp.Diagnostics.Append(unknownProviderArguments(r.cc.Unknown))
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
		v := r.cc.verifyKeySet(ctx, ks, vipps.VerifyOptions{Active: active, CheckSalesUnit: true})
		resp.Diagnostics.Append(v.diagnostics(r.cc, ks.MerchantSerialNumber, ks.Environment)...)
		if resp.Diagnostics.HasError() {
			return
		}
		m.VerifiedAt = v.verifiedAt()
		m.AuthorizationHeader = types.StringValue(v.Token.AuthorizationHeader())
		switch {
		case v.SalesUnit != nil:
			m.SalesUnitName = types.StringValue(v.SalesUnit.Name)
		case v.SalesUnitFinding == vipps.SalesUnitNotFound:
			resp.Diagnostics.Append(salesUnitNotActive(ks.MerchantSerialNumber, v.SalesUnitErr))
		}
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
