package provider

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
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
	keySetInputs
	ID          types.String      `tfsdk:"id"`
	Verify      types.Bool        `tfsdk:"verify"`
	VerifiedAt  timetypes.RFC3339 `tfsdk:"verified_at"`
	Fingerprint types.String      `tfsdk:"fingerprint"`

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
		Attributes: keySetResourceAttributes(),
	}
}

// keySetResourceAttributes are the shared key set arguments, with what only the resource has:
// replacement, defaults, write-only forms, computed results.
func keySetResourceAttributes() map[string]schema.Attribute {
	inputs := stringAttributes(keySetInputAttributes(false), resourceStringAttribute)
	edit := func(name, addDescription string, change func(*schema.StringAttribute)) {
		a := inputs[name]
		a.MarkdownDescription += addDescription
		if change != nil {
			change(&a)
		}
		inputs[name] = a
	}
	edit("merchant_serial_number", " Changing it replaces the resource.", func(a *schema.StringAttribute) {
		a.PlanModifiers = []planmodifier.String{stringplanmodifier.RequiresReplace()}
	})
	// Replacement on an environment change is decided in ModifyPlan: the default comes from
	// the provider, which a plan modifier cannot see.
	edit("environment", " Changing it replaces the resource.", nil)
	edit("client_id", " Changing it updates in place and verifies again.", nil)
	edit("subscription_key_secondary", " At most one of `subscription_key_secondary` and "+
		"`subscription_key_secondary_wo` may be set.", nil)
	edit("active_subscription_key", " Switching updates in place, without replacing anything.", func(a *schema.StringAttribute) {
		a.Default = stringdefault.StaticString(keys.SubscriptionKeyPrimary)
	})
	attrs := make(map[string]schema.Attribute, len(inputs))
	for name, a := range inputs {
		attrs[name] = a
	}
	for name, a := range map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "`<environment>/<merchant_serial_number>`, e.g. `test/123456`. Also the import ID.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
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
			MarkdownDescription: credentialsJSONDescription + " One reference wires a secret store. Null when the " +
				"secrets are write-only.",
			Computed:  true,
			Sensitive: true,
		},
		"verified_at": schema.StringAttribute{
			MarkdownDescription: "When the keys were last proven to work, in RFC 3339. Null while `verify` is `false`.",
			Computed:            true,
			CustomType:          timetypes.RFC3339Type{},
		},
		"fingerprint": schema.StringAttribute{
			MarkdownDescription: "A stable, non-secret SHA-256 digest of the key material (`sha256:<hex>`). It " +
				"changes whenever any key changes, so other resources can react to rotation without seeing " +
				"the secrets. Known at plan time when the keys are. It reads `rejected` after a refresh found the " +
				"stored keys refused by Vipps MobilePay (regenerated in the portal), so the next plan shows the key " +
				"set as changed until the new keys are applied.",
			Computed: true,
		},
	} {
		attrs[name] = a
	}
	return attrs
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
	if state != nil && !plan.Environment.IsUnknown() && !state.Environment.Equal(plan.Environment) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("environment"))
	}
	if plan.Environment.IsUnknown() || plan.MerchantSerialNumber.IsUnknown() {
		plan.ID = types.StringUnknown()
	} else {
		plan.ID = types.StringValue(keySetID(plan.Environment.ValueString(), plan.MerchantSerialNumber.ValueString()))
	}
	ks, known := plan.withWriteOnly(config).keySet()
	switch {
	case !known:
		plan.Fingerprint = types.StringUnknown()
	default:
		plan.Fingerprint = types.StringValue(ks.Fingerprint())
	}
	switch {
	case config.usesWriteOnly():
		plan.CredentialsJSON = types.StringNull() // write-only secrets stay out of state
	case !known || plan.ActiveSubscriptionKey.IsUnknown():
		plan.CredentialsJSON = types.StringUnknown()
	default:
		plan.CredentialsJSON = types.StringValue(ks.CredentialsJSON(plan.active()))
	}
	plan.VerifiedAt = plannedVerifiedAt(plan, state)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// withWriteOnly returns the inputs with each secret taken from its write-only form in config
// where the plain form is not set. Write-only values are only ever in the configuration.
func (m keySetModel) withWriteOnly(config keySetModel) keySetInputs {
	in := m.keySetInputs
	if in.ClientSecret.IsNull() {
		in.ClientSecret = config.ClientSecretWO
	}
	if in.SubscriptionKeyPrimary.IsNull() {
		in.SubscriptionKeyPrimary = config.SubscriptionKeyPrimaryWO
	}
	if in.SubscriptionKeySecondary.IsNull() {
		in.SubscriptionKeySecondary = config.SubscriptionKeySecondaryWO
	}
	return in
}

// usesWriteOnly reports whether a configuration passes any secret through a write-only
// argument; then nothing secret may be derived into state.
func (m keySetModel) usesWriteOnly() bool {
	return !m.ClientSecretWO.IsNull() || !m.SubscriptionKeyPrimaryWO.IsNull() || !m.SubscriptionKeySecondaryWO.IsNull()
}

func (r *keySetResource) defaultEnvironment() types.String {
	if r.cc == nil {
		// Only while validating, before the provider is configured.
		return types.StringUnknown()
	}
	if slices.Contains(r.cc.Unknown, "environment") {
		return types.StringUnknown()
	}
	return types.StringValue(r.cc.Environment)
}

// plannedVerifiedAt keeps the last verification while nothing it covered changes.
func plannedVerifiedAt(plan keySetModel, state *keySetModel) timetypes.RFC3339 {
	if !plan.Verify.IsUnknown() && !plan.Verify.ValueBool() {
		return timetypes.NewRFC3339Null()
	}
	if state == nil || state.VerifiedAt.IsNull() || !state.Verify.ValueBool() ||
		!state.Fingerprint.Equal(plan.Fingerprint) || !state.ActiveSubscriptionKey.Equal(plan.ActiveSubscriptionKey) ||
		!state.SecretsWOVersion.Equal(plan.SecretsWOVersion) || !state.RotationTriggers.Equal(plan.RotationTriggers) {
		return timetypes.NewRFC3339Unknown()
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
	ks, _ := m.withWriteOnly(config).keySet()
	m.ID = types.StringValue(keySetID(ks.Environment, ks.MerchantSerialNumber))
	m.Fingerprint = types.StringValue(ks.Fingerprint())
	m.CredentialsJSON = types.StringNull()
	if !config.usesWriteOnly() {
		m.CredentialsJSON = types.StringValue(ks.CredentialsJSON(m.active()))
	}
	planned := m.VerifiedAt
	m.VerifiedAt = timetypes.NewRFC3339Null()
	if !m.Verify.ValueBool() {
		return diags
	}
	if !planned.IsUnknown() && !planned.IsNull() {
		// Nothing verification covers changed (the plan kept the last verification): the
		// promise in the plan stands.
		m.VerifiedAt = planned
		return diags
	}
	if len(r.cc.Unknown) > 0 {
		diags.Append(unknownProviderArguments(r.cc.Unknown))
		return diags
	}
	v := r.cc.verifyKeySet(ctx, ks, vipps.VerifyOptions{
		Active: m.active(), CheckSalesUnit: true, Lookup: r.cc.lookupCredentials(),
	})
	diags.Append(v.diagnostics(r.cc, ks.MerchantSerialNumber, ks.Environment)...)
	if diags.HasError() {
		return diags
	}
	if v.SalesUnitFinding == vipps.SalesUnitNotFound {
		diags.Append(salesUnitNotActive(ks.MerchantSerialNumber, v.SalesUnitErr))
	}
	m.VerifiedAt = v.verifiedAt()
	return diags
}

// Read re-checks stored keys during refresh. Keys the API now refuses (regenerated in the
// portal) are drift: the fingerprint reads "rejected" so the plan shows the key set must be
// updated. A refresh that cannot check is an error (or, if the provider says so, a warning),
// never silently green.
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
	if !known || ks.ClientSecret == "" || ks.SubscriptionKeyPrimary == "" {
		// Imported (the secrets arrive with the next apply), or write-only secrets, which the
		// state never holds: there is nothing to check with.
		return
	}
	// Both subscription keys are re-checked: the idle one is the one usually regenerated in the
	// portal, and finding it stale before it is switched to is the point.
	v := r.cc.verifyKeySet(ctx, ks, vipps.VerifyOptions{Active: state.active()})
	switch {
	case v.err == nil:
		return
	case !errors.Is(v.err, vipps.ErrKeysRejected):
		resp.Diagnostics.Append(keySetNotChecked(r.cc, ks.MerchantSerialNumber, ks.Environment, v.err))
		return
	}
	resp.Diagnostics.Append(keySetDrifted(ks.MerchantSerialNumber, ks.Environment, v.err))
	state.Fingerprint = types.StringValue(fingerprintRejected)
	state.VerifiedAt = timetypes.NewRFC3339Null()
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// fingerprintRejected marks stored keys the API refused at the last refresh; no real
// fingerprint has this shape, so the next plan always differs.
const fingerprintRejected = "rejected"

// Delete forgets the key set. The keys live on at Vipps MobilePay, where only the business
// portal can revoke them, and the warning says so.
func (r *keySetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state keySetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(keySetRemoved(state.MerchantSerialNumber.ValueString(), state.Environment.ValueString()))
}

func (r *keySetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	environment, msn, ok := strings.Cut(req.ID, "/")
	if !ok || keys.CheckEnvironment(environment) != "" || keys.CheckMerchantSerialNumber(msn) != "" {
		resp.Diagnostics.Append(invalidImportID(req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, importedKeySet(environment, msn))...)
}

// importedKeySet is the state an import starts from: the identity, and nothing secret.
func importedKeySet(environment, msn string) *keySetModel {
	return &keySetModel{
		keySetInputs: keySetInputs{
			MerchantSerialNumber:     types.StringValue(msn),
			Environment:              types.StringValue(environment),
			ClientID:                 types.StringNull(),
			ClientSecret:             types.StringNull(),
			SubscriptionKeyPrimary:   types.StringNull(),
			SubscriptionKeySecondary: types.StringNull(),
			ActiveSubscriptionKey:    types.StringValue(keys.SubscriptionKeyPrimary),
		},
		ID:          types.StringValue(keySetID(environment, msn)),
		Verify:      types.BoolValue(true),
		VerifiedAt:  timetypes.NewRFC3339Null(),
		Fingerprint: types.StringNull(),

		ClientSecretWO:             types.StringNull(),
		SubscriptionKeyPrimaryWO:   types.StringNull(),
		SubscriptionKeySecondaryWO: types.StringNull(),
		SecretsWOVersion:           types.Int64Null(),
		RotationTriggers:           types.MapNull(types.StringType),
		CredentialsJSON:            types.StringNull(),
	}
}
