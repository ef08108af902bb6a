// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"strings"
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

// keySetWriteOnlyConfig passes every secret through ephemeral variables into write-only
// arguments, as a user keeping secrets out of state would.
const keySetWriteOnlyConfig = `
variable "merchant_serial_number" { type = string }
variable "environment" { type = string }
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
variable "secrets_wo_version" {
  type    = number
  default = 1
}

resource "vippsmobilepay_key_set" "test" {
  merchant_serial_number        = var.merchant_serial_number
  environment                   = var.environment
  client_id                     = var.client_id
  client_secret_wo              = var.client_secret
  subscription_key_primary_wo   = var.subscription_key_primary
  subscription_key_secondary_wo = var.subscription_key_secondary
  secrets_wo_version            = var.secrets_wo_version
}
`

func secretsOf(sets ...*keys.KeySet) func() []string {
	return func() []string {
		var out []string
		for _, ks := range sets {
			out = append(out, ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary)
		}
		return out
	}
}

// keepWorkingDirs makes plugin-testing leave its working directories (state files, saved
// plans) in a directory the test can search afterwards.
func keepWorkingDirs(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", dir)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	return dir
}

// assertNoSecretInFiles searches plugin-testing's working directories for the secrets, saved
// plans included, and fails unless it found at least one saved plan to search.
func assertNoSecretInFiles(t *testing.T, dir string, secrets []string) {
	t.Helper()
	if n := testutil.AssertNoSecretInFiles(t, dir, secrets); n.Archives == 0 {
		t.Fatalf("searched %d files and no saved plan; the test would prove nothing", n.Files)
	}
}

func TestKeySet_writeOnlySecretsNeverReachStateOrPlan(t *testing.T) {
	workDirs := keepWorkingDirs(t)
	sb := startSandbox(t, sandbox.Options{})
	first := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	setKeySetVariables(t, first)
	var second keys.KeySet

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliWriteOnly},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sb.providerBlock() + keySetWriteOnlyConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						testutil.PlanHoldsNone("a secret", secretsOf(&first)),
						plancheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("fingerprint"), knownvalue.StringExact(first.Fingerprint())),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					testutil.StateHoldsNone("a secret", secretsOf(&first)),
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("client_secret"), knownvalue.Null()),
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("client_secret_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("subscription_key_primary_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("keys_changed_at"), knownvalue.StringRegexp(rfc3339Pattern)),
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("fingerprint"), knownvalue.StringExact(first.Fingerprint())),
				},
			},
			{
				// New keys from the portal, a bumped version: updated in place and verified again.
				PreConfig: func() {
					var err error
					if second, err = sb.RegenerateKeys(first.MerchantSerialNumber, first.Environment); err != nil {
						t.Fatal(err)
					}
					setKeySetVariables(t, second)
					t.Setenv("TF_VAR_secrets_wo_version", "2")
				},
				Config: sb.providerBlock() + keySetWriteOnlyConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						testutil.PlanHoldsNone("a secret", secretsOf(&first, &second)),
						plancheck.ExpectResourceAction(keySetAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(keySetAddress, tfjsonpath.New("verified_at")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					testutil.StateHoldsNone("a secret", secretsOf(&first, &second)),
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("fingerprint"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("secrets_wo_version"), knownvalue.Int64Exact(2)),
				},
				Check: checkKeySetAttr("fingerprint", func() string { return second.Fingerprint() }),
			},
		},
	})
	assertNoSecretInFiles(t, workDirs, secretsOf(&first, &second)())
}

func TestKeySet_writeOnlyWrongSecretStillFailsVerification(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	ks.ClientSecret = "Z" + ks.ClientSecret[1:]
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliWriteOnly},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:          sb.providerBlock() + keySetWriteOnlyConfig,
			ConfigVariables: keySetVariables(ks),
			ExpectError:     expectErrorWords("Key set rejected", "MSN 123456"),
		}},
	})
}

func TestKeySet_exactlyOneOfPlainAndWriteOnly(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	both := keySetConfig(ks, fmt.Sprintf("client_secret_wo = %q", ks.ClientSecret))
	neither := strings.Replace(keySetConfig(ks), fmt.Sprintf("client_secret            = %q\n", ks.ClientSecret), "", 1)
	if neither == keySetConfig(ks) {
		t.Fatal("test setup: client_secret was not removed")
	}
	for name, config := range map[string]string{"both": both, "neither": neither} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliWriteOnly},
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      config,
					PlanOnly:    true,
					ExpectError: expectErrorWords("Exactly one of these attributes must be configured", "client_secret", "client_secret_wo"),
				}},
			})
		})
	}
}

func TestKeySet_rotationTriggersReverifyInPlace(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := exampleKeySet()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + keySetConfig(ks, `rotation_triggers = { rotated = "2026-01" }`)},
			{
				Config: sb.providerBlock() + keySetConfig(ks, `rotation_triggers = { rotated = "2026-02" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(keySetAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(keySetAddress, tfjsonpath.New("verified_at")),
					},
				},
			},
		},
	})
}
