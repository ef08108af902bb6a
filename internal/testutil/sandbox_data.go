// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package testutil

import (
	"slices"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// UnitsWithKeys is what the sandbox's own data says a list of key sets reaches: the active
// production sales units with API keys of the active merchants for which pick is true, by MSN,
// with their names.
func UnitsWithKeys(d *sandbox.Data, pick func(sandbox.BusinessIdentifier) bool) map[string]string {
	active := map[sandbox.BusinessIdentifier]bool{}
	for _, m := range d.Merchants {
		active[m.BusinessIdentifier] = m.Status == sandbox.MerchantActive
	}
	units := map[string]string{}
	for _, u := range d.SalesUnits {
		if u.Environment == keys.EnvironmentProduction && u.Kind == sandbox.KindAPI && (u.Active == nil || *u.Active) &&
			active[u.Merchant] && pick(u.Merchant) {
			units[u.MerchantSerialNumber] = u.Name
		}
	}
	return units
}

// PartnerMerchants picks the merchants connected to a partner of the sandbox's data.
func PartnerMerchants(d *sandbox.Data, partnerID string) func(sandbox.BusinessIdentifier) bool {
	for _, p := range d.Partners {
		if p.ID == partnerID {
			return func(bi sandbox.BusinessIdentifier) bool { return slices.Contains(p.Merchants, bi) }
		}
	}
	return func(sandbox.BusinessIdentifier) bool { return false }
}
