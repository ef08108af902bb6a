// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keyset"
)

var (
	_ resource.Resource                     = (*keySetResource)(nil)
	_ resource.ResourceWithConfigure        = (*keySetResource)(nil)
	_ resource.ResourceWithIdentity         = (*keySetResource)(nil)
	_ resource.ResourceWithImportState      = (*keySetResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*keySetResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*keySetResource)(nil)
	_ resource.ResourceWithConfigValidators = (*keySetResource)(nil)
	_ resource.ResourceWithUpgradeState     = (*keySetResource)(nil)
)

// NewKeySetResource returns the vippsmobilepay_key_set resource.
func NewKeySetResource() resource.Resource { return &keySetResource{} }

type keySetResource struct {
	cc *ConfiguredClient
}

type keySetModel struct {
	keySetInputs
	ID            types.String      `tfsdk:"id"`
	Verify        types.Bool        `tfsdk:"verify"`
	VerifiedAt    timetypes.RFC3339 `tfsdk:"verified_at"`
	KeysChangedAt timetypes.RFC3339 `tfsdk:"keys_changed_at"`
	Fingerprint   types.String      `tfsdk:"fingerprint"`

	ClientSecretWO             types.String `tfsdk:"client_secret_wo"`
	SubscriptionKeyPrimaryWO   types.String `tfsdk:"subscription_key_primary_wo"`
	SubscriptionKeySecondaryWO types.String `tfsdk:"subscription_key_secondary_wo"`
	SecretsWOVersion           types.Int64  `tfsdk:"secrets_wo_version"`
	RotationTriggers           types.Map    `tfsdk:"rotation_triggers"`
}

func (r *keySetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_key_set"
}

// keySetSchemaVersion counts the schema's incompatible changes; UpgradeState carries each older
// state over.
const keySetSchemaVersion = 1

func (r *keySetResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: keySetSchemaVersion,
		MarkdownDescription: "One sales unit's API keys in one environment, verified with a real token exchange " +
			"(`POST /accesstoken/get`) whenever they are created or changed.\n\n" +
			"Keys are inputs: Vipps MobilePay creates and regenerates them only in the business portal, so this " +
			"resource never creates, rotates or deletes keys at Vipps. It proves they work, records when " +
			"(`verified_at`) and when they last changed (`keys_changed_at`), and exposes a `fingerprint` that " +
			"changes whenever the key material does, so downstream resources can react to rotation. Destroying it " +
			"only removes it from the state.\n\n" +
			"-> **Keep secrets out of state:** on Terraform 1.11 and later pass the secrets through the write-only " +
			"arguments `client_secret_wo`, `subscription_key_primary_wo` and `subscription_key_secondary_wo` (bump " +
			"`secrets_wo_version` to send new values), or use the `vippsmobilepay_key_set` ephemeral resource, which " +
			"feeds other providers' write-only arguments without storing anything. A refresh cannot check " +
			"write-only keys, since the state never holds them: watch them with the `vippsmobilepay_verify_keys` " +
			"action or the ephemeral key set instead (guide: *Rotating keys*).\n\n" +
			"~> With the plain arguments the secrets are stored in the Terraform state, marked sensitive. Protect the " +
			"state like the keys themselves (an encrypted remote backend with access control). To hand the keys to " +
			"a secret store as one JSON document, use `provider::vippsmobilepay::credentials_json(<this key set>)`.",
		Attributes: map[string]schema.Attribute{
			"merchant_serial_number": schema.StringAttribute{
				MarkdownDescription: keySetMSNDescription + " Changing it replaces the resource.",
				Required:            true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrMerchantSerialNumber)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			// Replacement on an environment change is decided in ModifyPlan: the default comes from
			// the provider, which a plan modifier cannot see.
			"environment": schema.StringAttribute{
				MarkdownDescription: keySetEnvironmentDescription + " Changing it replaces the resource.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(keys.Environments()...)},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: keySetClientIDDescription + " Changing it updates in place and verifies again. " +
					"It must be set whenever any key is: only a block that sets no key at all, as " +
					"`terraform query -generate-config-out` writes, may leave it out, and its plan then asks for the keys.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrClientID)},
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: keySetClientSecretDescription + " Changing it updates in place and verifies " +
					"again. Exactly one of `client_secret` and `client_secret_wo` must be set.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrClientSecret)},
			},
			"subscription_key_primary": schema.StringAttribute{
				MarkdownDescription: keySetPrimaryKeyDescription + " Changing it updates in place and verifies " +
					"again. Exactly one of `subscription_key_primary` and `subscription_key_primary_wo` must be set.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrSubscriptionKeyPrimary)},
			},
			"subscription_key_secondary": schema.StringAttribute{
				MarkdownDescription: keySetSecondaryKeyDescription + " At most one of `subscription_key_secondary` " +
					"and `subscription_key_secondary_wo` may be set.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrSubscriptionKeySecondary)},
			},
			"active_subscription_key": schema.StringAttribute{
				MarkdownDescription: keySetActiveKeyDescription + " Switching updates in place and verifies again, " +
					"without replacing anything.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(keys.SubscriptionKeyPrimary),
				Validators: []validator.String{stringvalidator.OneOf(keys.SubscriptionKeySlots()...)},
			},
			// Write-only arguments carry no Sensitive mark: Terraform never stores or shows them,
			// and the mark would only add a null sensitive path to every instance's state.
			"client_secret_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only form of `client_secret` (Terraform 1.11+): sent to the provider, never " +
					"stored in plan or state. Same format. Bump `secrets_wo_version` when it changes.",
				Optional:   true,
				WriteOnly:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrClientSecret)},
			},
			"subscription_key_primary_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only form of `subscription_key_primary` (Terraform 1.11+). Same format.",
				Optional:            true,
				WriteOnly:           true,
				Validators:          []validator.String{keyFormatValidator(keys.AttrSubscriptionKeyPrimary)},
			},
			"subscription_key_secondary_wo": schema.StringAttribute{
				MarkdownDescription: "Write-only form of `subscription_key_secondary` (Terraform 1.11+). Same format.",
				Optional:            true,
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
			"verify": schema.BoolAttribute{
				MarkdownDescription: "Whether to prove the keys work with a token exchange on create, update and " +
					"refresh. Defaults to `true`. Set `false` to plan and apply with keys that are not live yet; " +
					"`verified_at` is then null.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "`<environment>/<merchant_serial_number>`, e.g. `test/123456`. Also the import ID.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"verified_at": schema.StringAttribute{
				MarkdownDescription: "When the keys were last proven to work, in RFC 3339. Null while `verify` is " +
					"`false`, and after a refresh found the keys refused.",
				Computed:   true,
				CustomType: timetypes.RFC3339Type{},
			},
			"keys_changed_at": schema.StringAttribute{
				MarkdownDescription: "When the key material last changed, in RFC 3339: set when the key set is " +
					"created and whenever its `fingerprint` changes. Proving the same keys again (`rotation_triggers`, " +
					"`secrets_wo_version`, switching `active_subscription_key`) leaves it. Use it for key-age " +
					"policies, e.g. a `check` block that warns when keys are older than your policy allows (guide: " +
					"*Rotating keys*). Key sets stored by earlier builds (schema version 0) start from their " +
					"`verified_at` (or, unverified, from the upgrade).",
				Computed:   true,
				CustomType: timetypes.RFC3339Type{},
			},
			"fingerprint": schema.StringAttribute{
				MarkdownDescription: keySetFingerprintDescription + " Known at plan time when the keys are. It " +
					"reads `" + keyset.FingerprintRejected + "` after a refresh found the stored keys refused by " +
					"Vipps MobilePay (regenerated in the portal), so the next plan shows the key set as changed until " +
					"new keys are applied, or until a refresh finds the stored keys working again.",
				Computed: true,
			},
		},
	}
}

// keySetIdentity is what identifies a key set (Terraform 1.12 and later): the sales unit and the
// environment, the same pair as the import ID. The list resource returns it for every unit.
type keySetIdentity struct {
	Environment          types.String `tfsdk:"environment"`
	MerchantSerialNumber types.String `tfsdk:"merchant_serial_number"`
}

func (r *keySetResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"environment": identityschema.StringAttribute{
				Description:       fmt.Sprintf("The environment the keys belong to: %s.", quotedList(keys.Environments())),
				RequiredForImport: true,
			},
			"merchant_serial_number": identityschema.StringAttribute{
				Description: fmt.Sprintf("The sales unit's Merchant Serial Number (MSN), e.g. `%s`.",
					keys.ExampleMerchantSerialNumber),
				RequiredForImport: true,
			},
		},
	}
}

// setKeySetIdentity records a key set's identity. The identity is nil for a CLI without
// resource identity (before Terraform 1.12), which then keeps the import ID alone.
func setKeySetIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, environment, msn types.String) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, keySetIdentity{Environment: environment, MerchantSerialNumber: msn})
}

func (r *keySetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *keySetResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		unlessNoKeys{
			resourcevalidator.ExactlyOneOf(path.MatchRoot("client_secret"), path.MatchRoot("client_secret_wo")),
			resourcevalidator.ExactlyOneOf(path.MatchRoot("subscription_key_primary"), path.MatchRoot("subscription_key_primary_wo")),
		},
		resourcevalidator.Conflicting(path.MatchRoot("subscription_key_secondary"), path.MatchRoot("subscription_key_secondary_wo")),
	}
}

func (r *keySetResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	resp.Diagnostics.Append(checkKeyPairs(ctx, req.Config, true)...)
}

// ModifyPlan fills what the plan can know before apply (keyset.Plan decides): the default
// environment, the ID, the fingerprint of known keys, and whether verified_at and
// keys_changed_at will change.
func (r *keySetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan, config keySetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	var prior *keyset.Stored
	if !req.State.Raw.IsNull() {
		var state keySetModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		stored := state.stored(ctx, req.Private)
		prior = &stored
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if config.Environment.IsNull() {
		plan.Environment = r.cc.defaultEnvironment()
	}
	if none, _ := configHasNoKeys(ctx, req.Config); none {
		resp.Diagnostics.Append(keySetKeysMissing(plan.MerchantSerialNumber.ValueString(), plan.Environment.ValueString()))
		return
	}
	planned := keyset.Plan(plan.proposed(config), prior)
	if planned.Replace {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root(keys.AttrEnvironment))
	}
	if planned.NoRefreshCheck {
		resp.Diagnostics.Append(keySetNotRefreshable(plan.MerchantSerialNumber.ValueString(), plan.Environment.ValueString()))
	}
	plan.ID = types.StringUnknown()
	if !plan.Environment.IsUnknown() && !plan.MerchantSerialNumber.IsUnknown() {
		plan.ID = types.StringValue(keySetID(plan.Environment.ValueString(), plan.MerchantSerialNumber.ValueString()))
	}
	plan.Fingerprint = types.StringUnknown()
	if planned.Fingerprint != "" {
		plan.Fingerprint = types.StringValue(planned.Fingerprint)
	}
	plan.VerifiedAt = rfc3339Instant(planned.VerifiedAt)
	plan.KeysChangedAt = rfc3339Instant(planned.KeysChangedAt)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// proposed is the plan in keyset's terms; write-only secrets come from config.
func (m keySetModel) proposed(config keySetModel) keyset.Proposed {
	ks, known := m.withWriteOnly(config).keySet()
	p := keyset.Proposed{KeySet: ks, KeysKnown: known, EnvironmentKnown: !m.Environment.IsUnknown(),
		Covered: m.covered(), WriteOnly: config.usesWriteOnly()}
	if !m.Verify.IsUnknown() {
		verify := m.Verify.ValueBool()
		p.Verify = &verify
	}
	return p
}

// covered is what a verification covers besides the keys, as keyset compares it.
func (m keySetModel) covered() keyset.Covered {
	c := keyset.Covered{Active: m.ActiveSubscriptionKey.ValueString(), Known: !m.ActiveSubscriptionKey.IsUnknown() &&
		!m.SecretsWOVersion.IsUnknown() && !m.RotationTriggers.IsUnknown()}
	if !m.SecretsWOVersion.IsNull() {
		c.SecretsVersion = strconv.FormatInt(m.SecretsWOVersion.ValueInt64(), 10)
	}
	if !m.RotationTriggers.IsNull() {
		pairs := make([]string, 0, len(m.RotationTriggers.Elements()))
		for k, v := range m.RotationTriggers.Elements() {
			if v.IsUnknown() {
				c.Known = false
			}
			pairs = append(pairs, strconv.Quote(k)+"="+v.String())
		}
		slices.Sort(pairs)
		c.Triggers = "{" + strings.Join(pairs, ",") + "}"
	}
	return c
}

// privateFingerprint is the private state key that keeps the fingerprint a refusal replaced.
const privateFingerprint = "fingerprint_before_rejection"

// privateState is the framework's private state of a resource, as every request carries it.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// stored is the state in keyset's terms.
func (m keySetModel) stored(ctx context.Context, private privateState) keyset.Stored {
	ks, _ := m.keySet()
	s := keyset.Stored{Environment: m.Environment.ValueString(), Verify: m.Verify.ValueBool(),
		VerifiedAt: timeOf(m.VerifiedAt), KeysChangedAt: timeOf(m.KeysChangedAt), Fingerprint: m.Fingerprint.ValueString(),
		Covered: m.covered(), KeySet: ks, Active: m.active()}
	if s.Fingerprint == keyset.FingerprintRejected && private != nil {
		before, _ := private.GetKey(ctx, privateFingerprint)
		s.FingerprintBeforeRejection = strings.Trim(string(before), `"`)
	}
	return s
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

// usesWriteOnly reports whether a configuration passes any secret through a write-only argument.
func (m keySetModel) usesWriteOnly() bool {
	return !m.ClientSecretWO.IsNull() || !m.SubscriptionKeyPrimaryWO.IsNull() || !m.SubscriptionKeySecondaryWO.IsNull()
}

func (r *keySetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(r.apply(ctx, req.Plan, req.Config, &resp.State, resp.Identity, keyset.Create)...)
}

func (r *keySetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(r.apply(ctx, req.Plan, req.Config, &resp.State, resp.Identity, keyset.Update)...)
	// The keys applied are the fingerprint now; a refusal's memory of older ones is spent.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateFingerprint, nil)...)
}

// apply proves the planned keys (keyset.Checker.Apply decides whether) and stores them.
// Write-only secrets are read from config, used, and never written back.
func (r *keySetResource) apply(ctx context.Context, planned tfsdk.Plan, cfg tfsdk.Config, state *tfsdk.State,
	identity *tfsdk.ResourceIdentity, purpose keyset.Purpose) diag.Diagnostics {
	var plan, config keySetModel
	diags := planned.Get(ctx, &plan)
	diags.Append(cfg.Get(ctx, &config)...)
	if diags.HasError() {
		return diags
	}
	ks, _ := plan.withWriteOnly(config).keySet()
	promise := keyset.Planned{VerifiedAt: instantOf(plan.VerifiedAt), KeysChangedAt: instantOf(plan.KeysChangedAt)}
	verify := plan.Verify.ValueBool()
	if diags.Append(r.cc.ready(promise.Proves(verify))...); diags.HasError() {
		return diags
	}
	applied := r.cc.KeySets.Apply(maskKeySet(ctx, ks), ks, plan.active(), verify, promise, purpose)
	if !applied.OK() {
		diags.Append(keySetCheckFailed(r.cc, applied.Outcome, skipVerification))
		return diags
	}
	if applied.Outcome.UnitInactive() {
		diags.Append(salesUnitNotActive(ks.MerchantSerialNumber, applied.Outcome.Proof.SalesUnitErr))
	}
	plan.ID = types.StringValue(keySetID(ks.Environment, ks.MerchantSerialNumber))
	plan.Fingerprint = types.StringValue(applied.Fingerprint)
	plan.VerifiedAt = rfc3339OrNull(applied.VerifiedAt)
	plan.KeysChangedAt = rfc3339OrNull(applied.KeysChangedAt)
	diags.Append(state.Set(ctx, &plan)...)
	diags.Append(setKeySetIdentity(ctx, identity, plan.Environment, plan.MerchantSerialNumber)...)
	return diags
}

// Read re-checks stored keys during refresh (keyset.Checker.Refresh decides): keys the API now
// refuses are drift, keys it accepts again heal, and a refresh that cannot check is an error
// (or, if the provider says so, a warning), never silently green.
func (r *keySetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state keySetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// State written before identity existed (or by an older CLI) gets it on the next refresh.
	resp.Diagnostics.Append(setKeySetIdentity(ctx, resp.Identity, state.Environment, state.MerchantSerialNumber)...)
	if r.cc == nil || len(r.cc.Unknown) > 0 {
		return
	}
	stored := state.stored(ctx, req.Private)
	refreshed := r.cc.KeySets.Refresh(maskKeySet(ctx, stored.KeySet), stored)
	switch {
	case refreshed.Outcome.Status == keyset.NotChecked:
		resp.Diagnostics.Append(keySetNotChecked(r.cc, refreshed.Outcome))
		return
	case refreshed.Drifted:
		resp.Diagnostics.Append(keySetDrifted(refreshed.Outcome))
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateFingerprint,
			[]byte(strconv.Quote(refreshed.Stored.FingerprintBeforeRejection)))...)
	case !refreshed.Healed:
		return
	}
	state.Fingerprint = types.StringValue(refreshed.Stored.Fingerprint)
	state.VerifiedAt = rfc3339OrNull(refreshed.Stored.VerifiedAt)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete forgets the key set. The keys live on at Vipps MobilePay, where only the business
// portal can revoke them, and the warning says so.
func (r *keySetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state keySetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(keySetRemoved(state.MerchantSerialNumber.ValueString(), state.Environment.ValueString(),
		state.Fingerprint.ValueString() == keyset.FingerprintRejected))
}

// ImportState takes "<environment>/<merchant_serial_number>" (terraform import, an import block's
// id) or, on Terraform 1.12 and later, an import block's identity.
func (r *keySetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var environment, msn string
	if req.ID == "" && req.Identity != nil {
		var identity keySetIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		environment, msn = identity.Environment.ValueString(), identity.MerchantSerialNumber.ValueString()
		// The identity schema has no validators: check it as the import ID is checked.
		if problems := keySetIdentityProblems(environment, msn); len(problems) > 0 {
			resp.Diagnostics.Append(invalidKeySetIdentity(problems))
			return
		}
	} else {
		var ok bool
		environment, msn, ok = strings.Cut(req.ID, "/")
		if !ok || len(keySetIdentityProblems(environment, msn)) > 0 {
			resp.Diagnostics.Append(invalidImportID(req.ID))
			return
		}
	}
	imported := importedKeySet(environment, msn)
	resp.Diagnostics.Append(resp.State.Set(ctx, imported)...)
	resp.Diagnostics.Append(setKeySetIdentity(ctx, resp.Identity, imported.Environment, imported.MerchantSerialNumber)...)
}

// keySetIdentityProblems names what is wrong with an identity, as "<attribute> <problem>".
func keySetIdentityProblems(environment, msn string) []string {
	var problems []string
	if p := keys.CheckEnvironment(environment); p != "" {
		problems = append(problems, "environment "+p)
	}
	if p := keys.CheckMerchantSerialNumber(msn); p != "" {
		problems = append(problems, keys.AttrMerchantSerialNumber+" "+p)
	}
	return problems
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
		ID:            types.StringValue(keySetID(environment, msn)),
		Verify:        types.BoolValue(true),
		VerifiedAt:    timetypes.NewRFC3339Null(),
		KeysChangedAt: timetypes.NewRFC3339Null(),
		Fingerprint:   types.StringNull(),

		ClientSecretWO:             types.StringNull(),
		SubscriptionKeyPrimaryWO:   types.StringNull(),
		SubscriptionKeySecondaryWO: types.StringNull(),
		SecretsWOVersion:           types.Int64Null(),
		RotationTriggers:           types.MapNull(types.StringType),
	}
}

// timeOf is a stored time, zero when null or unknown.
func timeOf(v timetypes.RFC3339) time.Time {
	t, diags := v.ValueRFC3339Time()
	if diags.HasError() {
		return time.Time{}
	}
	return t
}

// instantOf is a planned time in keyset's terms.
func instantOf(v timetypes.RFC3339) keyset.Instant {
	return keyset.Instant{At: timeOf(v), Unknown: v.IsUnknown()}
}

// rfc3339Instant is a planned time as the plan carries it.
func rfc3339Instant(i keyset.Instant) timetypes.RFC3339 {
	if i.Unknown {
		return timetypes.NewRFC3339Unknown()
	}
	return rfc3339OrNull(i.At)
}

// rfc3339OrNull is a time as the state carries it, null when zero.
func rfc3339OrNull(t time.Time) timetypes.RFC3339 {
	if t.IsZero() {
		return timetypes.NewRFC3339Null()
	}
	return rfc3339(t)
}

// keySetKeyAttributes are every argument that holds a key.
var keySetKeyAttributes = []string{
	keys.AttrClientID, keys.AttrClientSecret, "client_secret_wo", keys.AttrSubscriptionKeyPrimary,
	"subscription_key_primary_wo", keys.AttrSubscriptionKeySecondary, "subscription_key_secondary_wo",
}

// configHasNoKeys reports whether a key set's configuration sets no key at all (an unknown
// value is set). That is what terraform query -generate-config-out writes, since no API
// reveals keys: such a block validates, and its plan asks for the keys.
func configHasNoKeys(ctx context.Context, config tfsdk.Config) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	for _, name := range keySetKeyAttributes {
		var v types.String
		diags.Append(config.GetAttribute(ctx, path.Root(name), &v)...)
		if !v.IsNull() {
			return false, diags
		}
	}
	return !diags.HasError(), diags
}

// unlessNoKeys runs its validators, and requires client_id, only when the configuration sets a
// key: a block with no key at all waits to be filled in (configHasNoKeys).
type unlessNoKeys []resource.ConfigValidator

func (v unlessNoKeys) Description(ctx context.Context) string {
	parts := []string{"client_id must be set"}
	for _, inner := range v {
		parts = append(parts, inner.Description(ctx))
	}
	return "Unless no key is set at all: " + strings.Join(parts, "; ")
}

func (v unlessNoKeys) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v unlessNoKeys) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	none, diags := configHasNoKeys(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if none || diags.HasError() {
		return
	}
	var clientID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(keys.AttrClientID), &clientID)...)
	if clientID.IsNull() {
		resp.Diagnostics.Append(clientIDMissing())
	}
	for _, inner := range v {
		// Each gets its own response: validators may replace the diagnostics they are given.
		var innerResp resource.ValidateConfigResponse
		inner.ValidateResource(ctx, req, &innerResp)
		resp.Diagnostics.Append(innerResp.Diagnostics...)
	}
	resp.Diagnostics.Append(writeOnlyArrivedEmpty(ctx, req.Config)...)
}

// writeOnlyArrivedEmpty explains secrets missing from a key set that sets secrets_wo_version:
// OpenTofu passes a write-only argument on as null while the ephemeral resource its value comes
// from cannot open, its own arguments being known only after apply.
func writeOnlyArrivedEmpty(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	var version types.Int64
	diags.Append(config.GetAttribute(ctx, path.Root("secrets_wo_version"), &version)...)
	if diags.HasError() || version.IsNull() {
		return diags
	}
	var missing []string
	for _, name := range []string{keys.AttrClientSecret, keys.AttrSubscriptionKeyPrimary} {
		var plain, writeOnly types.String
		diags.Append(config.GetAttribute(ctx, path.Root(name), &plain)...)
		diags.Append(config.GetAttribute(ctx, path.Root(name+"_wo"), &writeOnly)...)
		if plain.IsNull() && writeOnly.IsNull() {
			missing = append(missing, name+"_wo")
		}
	}
	if len(missing) > 0 && !diags.HasError() {
		diags.Append(writeOnlyKeysEmpty(missing))
	}
	return diags
}
