// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

var functionVersionChecks = []tfversion.TerraformVersionCheck{cliFunctions}

func TestFormatFunctions_judgeValuesLikeTheValidators(t *testing.T) {
	t.Parallel()
	cases := []struct {
		function string
		value    string // an HCL expression
		want     bool
	}{
		{"is_client_id", `"` + keys.ExampleClientID + `"`, true},
		{"is_client_id", `"FB492B5E-7907-4D83-BA20-C7FB60CA35DE"`, true},
		{"is_client_id", `"{fb492b5e-7907-4d83-ba20-c7fb60ca35de}"`, false},
		{"is_client_id", `" fb492b5e-7907-4d83-ba20-c7fb60ca35de"`, false},
		{"is_client_id", `null`, false},
		{"is_client_secret", `"` + keys.ExampleClientSecret + `"`, true},
		{"is_client_secret", `"Y8Kteew6GE2ZmeycEt6egg"`, false},
		{"is_client_secret", `"Y8Kteew6GE2ZmeycEt6egh=="`, false},
		{"is_client_secret", `"c2hvcnQ="`, false},
		{"is_subscription_key", `"` + keys.ExampleSubscriptionKey + `"`, true},
		{"is_subscription_key", `"0F14EBCAB0EC4B29AE0CB90D91B4A84A"`, true},
		{"is_subscription_key", `"not a key"`, false},
		{"is_subscription_key", `""`, false},
		{"is_merchant_serial_number", `"123456"`, true},
		{"is_merchant_serial_number", `"1234"`, true},
		{"is_merchant_serial_number", `"1234567890"`, true},
		{"is_merchant_serial_number", `"123"`, false},
		{"is_merchant_serial_number", `"12345678901"`, false},
		{"is_merchant_serial_number", `"12 345"`, false},
	}
	config := ""
	var checks []statecheck.StateCheck
	for i, tc := range cases {
		name := fmt.Sprintf("case_%d", i)
		config += fmt.Sprintf("output %q {\n  value = provider::vippsmobilepay::%s(%s)\n}\n", name, tc.function, tc.value)
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, knownvalue.Bool(tc.want)))
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigStateChecks: checks,
		}},
	})
}

func TestFormatFunctions_unknownArgumentGivesUnknownResult(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "later" {
  input = "0badc0de-0000-4000-8000-000000000000" # no key set's: terraform_data logs its state
}

output "is_client_id" {
  value = provider::vippsmobilepay::is_client_id(terraform_data.later.output)
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownOutputValue("is_client_id")},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("is_client_id", knownvalue.Bool(true)),
			},
		}},
	})
}

func TestFormatFunctions_workInVariableValidation(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
variable "client_id" {
  type    = string
  default = "not-a-guid"
  validation {
    condition     = provider::vippsmobilepay::is_client_id(var.client_id)
    error_message = "client_id must be the GUID the business portal shows."
  }
}

output "client_id" {
  value = var.client_id
}
`,
			PlanOnly:    true,
			ExpectError: expectErrorWords("client_id must be the GUID the business portal shows."),
		}},
	})
}
