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
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// The ephemeral key set feeds a write-only consumer (here the key set resource's own
// write-only arguments) and the echo provider; no secret may land in plan, state or files.
const keySetEphemeralConfig = `
variable "client_id" {
  type      = string
  sensitive = true
}
variable "client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "subscription_key_primary" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "subscription_key_secondary" {
  type      = string
  sensitive = true
  ephemeral = true
}

ephemeral "vippsmobilepay_key_set" "source" {
  merchant_serial_number     = "123456"
  client_id                  = var.client_id
  client_secret              = var.client_secret
  subscription_key_primary   = var.subscription_key_primary
  subscription_key_secondary = var.subscription_key_secondary
  active_subscription_key    = "secondary"
}

resource "vippsmobilepay_key_set" "consumer" {
  merchant_serial_number      = "123456"
  client_id                   = var.client_id
  client_secret_wo            = ephemeral.vippsmobilepay_key_set.source.client_secret
  subscription_key_primary_wo = ephemeral.vippsmobilepay_key_set.source.subscription_key
  secrets_wo_version          = 1
}

provider "echo" {
  data = {
    id             = ephemeral.vippsmobilepay_key_set.source.id
    fingerprint    = ephemeral.vippsmobilepay_key_set.source.fingerprint
    bearer         = startswith(ephemeral.vippsmobilepay_key_set.source.authorization_header, "Bearer ")
    msn_in_json    = jsondecode(ephemeral.vippsmobilepay_key_set.source.credentials_json).merchant_serial_number
    verified       = ephemeral.vippsmobilepay_key_set.source.verified_at != null
  }
}

resource "echo" "key_set" {}
`

func TestKeySetEphemeral_feedsWriteOnlyConsumersWithNothingInState(t *testing.T) {
	workDirs := keepWorkingDirs(t)
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	setKeySetVariables(t, ks)
	consumer := "vippsmobilepay_key_set.consumer"

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliEphemeral, cliWriteOnly},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + keySetEphemeralConfig,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{testutil.PlanHoldsNone("a secret", secretsOf(&ks))},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				testutil.StateHoldsNone("a secret", secretsOf(&ks)),
				statecheck.ExpectKnownValue("echo.key_set", tfjsonpath.New("data").AtMapKey("id"), knownvalue.StringExact("test/123456")),
				statecheck.ExpectKnownValue("echo.key_set", tfjsonpath.New("data").AtMapKey("fingerprint"), knownvalue.StringExact(ks.Fingerprint())),
				statecheck.ExpectKnownValue("echo.key_set", tfjsonpath.New("data").AtMapKey("bearer"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("echo.key_set", tfjsonpath.New("data").AtMapKey("msn_in_json"), knownvalue.StringExact("123456")),
				statecheck.ExpectKnownValue("echo.key_set", tfjsonpath.New("data").AtMapKey("verified"), knownvalue.Bool(true)),
				// The consumer got the secondary key as its primary and verified it.
				statecheck.ExpectKnownValue(consumer, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				statecheck.ExpectKnownValue(consumer, tfjsonpath.New("fingerprint"), knownvalue.StringExact(keys.KeySet{
					MerchantSerialNumber: ks.MerchantSerialNumber, Environment: ks.Environment, ClientID: ks.ClientID,
					ClientSecret: ks.ClientSecret, SubscriptionKeyPrimary: ks.SubscriptionKeySecondary,
				}.Fingerprint())),
			},
		}},
	})
	assertNoSecretInFiles(t, workDirs, secretsOf(&ks)())
}

func TestKeySetEphemeral_rejectedKeysFailNamingMSN(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	ks.SubscriptionKeySecondary = "00000000000000000000000000000000"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliEphemeral, cliWriteOnly},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{{
			Config:          sb.providerBlock() + keySetEphemeralConfig,
			ConfigVariables: keySetVariables(ks),
			ExpectError:     expectErrorWords("Key set rejected", "MSN 123456", "subscription_key_secondary"),
		}},
	})
}

func TestKeySetEphemeral_readsTheSalesUnitNameInProduction(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentProduction)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliEphemeral},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + fmt.Sprintf(`
ephemeral "vippsmobilepay_key_set" "prod" {
  environment              = "production"
  merchant_serial_number   = %q
  client_id                = %q
  client_secret            = %q
  subscription_key_primary = %q
}

provider "echo" {
  data = ephemeral.vippsmobilepay_key_set.prod.sales_unit_name
}

resource "echo" "name" {}
`, ks.MerchantSerialNumber, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.name", tfjsonpath.New("data"), knownvalue.StringExact("Fjordkaffe Bergen")),
			},
		}},
	})
}
