// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

func TestBaseURL_returnsEachEnvironmentsHost(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
output "test" {
  value = provider::vippsmobilepay::base_url("test")
}

output "production" {
  value = provider::vippsmobilepay::base_url("production")
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("test", knownvalue.StringExact("https://apitest.vipps.no")),
					statecheck.ExpectKnownOutputValue("production", knownvalue.StringExact("https://api.vipps.no")),
				},
			},
			{
				Config: `
output "staging" {
  value = provider::vippsmobilepay::base_url("staging")
}
`,
				PlanOnly:    true,
				ExpectError: expectErrorWords(`environment must be one of "test" or "production", got "staging"`),
			},
			{
				Config: `
output "null" {
  value = provider::vippsmobilepay::base_url(null)
}
`,
				PlanOnly:    true,
				ExpectError: expectErrorWords("Invalid function argument"),
			},
		},
	})
}
