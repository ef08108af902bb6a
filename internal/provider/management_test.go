// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// partnerProviderBlock configures the provider with the sandbox's production partner keys, as
// a partner managing its merchants would.
func (s *testSandbox) partnerProviderBlock(t *testing.T) string {
	t.Helper()
	partners := s.PartnerKeySets()
	if len(partners) == 0 {
		t.Fatal("the sandbox has no partner keys")
	}
	p := partners[0]
	return fmt.Sprintf(`
provider "vippsmobilepay" {
  base_url         = %q
  environment      = "production"
  client_id        = %q
  client_secret    = %q
  subscription_key = %q
  max_retries      = 1
}
`, s.URL, p.ClientID, p.ClientSecret, p.SubscriptionKeyPrimary)
}

// merchantProviderBlock configures the provider with one sales unit's keys.
func (s *testSandbox) merchantProviderBlock(ks keys.KeySet) string {
	return fmt.Sprintf(`
provider "vippsmobilepay" {
  base_url               = %q
  environment            = %q
  client_id              = %q
  client_secret          = %q
  subscription_key       = %q
  merchant_serial_number = %q
  max_retries            = 1
}
`, s.URL, ks.Environment, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.MerchantSerialNumber)
}
