// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

func TestMerchantDataSource_readsTheMerchant(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	const address = "data.vippsmobilepay_merchant.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.partnerProviderBlock(t) + `
data "vippsmobilepay_merchant" "test" {
  scheme = "business:NO:ORG"
  id     = "` + sandbox.DemoOrgFjordkaffe + `"
}

data "vippsmobilepay_merchant" "deactivated" {
  scheme = "business:NO:ORG"
  id     = "` + sandbox.DemoOrgBryggeriet + `"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact("Fjordkaffe AS")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("country_code"), knownvalue.StringExact("NO")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.vippsmobilepay_merchant.deactivated", tfjsonpath.New("status"), knownvalue.StringExact("DEACTIVATED")),
			},
		}},
	})
}

func TestMerchantDataSource_rejectsMalformedOrganisationNumberAtPlan(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "vippsmobilepay_merchant" "test" {
  scheme = "business:NO:ORG"
  id     = "98 76"
}
`,
			PlanOnly:    true,
			ExpectError: expectErrorWords("id", "must be 4 to 50 digits or hyphens"),
		}},
	})
}

func TestPricePackagesDataSource_listsThePartnersPackages(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.partnerProviderBlock(t) + `
data "vippsmobilepay_price_packages" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.vippsmobilepay_price_packages.test", tfjsonpath.New("price_packages"), knownvalue.ListSizeExact(4)),
				statecheck.ExpectKnownValue("data.vippsmobilepay_price_packages.test", tfjsonpath.New("price_packages").AtSliceIndex(0).AtMapKey("price_package_id"),
					knownvalue.StringRegexp(uuidPattern)),
			},
		}},
	})
}
