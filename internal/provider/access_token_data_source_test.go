// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// TestAccessTokenDataSource_fiftySharingCredentialsCostOneTokenRequest compares a step with one
// data source against the same step with fifty sharing its credentials: each Terraform command
// runs one provider process, so fifty must cost exactly as many token requests as one does:
// one per run.
func TestAccessTokenDataSource_fiftySharingCredentialsCostOneTokenRequest(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := exampleKeySet()
	provider := providerCredentialsBlock(sb, ks)
	config := func(n int) string {
		return provider + fmt.Sprintf(`
data "vippsmobilepay_access_token" "shared" {
  count = %d
}
`, n)
	}
	var forOne, forFifty int

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: sb.Reset,
				Config:    config(1),
				Check:     func(*terraform.State) error { forOne = sb.tokenRequests(); return nil },
			},
			{
				PreConfig: sb.Reset,
				Config:    config(50),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vippsmobilepay_access_token.shared[0]", tfjsonpath.New("token_type"), knownvalue.StringExact("Bearer")),
					statecheck.ExpectKnownValue("data.vippsmobilepay_access_token.shared[49]", tfjsonpath.New("token_type"), knownvalue.StringExact("Bearer")),
					statecheck.ExpectSensitiveValue("data.vippsmobilepay_access_token.shared[0]", tfjsonpath.New("access_token")),
					statecheck.ExpectSensitiveValue("data.vippsmobilepay_access_token.shared[0]", tfjsonpath.New("authorization_header")),
				},
				Check: func(*terraform.State) error { forFifty = sb.tokenRequests(); return nil },
			},
		},
	})
	if forOne == 0 || forFifty != forOne {
		t.Fatalf("one data source cost %d token requests and fifty cost %d; sharing credentials must cost one per run", forOne, forFifty)
	}
}

// TestAccessTokenDataSource_partnerKeysActForAMerchant: with partner keys in the provider, a
// token for a merchant carries that merchant's MSN in Merchant-Serial-Number.
func TestAccessTokenDataSource_partnerKeysActForAMerchant(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	var mu sync.Mutex
	var sawMSN []string
	sb.onRequest = func(r *http.Request) {
		if r.URL.Path == "/accesstoken/get" {
			mu.Lock()
			sawMSN = append(sawMSN, r.Header.Get("Merchant-Serial-Number"))
			mu.Unlock()
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.partnerProviderBlock(t) + `
data "vippsmobilepay_access_token" "for_merchant" {
  merchant_serial_number = "234567"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.vippsmobilepay_access_token.for_merchant", tfjsonpath.New("token_type"), knownvalue.StringExact("Bearer")),
			},
			Check: func(*terraform.State) error {
				mu.Lock()
				defer mu.Unlock()
				if len(sawMSN) == 0 || sawMSN[0] != "234567" {
					return fmt.Errorf("token requests carried Merchant-Serial-Number %q, want 234567", sawMSN)
				}
				return nil
			},
		}},
	})
}
