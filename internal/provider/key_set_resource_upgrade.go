// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// UpgradeState carries state of every earlier schema version over to today's. Each version
// before 1.0 ships with its upgrader and a test that plans an old state to an empty plan
// (internal/e2e/state_upgrade_test.go).
func (r *keySetResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	v0 := keySetSchemaV0()
	return map[int64]resource.StateUpgrader{
		0: {PriorSchema: &v0, StateUpgrader: r.upgradeV0},
	}
}

// keySetModelV0 is a key set as earlier builds stored it (schema version 0).
type keySetModelV0 struct {
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

// upgradeV0 drops credentials_json, which repeated every secret (the
// provider::vippsmobilepay::credentials_json function gives the same JSON without state),
// shortens the fingerprint to today's form of the same digest, and starts keys_changed_at from
// the last verification, or from now when there is none: nothing is proven again for the
// upgrade, and no plan shows a change of value.
func (r *keySetResource) upgradeV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old keySetModelV0
	resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}
	fingerprint := old.Fingerprint
	if !fingerprint.IsNull() {
		fingerprint = types.StringValue(keys.ShortFingerprint(fingerprint.ValueString()))
	}
	changedAt := old.VerifiedAt
	if changedAt.IsNull() || changedAt.IsUnknown() {
		var clk clock.Clock
		if r.cc != nil {
			clk = r.cc.Clock
		}
		changedAt = rfc3339(clock.OrReal(clk).Now())
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &keySetModel{
		keySetInputs:               old.keySetInputs,
		ID:                         old.ID,
		Verify:                     old.Verify,
		VerifiedAt:                 old.VerifiedAt,
		KeysChangedAt:              changedAt,
		Fingerprint:                fingerprint,
		ClientSecretWO:             types.StringNull(),
		SubscriptionKeyPrimaryWO:   types.StringNull(),
		SubscriptionKeySecondaryWO: types.StringNull(),
		SecretsWOVersion:           old.SecretsWOVersion,
		RotationTriggers:           old.RotationTriggers,
	})...)
}

// keySetSchemaV0 is the schema of version 0, as far as reading its state needs: types and
// flags, no descriptions or validators.
func keySetSchemaV0() schema.Schema {
	optionalSecret := schema.StringAttribute{Optional: true, Sensitive: true}
	writeOnly := schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true}
	return schema.Schema{
		Attributes: map[string]schema.Attribute{
			"merchant_serial_number":        schema.StringAttribute{Required: true},
			"environment":                   schema.StringAttribute{Optional: true, Computed: true},
			"client_id":                     optionalSecret,
			"client_secret":                 optionalSecret,
			"subscription_key_primary":      optionalSecret,
			"subscription_key_secondary":    optionalSecret,
			"active_subscription_key":       schema.StringAttribute{Optional: true, Computed: true},
			"client_secret_wo":              writeOnly,
			"subscription_key_primary_wo":   writeOnly,
			"subscription_key_secondary_wo": writeOnly,
			"secrets_wo_version":            schema.Int64Attribute{Optional: true},
			"rotation_triggers":             schema.MapAttribute{ElementType: types.StringType, Optional: true},
			"verify":                        schema.BoolAttribute{Optional: true, Computed: true},
			"id":                            schema.StringAttribute{Computed: true},
			"credentials_json":              schema.StringAttribute{Computed: true, Sensitive: true},
			"verified_at":                   schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}},
			"fingerprint":                   schema.StringAttribute{Computed: true},
		},
	}
}
