// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

func TestSalesUnitDataSource_readsNameMerchantAndConfiguration(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	const address = "data.vippsmobilepay_sales_unit.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.partnerProviderBlock(t) + `
data "vippsmobilepay_sales_unit" "test" {
  merchant_serial_number = "123456"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact("Fjordkaffe Bergen")),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("business_identifier"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"scheme": knownvalue.StringExact(sandbox.SchemeNorway),
					"id":     knownvalue.StringExact(sandbox.DemoOrgFjordkaffe),
				})),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("capture_type"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("configuration").AtMapKey("payment_allowed"), knownvalue.Bool(true)),
			},
		}},
	})
}

func TestSalesUnitDataSource_inactiveUnitIsNotFound(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.partnerProviderBlock(t) + `
data "vippsmobilepay_sales_unit" "test" {
  merchant_serial_number = "` + sandbox.DemoMSNInactive + `"
}
`,
			ExpectError: expectErrorWords("Not found or inactive", "active sales unit with MSN "+sandbox.DemoMSNInactive),
		}},
	})
}

func TestSalesUnitDataSource_testKeysAreRefusedWithAnExplanation(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	testKeys := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.merchantProviderBlock(testKeys) + `
data "vippsmobilepay_sales_unit" "test" {
  merchant_serial_number = "123456"
}
`,
			ExpectError: expectErrorWords("Management API refused the keys", "exists only in production"),
		}},
	})
}

func TestSalesUnitsDataSource_listsAllAndByMerchant(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.partnerProviderBlock(t) + `
data "vippsmobilepay_sales_units" "all" {}

data "vippsmobilepay_sales_units" "fjordkaffe" {
  business_identifier = {
    scheme = "business:NO:ORG"
    id     = "` + sandbox.DemoOrgFjordkaffe + `"
  }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.vippsmobilepay_sales_units.all", tfjsonpath.New("by_msn").AtMapKey("234567").AtMapKey("name"),
					knownvalue.StringExact("Nordlys Sykkelverksted")),
				statecheck.ExpectKnownValue("data.vippsmobilepay_sales_units.fjordkaffe", tfjsonpath.New("by_msn").AtMapKey("123456").AtMapKey("merchant_serial_number"),
					knownvalue.StringExact("123456")),
				statecheck.ExpectKnownValue("data.vippsmobilepay_sales_units.fjordkaffe", tfjsonpath.New("sales_units"), knownvalue.ListSizeExact(2)),
			},
		}},
	})
}
