// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

func TestKeySetProblems_listsEveryProblemInTheResourcesWords(t *testing.T) {
	t.Parallel()
	// A bare null has no type. Terraform passes it to the provider; OpenTofu (through go-cty)
	// does not call a function whose parameter cannot take an untyped value, so the result
	// stays unknown and every plan shows the output "known after apply": nothing a provider
	// can change. A typed null, as an unset variable gives, reaches the provider on both.
	nullLiteral := `
output "null_literal" {
  value = provider::vippsmobilepay::key_set_problems(null)
}
`
	checks := []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("null_literal", knownvalue.ListExact([]knownvalue.Check{}))}
	if testCLIIsOpenTofu() {
		nullLiteral, checks = "", nil
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
output "good" {
  value = provider::vippsmobilepay::key_set_problems({
    merchant_serial_number = "123456"
    environment            = "test"
    client_id              = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
    client_secret          = "Y8Kteew6GE2ZmeycEt6egg=="
    subscription_key       = "0f14ebcab0ec4b29ae0cb90d91b4a84a"
  })
}

output "bad" {
  value = provider::vippsmobilepay::key_set_problems({
    merchant_serial_number = "12"
    environment            = "staging"
    client_id              = "nope"
    client_secret          = "nope"
    subscription_key       = "nope!"
  })
}

output "partial" {
  value = provider::vippsmobilepay::key_set_problems({ client_id = "nope", client_secret = null })
}

output "number_msn" {
  value = provider::vippsmobilepay::key_set_problems({ merchant_serial_number = 123456 })
}

variable "no_key_set" {
  type    = object({ client_id = string })
  default = null
}

output "null" {
  value = provider::vippsmobilepay::key_set_problems(var.no_key_set)
}

output "same_key_twice" {
  value = provider::vippsmobilepay::key_set_problems({
    subscription_key_primary   = "` + keys.ExampleSubscriptionKey + `"
    subscription_key_secondary = "` + strings.ToUpper(keys.ExampleSubscriptionKey) + `"
  })
}

# The whole resource may be passed: its attributes that are no key are not checked.
output "resource_like" {
  value = provider::vippsmobilepay::key_set_problems({
    client_id               = "` + keys.ExampleClientID + `"
    active_subscription_key = "primary"
    verify                  = true
    fingerprint             = "sha256:6994428b3740cc24"
    rotation_triggers       = { month = "2026-12" }
  })
}

output "pasted_newline" {
  value = provider::vippsmobilepay::key_set_problems({ client_secret = "` + keys.ExampleClientSecret + `\n" })
}
` + nullLiteral,
			ConfigStateChecks: append([]statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("good", knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownOutputValue("bad", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("merchant_serial_number " + keys.ProblemMerchantSerialNumber + "."),
					knownvalue.StringExact("environment " + keys.ProblemEnvironment + "."),
					knownvalue.StringExact("client_id " + keys.ProblemClientID + "."),
					knownvalue.StringExact("client_secret " + keys.ProblemClientSecret + "."),
					knownvalue.StringExact("subscription_key " + keys.ProblemSubscriptionKey + "."),
				})),
				statecheck.ExpectKnownOutputValue("partial", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("client_id " + keys.ProblemClientID + "."),
				})),
				statecheck.ExpectKnownOutputValue("number_msn", knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownOutputValue("null", knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownOutputValue("resource_like", knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownOutputValue("same_key_twice", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("subscription_key_secondary " + keys.ProblemSameSubscriptionKey + "."),
				})),
				statecheck.ExpectKnownOutputValue("pasted_newline", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("client_secret has a trailing newline; remove it (trimspace())."),
				})),
			}, checks...),
		}},
	})
}

func TestKeySetProblems_sameWordsAsTheValidationDiagnostic(t *testing.T) {
	t.Parallel()
	bad := exampleKeySet()
	bad.ClientID = "nope"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      keySetConfig(bad),
			PlanOnly:    true,
			ExpectError: expectErrorWords("client_id " + keys.ProblemClientID + "."),
		}},
	})
}

func TestKeySetProblems_unknownValueGivesUnknownResult(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "terraform_data" "later" {
  input = "nope"
}

output "unknown" {
  value = provider::vippsmobilepay::key_set_problems({ client_id = terraform_data.later.output })
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownOutputValue("unknown")},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("unknown", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("client_id " + keys.ProblemClientID + "."),
					})),
				},
			},
		},
	})
}

func TestKeySetProblems_rejectsAttributesThatAreNotKeySetAttributes(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
output "typo" {
  value = provider::vippsmobilepay::key_set_problems({ clientid = "x", fingerprint = "sha256:0", verify = true })
}
`,
				PlanOnly:    true,
				ExpectError: expectErrorWords(`key_set has an attribute "clientid" that is not a key set attribute`),
			},
		},
	})
}
