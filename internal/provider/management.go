// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// managementCredentials are the provider's own keys, for the Management API, which exists only
// in production: partner keys, or a sales unit's keys (which see that merchant's units only).
func managementCredentials(cc *ConfiguredClient) (vipps.Credentials, diag.Diagnostics) {
	creds, diags := credentialInputs{}.resolve(cc)
	creds.Environment = keys.EnvironmentProduction
	return creds, diags
}

// businessIdentifierModel is a merchant's business identifier in every component.
type businessIdentifierModel struct {
	Scheme string `tfsdk:"scheme"`
	ID     string `tfsdk:"id"`
}

func (b businessIdentifierModel) vipps() vipps.BusinessIdentifier {
	return vipps.BusinessIdentifier{Scheme: b.Scheme, ID: b.ID}
}

// salesUnitInfoModel is a sales unit in a list.
type salesUnitInfoModel struct {
	MerchantSerialNumber string `tfsdk:"merchant_serial_number"`
	Name                 string `tfsdk:"name"`
}

const (
	businessIdentifierSchemeDescription = "The identifier scheme: `business:NO:ORG` (Norwegian organisation number), " +
		"`business:DK:CVR` or `business:FI:Y-tunnus`."
	businessIdentifierIDDescription = "The organisation number in that scheme, e.g. `987654321`."
	managementNote                  = "\n\nThe Management API exists only in production: the provider's credentials " +
		"(`client_id`, `client_secret`, `subscription_key`) must be production keys — partner keys, which reach every " +
		"merchant connected to the partner, or a sales unit's keys, which reach that merchant's units only."
)
