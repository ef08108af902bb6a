package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// credentialInputs are the optional key set inputs of components that call the API with one
// credential (the access token data source and ephemeral resource). Each falls back to the
// provider's own.
type credentialInputs struct {
	Environment          types.String `tfsdk:"environment"`
	ClientID             types.String `tfsdk:"client_id"`
	ClientSecret         types.String `tfsdk:"client_secret"`
	SubscriptionKey      types.String `tfsdk:"subscription_key"`
	MerchantSerialNumber types.String `tfsdk:"merchant_serial_number"`
}

// credentialDescriptions describe the inputs the same way in every component.
var credentialDescriptions = map[string]string{
	"environment": fmt.Sprintf("The environment the keys belong to: one of %s. Defaults to the provider's `environment`.",
		quotedList(keys.Environments())),
	"client_id":     "The `client_id` (a GUID). Defaults to the provider's `client_id`.",
	"client_secret": "The `client_secret` (canonical Base64). Defaults to the provider's `client_secret`.",
	"subscription_key": "The `Ocp-Apim-Subscription-Key` (primary or secondary). Defaults to the provider's " +
		"`subscription_key`.",
	"merchant_serial_number": "The Merchant Serial Number sent as `Merchant-Serial-Number`: the sales unit the keys " +
		"belong to, or with partner keys the merchant to act for. Defaults to the provider's `merchant_serial_number`.",
}

// resolve merges the inputs with the provider's credentials and reports what is still missing.
func (in credentialInputs) resolve(cc *ConfiguredClient) (vipps.Credentials, diag.Diagnostics) {
	var diags diag.Diagnostics
	if cc == nil {
		diags.Append(providerNotConfigured())
		return vipps.Credentials{}, diags
	}
	if len(cc.Unknown) > 0 {
		diags.Append(unknownProviderArguments(cc.Unknown))
		return vipps.Credentials{}, diags
	}
	pick := func(v types.String, fallback string) string {
		if v.IsNull() || v.IsUnknown() {
			return fallback
		}
		return v.ValueString()
	}
	creds := vipps.Credentials{
		Environment:          pick(in.Environment, cc.Environment),
		ClientID:             pick(in.ClientID, cc.Credentials.ClientID),
		ClientSecret:         pick(in.ClientSecret, cc.Credentials.ClientSecret),
		SubscriptionKey:      pick(in.SubscriptionKey, cc.Credentials.SubscriptionKey),
		MerchantSerialNumber: pick(in.MerchantSerialNumber, cc.Credentials.MerchantSerialNumber),
	}
	var missing []string
	for attr, v := range map[string]string{
		keys.AttrClientID: creds.ClientID, keys.AttrClientSecret: creds.ClientSecret,
		keys.AttrSubscriptionKey: creds.SubscriptionKey,
	} {
		if v == "" {
			missing = append(missing, attr)
		}
	}
	if len(missing) > 0 {
		diags.Append(missingCredentials(missing))
	}
	return creds, diags
}

// accessTokenAttributes are the access token data source's and ephemeral resource's attributes;
// the data source adds a note that it stores the token.
func accessTokenAttributes(storedInState bool) map[string]stringAttr {
	stored := ""
	if storedInState {
		stored = " Stored in state; see the warning above."
	}
	return map[string]stringAttr{
		"environment": {description: credentialDescriptions["environment"], optional: true,
			validators: []validator.String{stringvalidator.OneOf(keys.Environments()...)}},
		"client_id": {description: credentialDescriptions["client_id"], optional: true, sensitive: true,
			validators: []validator.String{keyFormatValidator(keys.AttrClientID)}},
		"client_secret": {description: credentialDescriptions["client_secret"], optional: true, sensitive: true,
			validators: []validator.String{keyFormatValidator(keys.AttrClientSecret)}},
		"subscription_key": {description: credentialDescriptions["subscription_key"], optional: true, sensitive: true,
			validators: []validator.String{keyFormatValidator(keys.AttrSubscriptionKey)}},
		"merchant_serial_number": {description: credentialDescriptions["merchant_serial_number"], optional: true,
			validators: []validator.String{keyFormatValidator(keys.AttrMerchantSerialNumber)}},
		"access_token": {description: "The access token (a JWT)." + stored, sensitive: true},
		"token_type":   {description: "Always `Bearer`."},
		"expires_on":   {description: "When the token expires, in RFC 3339.", customType: timetypes.RFC3339Type{}},
		"authorization_header": {description: "The value of the `Authorization` header for API calls: " +
			"`Bearer <access_token>`. Standard API calls also need the same `Ocp-Apim-Subscription-Key`." + stored,
			sensitive: true},
	}
}
