// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// What the key set's arguments mean, the same in the resource, the ephemeral key set and the
// verify action. Each schema adds what only it has.
var (
	keySetMSNDescription = fmt.Sprintf("The Merchant Serial Number (MSN) of the sales unit the keys belong to: "+
		"%d to %d digits, e.g. `%s`.", keys.MerchantSerialNumberMinDigits, keys.MerchantSerialNumberMaxDigits,
		keys.ExampleMerchantSerialNumber)
	keySetEnvironmentDescription = fmt.Sprintf("The environment the keys belong to: one of %s. Defaults to the "+
		"provider's `environment`. Test and production keys never cross.", quotedList(keys.Environments()))
	keySetClientIDDescription = "The key set's `client_id`: a GUID, 8-4-4-4-12 hexadecimal digits in either " +
		"case, e.g. `" + keys.ExampleClientID + "`. Vipps MobilePay counts it among the keys to keep secret, so " +
		"it is sensitive and never shown."
	keySetClientSecretDescription = fmt.Sprintf("The key set's `client_secret`: canonical, padded standard "+
		"Base64 that decodes to at least %d bytes (the portal shows 24 or more characters ending in `=`).",
		keys.ClientSecretMinBytes)
	keySetPrimaryKeyDescription = "The primary `Ocp-Apim-Subscription-Key`: 32 hexadecimal characters as the " +
		"portal shows them, or canonical Base64 of at least " + strconv.Itoa(keys.SecretMinLength) + " characters."
	keySetSecondaryKeyDescription = "The secondary `Ocp-Apim-Subscription-Key`, same format as the primary. The " +
		"two are interchangeable; keeping both lets you regenerate one in the portal while the other serves. " +
		"When set, it is verified too."
	keySetActiveKeyDescription = fmt.Sprintf("Which subscription key requests use: one of %s. Defaults to `%s`. "+
		"`%s` needs `subscription_key_secondary`.", quotedList(keys.SubscriptionKeySlots()), keys.SubscriptionKeyPrimary,
		keys.SubscriptionKeySecondary)
	keySetFingerprintDescription = fmt.Sprintf("A stable, non-secret digest of the key material: `sha256:` and "+
		"the first %d hexadecimal digits of a SHA-256 digest. It changes whenever any key changes, so other "+
		"resources can react to rotation without seeing the secrets.", keys.FingerprintHexDigits)
)

// What the key set's results say about the URL applications call: the environment's public API,
// never the provider's base_url override (a sandbox, a proxy), which is where the provider's own
// requests go and can change without anything stored changing.
var (
	credentialsJSONDescription = "The key set as one sensitive JSON object in the shape applications usually " +
		"read: `client_id`, `client_secret`, `subscription_key` (the active one), `merchant_serial_number` and " +
		"`base_url`, the environment's public API (`" + keys.BaseURLTest + "` or `" + keys.BaseURLProduction +
		"`), as the `base_url()` function returns it. The provider's own `base_url` override is never written " +
		"here, so switching it (a restarted sandbox, a proxy) changes nothing."
	baseURLResultDescription = "The environment's public API base URL applications call (`" + keys.BaseURLTest +
		"` or `" + keys.BaseURLProduction + "`), the same as `credentials_json.base_url` and the `base_url()` " +
		"function; the provider's own `base_url` override is never returned."
)

// keySetInputs are the arguments that describe one key set, the same in every component that
// takes one: the resource, the ephemeral resource and the verify action embed them.
type keySetInputs struct {
	MerchantSerialNumber     types.String `tfsdk:"merchant_serial_number"`
	Environment              types.String `tfsdk:"environment"`
	ClientID                 types.String `tfsdk:"client_id"`
	ClientSecret             types.String `tfsdk:"client_secret"`
	SubscriptionKeyPrimary   types.String `tfsdk:"subscription_key_primary"`
	SubscriptionKeySecondary types.String `tfsdk:"subscription_key_secondary"`
	ActiveSubscriptionKey    types.String `tfsdk:"active_subscription_key"`
}

// keySet returns the key material, and whether all of it is known.
func (in keySetInputs) keySet() (keys.KeySet, bool) {
	known := true
	for _, v := range []types.String{in.Environment, in.MerchantSerialNumber, in.ClientID, in.ClientSecret,
		in.SubscriptionKeyPrimary, in.SubscriptionKeySecondary} {
		if v.IsUnknown() {
			known = false
		}
	}
	return keys.KeySet{
		MerchantSerialNumber:     in.MerchantSerialNumber.ValueString(),
		Environment:              in.Environment.ValueString(),
		ClientID:                 in.ClientID.ValueString(),
		ClientSecret:             in.ClientSecret.ValueString(),
		SubscriptionKeyPrimary:   in.SubscriptionKeyPrimary.ValueString(),
		SubscriptionKeySecondary: in.SubscriptionKeySecondary.ValueString(),
	}, known
}

// active is the slot requests use; null means the default, primary.
func (in keySetInputs) active() string {
	if in.ActiveSubscriptionKey.ValueString() == keys.SubscriptionKeySecondary {
		return keys.SubscriptionKeySecondary
	}
	return keys.SubscriptionKeyPrimary
}

// withDefaults fills the arguments a configuration may leave out: the provider's environment
// and the primary slot.
func (in keySetInputs) withDefaults(cc *ConfiguredClient) keySetInputs {
	if in.Environment.IsNull() {
		in.Environment = types.StringValue(cc.Environment)
	}
	if in.ActiveSubscriptionKey.IsNull() {
		in.ActiveSubscriptionKey = types.StringValue(keys.SubscriptionKeyPrimary)
	}
	return in
}

func keySetID(environment, msn string) string { return environment + "/" + msn }

// checkKeyPairs checks what no one attribute's validator can, in any component's configuration:
// active_subscription_key = "secondary" needs a secondary key, the secondary key is not the
// primary again, and a client_secret and subscription key that look swapped get a warning.
// writeOnly says each secret may be given in its _wo form instead (the resource).
func checkKeyPairs(ctx context.Context, config tfsdk.Config, writeOnly bool) diag.Diagnostics {
	var diags diag.Diagnostics
	get := func(name string) types.String {
		var v types.String
		diags.Append(config.GetAttribute(ctx, path.Root(name), &v)...)
		if v.IsNull() && writeOnly && name != keys.AttrActiveSubscriptionKey {
			diags.Append(config.GetAttribute(ctx, path.Root(name+"_wo"), &v)...)
		}
		return v
	}
	active, secret := get(keys.AttrActiveSubscriptionKey), get(keys.AttrClientSecret)
	primary, secondary := get(keys.AttrSubscriptionKeyPrimary), get(keys.AttrSubscriptionKeySecondary)
	if diags.HasError() {
		return diags
	}
	if active.ValueString() == keys.SubscriptionKeySecondary && secondary.IsNull() {
		diags.Append(secondaryKeyRequired())
	}
	diags.Append(sameSubscriptionKeys(primary, secondary)...)
	if !isKnown(secret) {
		return diags
	}
	for _, slot := range []struct {
		attr string
		key  types.String
	}{{keys.AttrSubscriptionKeyPrimary, primary}, {keys.AttrSubscriptionKeySecondary, secondary}} {
		if isKnown(slot.key) && keys.LooksSwapped(secret.ValueString(), slot.key.ValueString()) {
			diags.Append(secretLooksSwapped(slot.attr))
			break
		}
	}
	return diags
}

// sameSubscriptionKeys refuses a secondary key that is the primary again, when both are known.
func sameSubscriptionKeys(primary, secondary types.String) diag.Diagnostics {
	if !isKnown(primary) || !isKnown(secondary) || keys.CheckSubscriptionKey(primary.ValueString()) != "" {
		return nil // a malformed key has its own error
	}
	if p := keys.CheckSecondaryDiffers(primary.ValueString(), secondary.ValueString()); p != "" {
		return diag.Diagnostics{invalidSecretFormat(path.Root(keys.AttrSubscriptionKeySecondary), p)}
	}
	return nil
}

func isKnown(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }

// formatProblems checks the known inputs as the schema's validators do, for values that were
// unknown when Terraform validated the configuration: Terraform validates an action's
// configuration before variables and references are known, and never again.
func (in keySetInputs) formatProblems() diag.Diagnostics {
	var diags diag.Diagnostics
	for _, f := range []struct {
		attr  string
		value types.String
	}{
		{keys.AttrMerchantSerialNumber, in.MerchantSerialNumber},
		{keys.AttrEnvironment, in.Environment},
		{keys.AttrClientID, in.ClientID},
		{keys.AttrClientSecret, in.ClientSecret},
		{keys.AttrSubscriptionKeyPrimary, in.SubscriptionKeyPrimary},
		{keys.AttrSubscriptionKeySecondary, in.SubscriptionKeySecondary},
	} {
		if f.value.IsNull() || f.value.IsUnknown() {
			continue
		}
		if d := keyFormatDiagnostic(path.Root(f.attr), f.attr, f.value.ValueString()); d != nil {
			diags.Append(d)
		}
	}
	if !diags.HasError() {
		diags.Append(sameSubscriptionKeys(in.SubscriptionKeyPrimary, in.SubscriptionKeySecondary)...)
	}
	return diags
}
