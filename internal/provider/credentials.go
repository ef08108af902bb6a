// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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

// What the access token's inputs mean, the same in the data source and the ephemeral resource.
var (
	credentialEnvironmentDescription = fmt.Sprintf("The environment the keys belong to: one of %s. Defaults to "+
		"the provider's `environment`.", quotedList(keys.Environments()))
	credentialClientIDDescription     = "The `client_id` (a GUID). Defaults to the provider's `client_id`."
	credentialClientSecretDescription = "The `client_secret` (canonical Base64). Defaults to the provider's " +
		"`client_secret`."
	credentialSubscriptionKeyDescription = "The `Ocp-Apim-Subscription-Key` (primary or secondary). Defaults to " +
		"the provider's `subscription_key`."
	credentialMSNDescription = "The Merchant Serial Number sent as `Merchant-Serial-Number`: the sales unit the " +
		"keys belong to, or with partner keys the merchant to act for. Defaults to the provider's " +
		"`merchant_serial_number`."
	authorizationHeaderDescription = "The value of the `Authorization` header for API calls: `Bearer " +
		"<access_token>`. Standard API calls also need the same `Ocp-Apim-Subscription-Key`."
)

// storedNote marks the data source's secret results.
const storedNote = " Stored in state; see the warning above."

// resolve merges the inputs with the provider's credentials and reports what is still missing.
func (in credentialInputs) resolve(cc *ConfiguredClient) (vipps.Credentials, diag.Diagnostics) {
	var diags diag.Diagnostics
	if diags.Append(cc.ready(true)...); diags.HasError() {
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
