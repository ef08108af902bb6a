package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

var (
	_ resource.Resource                   = (*keySetResource)(nil)
	_ resource.ResourceWithConfigure      = (*keySetResource)(nil)
	_ resource.ResourceWithImportState    = (*keySetResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*keySetResource)(nil)
	_ resource.ResourceWithValidateConfig = (*keySetResource)(nil)

	_ resource.ResourceWithConfigValidators = (*keySetResource)(nil)
)

// NewKeySetResource returns the vippsmobilepay_key_set resource.
func NewKeySetResource() resource.Resource { return &keySetResource{} }

type keySetResource struct {
	cc *ConfiguredClient
}

type keySetModel struct {
	ID                       types.String `tfsdk:"id"`
	MerchantSerialNumber     types.String `tfsdk:"merchant_serial_number"`
	Environment              types.String `tfsdk:"environment"`
	ClientID                 types.String `tfsdk:"client_id"`
	ClientSecret             types.String `tfsdk:"client_secret"`
	SubscriptionKeyPrimary   types.String `tfsdk:"subscription_key_primary"`
	SubscriptionKeySecondary types.String `tfsdk:"subscription_key_secondary"`
	ActiveSubscriptionKey    types.String `tfsdk:"active_subscription_key"`
	Verify                   types.Bool   `tfsdk:"verify"`
	VerifiedAt               types.String `tfsdk:"verified_at"`
	Fingerprint              types.String `tfsdk:"fingerprint"`

	ClientSecretWO             types.String `tfsdk:"client_secret_wo"`
	SubscriptionKeyPrimaryWO   types.String `tfsdk:"subscription_key_primary_wo"`
	SubscriptionKeySecondaryWO types.String `tfsdk:"subscription_key_secondary_wo"`
	SecretsWOVersion           types.Int64  `tfsdk:"secrets_wo_version"`
	RotationTriggers           types.Map    `tfsdk:"rotation_triggers"`
	CredentialsJSON            types.String `tfsdk:"credentials_json"`
}

func (r *keySetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_key_set"
}

func (r *keySetResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One sales unit's API keys in one environment, verified with a real token exchange " +
			"(`POST /accesstoken/get`) whenever they are created or changed.\n\n" +
			"Keys are inputs: Vipps MobilePay creates and regenerates them only in the business portal, so this " +
			"resource never creates, rotates or deletes keys at Vipps. It proves they work, records when " +
			"(`verified_at`) and exposes a `fingerprint` that changes whenever the key material does, so " +
			"downstream resources can react to rotation. Destroying it only removes it from Terraform state.\n\n" +
			"-> **Keep secrets out of state:** on Terraform 1.11 and later pass the secrets through the write-only " +
			"arguments `client_secret_wo`, `subscription_key_primary_wo` and `subscription_key_secondary_wo` (bump " +
			"`secrets_wo_version` to send new values), or use the `vippsmobilepay_key_set` ephemeral resource, which " +
			"feeds other providers' write-only arguments without storing anything.\n\n" +
			"~> With the plain arguments the secrets are stored in the Terraform state, marked sensitive. Protect the " +
			"state like the keys themselves (an encrypted remote backend with access control).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<environment>/<merchant_serial_number>`, e.g. `test/123456`. Also the import ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"merchant_serial_number": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The Merchant Serial Number (MSN) of the sales unit the keys belong to: "+
					"%d to %d digits, e.g. `%s`. Changing it replaces the resource.",
					keys.MerchantSerialNumberMinDigits, keys.MerchantSerialNumberMaxDigits, keys.ExampleMerchantSerialNumber),
				Required:      true,
				Validators:    []validator.String{keyFormatValidator(keys.AttrMerchantSerialNumber)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"environment": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The environment the keys belong to: one of %s. Defaults to the "+
					"provider's `environment`. Test and production keys never cross. Changing it replaces the resource.",
					quotedList(keys.Environments())),
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.OneOf(keys.Environments()...)},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "The key set's `client_id`: a GUID, 8-4-4-4-12 hexadecimal digits in either case, " +
					"e.g. `" + keys.ExampleClientID + "`. Changing it updates in place and verifies again.",
				Required:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrClientID)},
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The key set's `client_secret`: canonical, padded standard Base64 "+
					"that decodes to at least %d bytes (the portal shows 24 or more characters ending in `=`). "+
					"Changing it updates in place and verifies again. Exactly one of `client_secret` and "+
					"`client_secret_wo` must be set.", keys.ClientSecretMinBytes),
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrClientSecret)},
			},
			"subscription_key_primary": schema.StringAttribute{
				MarkdownDescription: "The primary `Ocp-Apim-Subscription-Key`: 32 hexadecimal characters as the portal " +
					"shows them, or canonical Base64. Changing it updates in place and verifies again. Exactly one of " +
					"`subscription_key_primary` and `subscription_key_primary_wo` must be set.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrSubscriptionKeyPrimary)},
			},
			"subscription_key_secondary": schema.StringAttribute{
				MarkdownDescription: "The secondary `Ocp-Apim-Subscription-Key`, same format as the primary. The two " +
					"are interchangeable; keeping both lets you regenerate one in the portal while the other serves. " +
					"When set, it is verified too. At most one of `subscription_key_secondary` and " +
					"`subscription_key_secondary_wo` may be set.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrSubscriptionKeySecondary)},
			},
			"active_subscription_key": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Which subscription key requests use: one of %s. Defaults to `%s`. "+
					"`%s` needs `subscription_key_secondary`. Switching updates in place, without replacing anything.",
					quotedList(keys.SubscriptionKeySlots()), keys.SubscriptionKeyPrimary, keys.SubscriptionKeySecondary),
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(keys.SubscriptionKeyPrimary),
				Validators: []validator.String{stringvalidator.OneOf(keys.SubscriptionKeySlots()...)},
			},
			"verify": schema.BoolAttribute{
				MarkdownDescription: "Whether to prove the keys work with a token exchange on create, update and " +
					"refresh. Defaults to `true`. Set `false` to plan and apply with keys that are not live yet; " +
					"`verified_at` is then null.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"client_secret_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only form of `client_secret` (Terraform 1.11+): sent to the provider, never " +
					"stored in plan or state. Same format. Bump `secrets_wo_version` when it changes.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrClientSecret)},
			},
			"subscription_key_primary_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only form of `subscription_key_primary` (Terraform 1.11+). Same format.",
				Optional:            true,
				Sensitive:           true,
				WriteOnly:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrSubscriptionKeyPrimary)},
			},
			"subscription_key_secondary_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only form of `subscription_key_secondary` (Terraform 1.11+). Same format.",
				Optional:            true,
				Sensitive:           true,
				WriteOnly:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrSubscriptionKeySecondary)},
			},
			"secrets_wo_version": schema.Int64Attribute{
				MarkdownDescription: "A number to bump whenever a write-only secret changes. Terraform never shows " +
					"write-only values, so the version is the change a reviewer sees; bumping it sends the current " +
					"write-only values and verifies them again, even unchanged. (A changed write-only value also " +
					"changes the planned `fingerprint`, so it is never missed.)",
				Optional: true,
			},
			"rotation_triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values that re-verify the keys when any of them changes, e.g. " +
					"`{ rotated = time_rotating.keys.id }`, so a scheduled rotation reminder or another resource can " +
					"force a fresh check. Changes update in place.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"credentials_json": schema.StringAttribute{
				MarkdownDescription: "The key set as one JSON object in the shape applications usually read: " +
					"`client_id`, `client_secret`, `subscription_key` (the active one), `merchant_serial_number` and " +
					"`base_url`. One reference wires a secret store. Sensitive. Null when the secrets are write-only.",
				Computed:  true,
				Sensitive: true,
			},
			"verified_at": schema.StringAttribute{
				MarkdownDescription: "When the keys were last proven to work, in RFC 3339. Null while `verify` is `false`.",
				Computed:            true,
			},
			"fingerprint": schema.StringAttribute{
				MarkdownDescription: "A stable, non-secret SHA-256 digest of the key material (`sha256:<hex>`). It " +
					"changes whenever any key changes, so other resources can react to rotation without seeing " +
					"the secrets. Known at plan time when the keys are.",
				Computed: true,
			},
		},
	}
}

func (r *keySetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *keySetResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("client_secret"), path.MatchRoot("client_secret_wo")),
		resourcevalidator.ExactlyOneOf(path.MatchRoot("subscription_key_primary"), path.MatchRoot("subscription_key_primary_wo")),
		resourcevalidator.Conflicting(path.MatchRoot("subscription_key_secondary"), path.MatchRoot("subscription_key_secondary_wo")),
	}
}

func (r *keySetResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var active, secondary, secondaryWO types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("active_subscription_key"), &active)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("subscription_key_secondary"), &secondary)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("subscription_key_secondary_wo"), &secondaryWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if active.ValueString() == keys.SubscriptionKeySecondary && secondary.IsNull() && secondaryWO.IsNull() {
		resp.Diagnostics.Append(secondaryKeyRequired())
	}
}

// ModifyPlan fills what the plan can know before apply: the default environment, the ID, the
// fingerprint of known keys, and whether verified_at will change.
func (r *keySetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan, config keySetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *keySetModel
	if !req.State.Raw.IsNull() {
		state = &keySetModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	if config.Environment.IsNull() {
		plan.Environment = r.defaultEnvironment()
	}
	// Replacement is decided here rather than by a plan modifier, because the default comes
	// from the provider and a modifier would only see the configuration.
	if state != nil && !plan.Environment.IsUnknown() && !state.Environment.Equal(plan.Environment) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("environment"))
	}
	if plan.Environment.IsUnknown() || plan.MerchantSerialNumber.IsUnknown() {
		plan.ID = types.StringUnknown()
	} else {
		plan.ID = types.StringValue(keySetID(plan.Environment.ValueString(), plan.MerchantSerialNumber.ValueString()))
	}
	effective := plan.withWriteOnly(config)
	plan.Fingerprint = plannedFingerprint(effective)
	plan.CredentialsJSON = r.plannedCredentialsJSON(plan, config)
	plan.VerifiedAt = plannedVerifiedAt(plan, state)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// withWriteOnly returns the model with each secret taken from its write-only form in config
// where the plain form is not set. Write-only values are only ever in the configuration.
func (m keySetModel) withWriteOnly(config keySetModel) keySetModel {
	if m.ClientSecret.IsNull() {
		m.ClientSecret = config.ClientSecretWO
	}
	if m.SubscriptionKeyPrimary.IsNull() {
		m.SubscriptionKeyPrimary = config.SubscriptionKeyPrimaryWO
	}
	if m.SubscriptionKeySecondary.IsNull() {
		m.SubscriptionKeySecondary = config.SubscriptionKeySecondaryWO
	}
	return m
}

// usesWriteOnly reports whether a configuration passes any secret through a write-only
// argument; then nothing secret may be derived into state.
func (m keySetModel) usesWriteOnly() bool {
	return !m.ClientSecretWO.IsNull() || !m.SubscriptionKeyPrimaryWO.IsNull() || !m.SubscriptionKeySecondaryWO.IsNull()
}

func (r *keySetResource) plannedCredentialsJSON(plan, config keySetModel) types.String {
	if config.usesWriteOnly() {
		return types.StringNull() // write-only secrets stay out of state
	}
	ks, known := plan.keySet()
	if !known || plan.ActiveSubscriptionKey.IsUnknown() || r.cc == nil || len(r.cc.Unknown) > 0 {
		return types.StringUnknown() // an unknown base_url would change it at apply
	}
	return r.credentialsJSON(plan, ks)
}

// credentialsJSON is the key set in the shape applications read.
func (r *keySetResource) credentialsJSON(m keySetModel, ks keys.KeySet) types.String {
	baseURL, err := r.cc.Client.BaseURL(ks.Environment)
	if err != nil {
		return types.StringNull()
	}
	subscriptionKey := ks.SubscriptionKeyPrimary
	if m.ActiveSubscriptionKey.ValueString() == keys.SubscriptionKeySecondary {
		subscriptionKey = ks.SubscriptionKeySecondary
	}
	b, _ := json.Marshal(map[string]string{
		"client_id":              ks.ClientID,
		"client_secret":          ks.ClientSecret,
		"subscription_key":       subscriptionKey,
		"merchant_serial_number": ks.MerchantSerialNumber,
		"base_url":               baseURL,
	})
	return types.StringValue(string(b))
}

func (r *keySetResource) defaultEnvironment() types.String {
	if r.cc == nil {
		// Only while validating, before the provider is configured.
		return types.StringUnknown()
	}
	for _, name := range r.cc.Unknown {
		if name == "environment" {
			return types.StringUnknown()
		}
	}
	return types.StringValue(r.cc.Environment)
}

func plannedFingerprint(plan keySetModel) types.String {
	ks, known := plan.keySet()
	if !known {
		return types.StringUnknown()
	}
	return types.StringValue(ks.Fingerprint())
}

// plannedVerifiedAt keeps the last verification while nothing it covered changes.
func plannedVerifiedAt(plan keySetModel, state *keySetModel) types.String {
	if !plan.Verify.IsUnknown() && !plan.Verify.ValueBool() {
		return types.StringNull()
	}
	if state == nil || state.VerifiedAt.IsNull() || !state.Verify.ValueBool() ||
		!state.Fingerprint.Equal(plan.Fingerprint) || !state.ActiveSubscriptionKey.Equal(plan.ActiveSubscriptionKey) ||
		!state.SecretsWOVersion.Equal(plan.SecretsWOVersion) || !state.RotationTriggers.Equal(plan.RotationTriggers) {
		return types.StringUnknown()
	}
	return state.VerifiedAt
}

func (r *keySetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config keySetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.apply(ctx, &plan, config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *keySetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, config keySetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.apply(ctx, &plan, config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// apply verifies the planned keys (unless verify is false) and fills the computed attributes.
// Write-only secrets are read from config, used, and never written back.
func (r *keySetResource) apply(ctx context.Context, m *keySetModel, config keySetModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.cc == nil {
		diags.Append(providerNotConfigured())
		return diags
	}
	effective := m.withWriteOnly(config)
	ks, _ := effective.keySet()
	m.ID = types.StringValue(keySetID(ks.Environment, ks.MerchantSerialNumber))
	m.Fingerprint = types.StringValue(ks.Fingerprint())
	m.CredentialsJSON = types.StringNull()
	if !config.usesWriteOnly() {
		m.CredentialsJSON = r.credentialsJSON(*m, ks)
	}
	planned := m.VerifiedAt
	m.VerifiedAt = types.StringNull()
	if !m.Verify.ValueBool() {
		return diags
	}
	if !planned.IsUnknown() && !planned.IsNull() {
		// Nothing verification covers changed (the plan kept the last verification), e.g.
		// only the base URL in credentials_json did: the promise in the plan stands.
		m.VerifiedAt = planned
		return diags
	}
	if len(r.cc.Unknown) > 0 {
		diags.Append(unknownProviderArguments(r.cc.Unknown))
		return diags
	}
	if slot, err := r.verify(ctx, effective); err != nil {
		finding := salesUnitUnchecked
		if errors.Is(err, vipps.ErrKeysRejected) {
			finding = r.lookUpRefusedUnit(ctx, ks.MerchantSerialNumber)
		}
		diags.Append(keySetNotVerifiedWithFinding(ks.MerchantSerialNumber, ks.Environment, slot, err, finding))
		return diags
	}
	diags.Append(r.checkSalesUnitActive(ctx, effective)...)
	m.VerifiedAt = types.StringValue(r.cc.Clock.Now().UTC().Format(time.RFC3339))
	return diags
}

// verify exchanges the key set for a token with each subscription key it holds, the active
// one first, so a stale inactive key is found before it is needed. It returns the attribute
// of the subscription key that failed, with the error.
func (r *keySetResource) verify(ctx context.Context, m keySetModel) (string, error) {
	client := r.cc.Client
	ks, _ := m.keySet()
	client.Redactor().Add(ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary)
	ctx = maskSecrets(ctx, ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary)
	for _, slot := range m.slotsToVerify() {
		creds := vipps.Credentials{
			Environment:          ks.Environment,
			ClientID:             ks.ClientID,
			ClientSecret:         ks.ClientSecret,
			SubscriptionKey:      slot.key,
			MerchantSerialNumber: ks.MerchantSerialNumber,
		}
		if _, err := client.AccessToken(ctx, creds); err != nil {
			return slot.attribute, err
		}
		tflog.Debug(ctx, "verified key set", map[string]any{
			"merchant_serial_number": ks.MerchantSerialNumber, "environment": ks.Environment, "subscription_key": slot.attribute,
		})
	}
	return "", nil
}

// lookUpRefusedUnit asks the Management API, with the provider's own production keys, whether
// a refused key set's MSN is an active sales unit with API keys, so the diagnostic can say
// whether the keys or the MSN are wrong.
func (r *keySetResource) lookUpRefusedUnit(ctx context.Context, msn string) salesUnitFinding {
	creds := r.cc.Credentials
	if creds.ClientID == "" || creds.ClientSecret == "" || creds.SubscriptionKey == "" {
		return salesUnitUnchecked
	}
	creds.Environment = keys.EnvironmentProduction
	_, err := r.cc.Client.SalesUnit(ctx, creds, msn)
	switch {
	case err == nil:
		return salesUnitActive
	case errors.Is(err, vipps.ErrNotFound):
		return salesUnitUnknown
	}
	tflog.Debug(ctx, "could not look up the refused key set's sales unit", map[string]any{"error": err.Error()})
	return salesUnitUnchecked
}

// checkSalesUnitActive asks the Management API, with the key set's own keys, whether its MSN is
// an active sales unit. Only production has the Management API; elsewhere nothing is asked.
func (r *keySetResource) checkSalesUnitActive(ctx context.Context, m keySetModel) diag.Diagnostics {
	var diags diag.Diagnostics
	ks, _ := m.keySet()
	if ks.Environment != keys.EnvironmentProduction {
		return diags
	}
	active := m.slotsToVerify()[0]
	_, err := r.cc.Client.SalesUnit(ctx, vipps.Credentials{
		Environment: ks.Environment, ClientID: ks.ClientID, ClientSecret: ks.ClientSecret,
		SubscriptionKey: active.key, MerchantSerialNumber: ks.MerchantSerialNumber,
	}, ks.MerchantSerialNumber)
	switch {
	case errors.Is(err, vipps.ErrNotFound):
		diags.Append(salesUnitNotActive(ks.MerchantSerialNumber, err))
	case err != nil:
		tflog.Debug(ctx, "could not check the sales unit with the Management API", map[string]any{"error": err.Error()})
	}
	return diags
}

type subscriptionKeySlot struct {
	attribute string
	key       string
}

func (m keySetModel) slotsToVerify() []subscriptionKeySlot {
	primary := subscriptionKeySlot{keys.AttrSubscriptionKeyPrimary, m.SubscriptionKeyPrimary.ValueString()}
	secondary := subscriptionKeySlot{keys.AttrSubscriptionKeySecondary, m.SubscriptionKeySecondary.ValueString()}
	switch {
	case secondary.key == "":
		return []subscriptionKeySlot{primary}
	case m.ActiveSubscriptionKey.ValueString() == keys.SubscriptionKeySecondary:
		return []subscriptionKeySlot{secondary, primary}
	default:
		return []subscriptionKeySlot{primary, secondary}
	}
}

// Read re-checks stored keys during refresh. Keys the API now refuses (regenerated in the
// portal) are drift: the fingerprint is cleared so the plan shows the key set must be updated.
func (r *keySetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state keySetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.cc == nil || len(r.cc.Unknown) > 0 || !state.Verify.ValueBool() || state.VerifiedAt.IsNull() {
		return
	}
	ks, known := state.keySet()
	if !known || ks.ClientSecret == "" {
		return // imported: the secrets arrive with the next apply
	}
	// Both subscription keys are re-checked: the idle one is the one usually regenerated in the
	// portal, and finding it stale before it is switched to is the point.
	_, err := r.verify(ctx, state)
	switch {
	case err == nil:
		return
	case !errors.Is(err, vipps.ErrKeysRejected):
		resp.Diagnostics.Append(keySetNotRechecked(ks.MerchantSerialNumber, ks.Environment, err))
		return
	}
	resp.Diagnostics.Append(keySetDrifted(ks.MerchantSerialNumber, ks.Environment, err))
	state.Fingerprint = types.StringValue(fingerprintRejected)
	state.VerifiedAt = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// fingerprintRejected marks stored keys the API refused at the last refresh; no real
// fingerprint has this shape, so the next plan always differs.
const fingerprintRejected = "rejected"

func (r *keySetResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
	// Keys live on at Vipps MobilePay; only the business portal can revoke them.
}

func (r *keySetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	environment, msn, ok := strings.Cut(req.ID, "/")
	if !ok || keys.CheckEnvironment(environment) != "" || keys.CheckMerchantSerialNumber(msn) != "" {
		resp.Diagnostics.Append(invalidImportID(req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &keySetModel{
		ID:                       types.StringValue(keySetID(environment, msn)),
		MerchantSerialNumber:     types.StringValue(msn),
		Environment:              types.StringValue(environment),
		ClientID:                 types.StringNull(),
		ClientSecret:             types.StringNull(),
		SubscriptionKeyPrimary:   types.StringNull(),
		SubscriptionKeySecondary: types.StringNull(),
		ActiveSubscriptionKey:    types.StringValue(keys.SubscriptionKeyPrimary),
		Verify:                   types.BoolValue(true),
		VerifiedAt:               types.StringNull(),
		Fingerprint:              types.StringNull(),

		ClientSecretWO:             types.StringNull(),
		SubscriptionKeyPrimaryWO:   types.StringNull(),
		SubscriptionKeySecondaryWO: types.StringNull(),
		SecretsWOVersion:           types.Int64Null(),
		RotationTriggers:           types.MapNull(types.StringType),
		CredentialsJSON:            types.StringNull(),
	})...)
}

func keySetID(environment, msn string) string { return environment + "/" + msn }

// keySet returns the model's key material, and whether all of it is known.
func (m keySetModel) keySet() (keys.KeySet, bool) {
	known := true
	for _, v := range []types.String{m.Environment, m.MerchantSerialNumber, m.ClientID, m.ClientSecret,
		m.SubscriptionKeyPrimary, m.SubscriptionKeySecondary} {
		if v.IsUnknown() {
			known = false
		}
	}
	return keys.KeySet{
		MerchantSerialNumber:     m.MerchantSerialNumber.ValueString(),
		Environment:              m.Environment.ValueString(),
		ClientID:                 m.ClientID.ValueString(),
		ClientSecret:             m.ClientSecret.ValueString(),
		SubscriptionKeyPrimary:   m.SubscriptionKeyPrimary.ValueString(),
		SubscriptionKeySecondary: m.SubscriptionKeySecondary.ValueString(),
	}, known
}

func quotedList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return strings.Join(quoted, ", ")
}
