package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
	MerchantSerialNumber     types.String `tfsdk:"merchant_serial_number"`
	Environment              types.String `tfsdk:"environment"`
	ClientID                 types.String `tfsdk:"client_id"`
	ClientSecret             types.String `tfsdk:"client_secret"`
	SubscriptionKeyPrimary   types.String `tfsdk:"subscription_key_primary"`
	SubscriptionKeySecondary types.String `tfsdk:"subscription_key_secondary"`
	ActiveSubscriptionKey    types.String `tfsdk:"active_subscription_key"`
	Verify                   types.Bool   `tfsdk:"verify"`

	ID                  types.String `tfsdk:"id"`
	SalesUnitName       types.String `tfsdk:"sales_unit_name"`
	SubscriptionKey     types.String `tfsdk:"subscription_key"`
	BaseURL             types.String `tfsdk:"base_url"`
	VerifiedAt          types.String `tfsdk:"verified_at"`
	Fingerprint         types.String `tfsdk:"fingerprint"`
	AuthorizationHeader types.String `tfsdk:"authorization_header"`
	CredentialsJSON     types.String `tfsdk:"credentials_json"`
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
				MarkdownDescription: fmt.Sprintf("The Merchant Serial Number of the sales unit: %d to %d digits.",
					keys.MerchantSerialNumberMinDigits, keys.MerchantSerialNumberMaxDigits),
				Required:   true,
				Validators: []validator.String{keyFormatValidator(keys.AttrMerchantSerialNumber)},
			},
			"environment": schema.StringAttribute{
				MarkdownDescription: credentialDescriptions["environment"],
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(keys.Environments()...)},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "The `client_id`: a GUID.",
				Required:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrClientID)},
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "The `client_secret`: canonical, padded standard Base64.",
				Required:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrClientSecret)},
			},
			"subscription_key_primary": schema.StringAttribute{
				MarkdownDescription: "The primary `Ocp-Apim-Subscription-Key`.",
				Required:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrSubscriptionKeyPrimary)},
			},
			"subscription_key_secondary": schema.StringAttribute{
				MarkdownDescription: "The secondary `Ocp-Apim-Subscription-Key`; verified too when set.",
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrSubscriptionKeySecondary)},
			},
			"active_subscription_key": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Which subscription key `subscription_key`, `authorization_header` and "+
					"`credentials_json` use: one of %s. Defaults to `%s`.", quotedList(keys.SubscriptionKeySlots()),
					keys.SubscriptionKeyPrimary),
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.OneOf(keys.SubscriptionKeySlots()...)},
			},
			"verify": schema.BoolAttribute{
				MarkdownDescription: "Whether to prove the keys work with a token exchange. Defaults to `true`. With " +
					"`false`, `verified_at` and `authorization_header` are null.",
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
				MarkdownDescription: "The API base URL requests for this key set go to.",
				Computed:            true,
			},
			"verified_at": schema.StringAttribute{
				MarkdownDescription: "When the keys were proven to work, in RFC 3339.",
				Computed:            true,
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
				MarkdownDescription: "The key set as one JSON object: `client_id`, `client_secret`, `subscription_key` " +
					"(the active one), `merchant_serial_number` and `base_url`.",
				Computed:  true,
				Sensitive: true,
			},
		},
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
	var diags diag.Diagnostics
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
	if m.Environment.IsNull() {
		m.Environment = types.StringValue(r.cc.Environment)
	}
	if m.ActiveSubscriptionKey.IsNull() {
		m.ActiveSubscriptionKey = types.StringValue(keys.SubscriptionKeyPrimary)
	}
	if m.Verify.IsNull() {
		m.Verify = types.BoolValue(true)
	}

	// The resource's model carries the shared logic: slots to verify, credentials_json.
	shared := keySetModel{
		MerchantSerialNumber: m.MerchantSerialNumber, Environment: m.Environment, ClientID: m.ClientID,
		ClientSecret: m.ClientSecret, SubscriptionKeyPrimary: m.SubscriptionKeyPrimary,
		SubscriptionKeySecondary: m.SubscriptionKeySecondary, ActiveSubscriptionKey: m.ActiveSubscriptionKey,
		Verify: m.Verify,
	}
	ks, _ := shared.keySet()
	keySetRes := &keySetResource{cc: r.cc}
	slots := shared.slotsToVerify()

	m.ID = types.StringValue(keySetID(ks.Environment, ks.MerchantSerialNumber))
	m.Fingerprint = types.StringValue(ks.Fingerprint())
	m.SubscriptionKey = types.StringValue(slots[0].key)
	m.CredentialsJSON = keySetRes.credentialsJSON(shared, ks)
	m.BaseURL = types.StringNull()
	if baseURL, err := r.cc.Client.BaseURL(ks.Environment); err == nil {
		m.BaseURL = types.StringValue(baseURL)
	}
	m.VerifiedAt = types.StringNull()
	m.AuthorizationHeader = types.StringNull()
	m.SalesUnitName = types.StringNull()

	if m.Verify.ValueBool() {
		if slot, err := keySetRes.verify(ctx, shared); err != nil {
			resp.Diagnostics.Append(keySetNotVerified(ks.MerchantSerialNumber, ks.Environment, slot, err))
			return
		}
		// verify left the active key's token in the shared cache: this costs no request.
		tok, err := r.cc.Client.AccessToken(ctx, vipps.Credentials{
			Environment: ks.Environment, ClientID: ks.ClientID, ClientSecret: ks.ClientSecret,
			SubscriptionKey: slots[0].key, MerchantSerialNumber: ks.MerchantSerialNumber,
		})
		if err != nil {
			resp.Diagnostics.Append(keySetNotVerified(ks.MerchantSerialNumber, ks.Environment, slots[0].attribute, err))
			return
		}
		m.VerifiedAt = types.StringValue(r.cc.Clock.Now().UTC().Format(time.RFC3339))
		m.AuthorizationHeader = types.StringValue(tok.AuthorizationHeader())
		if ks.Environment == keys.EnvironmentProduction {
			m.SalesUnitName, diags = r.salesUnitName(ctx, ks, slots[0].key)
			resp.Diagnostics.Append(diags...)
		}
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

// salesUnitName reads the unit's name with its own keys; a unit the API does not list as
// active is worth a warning, any other failure only leaves the name null.
func (r *keySetEphemeralResource) salesUnitName(ctx context.Context, ks keys.KeySet, subscriptionKey string) (types.String, diag.Diagnostics) {
	var diags diag.Diagnostics
	su, err := r.cc.Client.SalesUnit(ctx, vipps.Credentials{
		Environment: ks.Environment, ClientID: ks.ClientID, ClientSecret: ks.ClientSecret,
		SubscriptionKey: subscriptionKey, MerchantSerialNumber: ks.MerchantSerialNumber,
	}, ks.MerchantSerialNumber)
	switch {
	case err == nil:
		return types.StringValue(su.Name), diags
	case errors.Is(err, vipps.ErrNotFound):
		diags.Append(salesUnitNotActive(ks.MerchantSerialNumber, err))
	}
	return types.StringNull(), diags
}
