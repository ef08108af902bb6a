package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
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

// What the key set's results say about the URL applications call: the environment's public API,
// never the provider's base_url override (a sandbox, a proxy), which is where the provider's own
// requests go and can change without anything stored changing.
const (
	credentialsJSONDescription = "The key set as one sensitive JSON object in the shape applications usually " +
		"read: `client_id`, `client_secret`, `subscription_key` (the active one), `merchant_serial_number` and " +
		"`base_url`, the environment's public API (`" + keys.BaseURLTest + "` or `" + keys.BaseURLProduction +
		"`), as the `base_url()` function returns it. The provider's own `base_url` override is never written " +
		"here, so switching it (a restarted sandbox, a proxy) changes nothing."
	baseURLResultDescription = "The environment's public API base URL applications call (`" + keys.BaseURLTest +
		"` or `" + keys.BaseURLProduction + "`), the same as `credentials_json.base_url` and the `base_url()` " +
		"function; the provider's own `base_url` override is never returned."
)

// keySetInputAttributes describe the key set arguments once, for every component's schema.
// required says whether the secrets are required (the ephemeral resource and the action) or
// optional beside their write-only forms (the resource).
func keySetInputAttributes(required bool) map[string]stringAttr {
	secretNote := func(attr string) string {
		if required {
			return ""
		}
		return fmt.Sprintf(" Changing it updates in place and verifies again. Exactly one of `%s` and `%s_wo` must be set.",
			attr, attr)
	}
	return map[string]stringAttr{
		"merchant_serial_number": {required: true,
			description: fmt.Sprintf("The Merchant Serial Number (MSN) of the sales unit the keys belong to: %d to %d "+
				"digits, e.g. `%s`.", keys.MerchantSerialNumberMinDigits, keys.MerchantSerialNumberMaxDigits,
				keys.ExampleMerchantSerialNumber),
			validators: []validator.String{keyFormatValidator(keys.AttrMerchantSerialNumber)}},
		"environment": {optional: true, computed: true,
			description: fmt.Sprintf("The environment the keys belong to: one of %s. Defaults to the provider's "+
				"`environment`. Test and production keys never cross.", quotedList(keys.Environments())),
			validators: []validator.String{stringvalidator.OneOf(keys.Environments()...)}},
		"client_id": {required: true, sensitive: true,
			description: "The key set's `client_id`: a GUID, 8-4-4-4-12 hexadecimal digits in either case, e.g. `" +
				keys.ExampleClientID + "`. Vipps MobilePay counts it among the keys to keep secret, so it is " +
				"sensitive and never shown.",
			validators: []validator.String{keyFormatValidator(keys.AttrClientID)}},
		"client_secret": {required: required, optional: !required, sensitive: true,
			description: fmt.Sprintf("The key set's `client_secret`: canonical, padded standard Base64 that decodes "+
				"to at least %d bytes (the portal shows 24 or more characters ending in `=`).%s",
				keys.ClientSecretMinBytes, secretNote("client_secret")),
			validators: []validator.String{keyFormatValidator(keys.AttrClientSecret)}},
		"subscription_key_primary": {required: required, optional: !required, sensitive: true,
			description: "The primary `Ocp-Apim-Subscription-Key`: 32 hexadecimal characters as the portal shows " +
				"them, or canonical Base64." + secretNote("subscription_key_primary"),
			validators: []validator.String{keyFormatValidator(keys.AttrSubscriptionKeyPrimary)}},
		"subscription_key_secondary": {optional: true, sensitive: true,
			description: "The secondary `Ocp-Apim-Subscription-Key`, same format as the primary. The two are " +
				"interchangeable; keeping both lets you regenerate one in the portal while the other serves. When " +
				"set, it is verified too.",
			validators: []validator.String{keyFormatValidator(keys.AttrSubscriptionKeySecondary)}},
		"active_subscription_key": {optional: true, computed: true,
			description: fmt.Sprintf("Which subscription key requests use: one of %s. Defaults to `%s`. `%s` needs "+
				"`subscription_key_secondary`.", quotedList(keys.SubscriptionKeySlots()), keys.SubscriptionKeyPrimary,
				keys.SubscriptionKeySecondary),
			validators: []validator.String{stringvalidator.OneOf(keys.SubscriptionKeySlots()...)}},
	}
}

// verification is one proof of a key set, turned into what components store and report.
type verification struct {
	vipps.KeySetVerification
	err error
	at  time.Time
}

// verifyKeySet proves a key set through the shared client: the one place every component that
// verifies keys goes through.
func (cc *ConfiguredClient) verifyKeySet(ctx context.Context, ks keys.KeySet, opts vipps.VerifyOptions) verification {
	ctx = maskSecrets(ctx, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary)
	v, err := cc.Client.VerifyKeySet(ctx, ks, opts)
	if v.SalesUnitErr != nil {
		tflog.Debug(ctx, "could not ask the Management API about the sales unit", map[string]any{
			"merchant_serial_number": ks.MerchantSerialNumber, "error": v.SalesUnitErr.Error(),
		})
	}
	if err == nil {
		tflog.Debug(ctx, "verified key set", map[string]any{
			"merchant_serial_number": ks.MerchantSerialNumber, "environment": ks.Environment, "slots": v.Proven,
		})
	}
	return verification{KeySetVerification: v, err: err, at: cc.Clock.Now()}
}

// lookupCredentials are the provider's own keys, when complete, for asking the Management API
// about the MSN of a refused key set.
func (cc *ConfiguredClient) lookupCredentials() *vipps.Credentials {
	creds := cc.Credentials
	if len(creds.Missing()) > 0 {
		return nil
	}
	return &creds
}

// diagnostics reports a failed verification of the key set of msn in environment.
func (v verification) diagnostics(cc *ConfiguredClient, msn, environment string) diag.Diagnostics {
	var diags diag.Diagnostics
	if v.err != nil {
		diags.Append(keySetNotVerified(cc, msn, environment, v.KeySetVerification, v.err))
	}
	return diags
}

// verifiedAt is the verification time as the resource stores it.
func (v verification) verifiedAt() timetypes.RFC3339 { return rfc3339(v.at) }
