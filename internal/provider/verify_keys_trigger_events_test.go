// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// What the verify action does with Terraform 1.16's action_trigger on_failure. Its destroy
// events and what 1.16 does to `apply -invoke` with ephemeral keys need the CLI itself:
// internal/e2e/verify_keys_test.go.

// keysProvenWithTaint is the rotating-keys guide's proof record (Terraform 1.16+): a
// terraform_data replaced for every keys_version, whose creation runs the verify action on the
// keys as written, and which is tainted when they fail, so the next plan replaces it (and
// proves the keys again) instead of showing no changes.
const keysProvenWithTaint = `
variable "keys_version" { type = number }

variable "keys" {
  type = object({
    client_id                  = string
    client_secret              = string
    subscription_key_primary   = string
    subscription_key_secondary = string
  })
  sensitive = true
  ephemeral = true
}

resource "terraform_data" "keys_proven" {
  triggers_replace = [var.keys_version]

  lifecycle {
    action_trigger {
      events     = [after_create]
      actions    = [action.vippsmobilepay_verify_keys.written]
      on_failure = taint
    }
  }
}

action "vippsmobilepay_verify_keys" "written" {
  config {
    merchant_serial_number     = "123456"
    environment                = "test"
    client_id                  = var.keys.client_id
    client_secret              = var.keys.client_secret
    subscription_key_primary   = var.keys.subscription_key_primary
    subscription_key_secondary = var.keys.subscription_key_secondary
  }
}
`

func TestVerifyKeys_onFailureTaintKeepsAFailedProofInThePlanUntilTheKeysWork(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	good := sb.keySet(t, sandbox.DemoMSN, keys.EnvironmentTest)
	wrong := good
	wrong.SubscriptionKeySecondary = "0" + good.SubscriptionKeySecondary[1:] // a stale key written
	var before int
	tokens := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := sb.tokenRequests() - before; got != want {
				return fmt.Errorf("the action made %d token exchanges, want %d", got, want)
			}
			return nil
		}
	}
	config := sb.providerBlock() + keysProvenWithTaint
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliActionOnFailure},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          config,
				ConfigVariables: keysVariables(1, wrong),
				ExpectError:     expectErrorWords("Key set rejected", "subscription_key_secondary was refused"),
			},
			{
				// The same keys_version with the keys put right: the failed proof was not
				// forgotten, so the plan replaces it and the action proves the keys again.
				PreConfig:       func() { before = sb.tokenRequests() },
				Config:          config,
				ConfigVariables: keysVariables(1, good),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.keys_proven", plancheck.ResourceActionReplace),
				}},
				Check: tokens(2),
			},
			{
				PreConfig:       func() { before = sb.tokenRequests() },
				Config:          config,
				ConfigVariables: keysVariables(1, good),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: tokens(0),
			},
		},
		ErrorCheck: func(err error) error {
			if err != nil {
				testutil.AssertNoSecretParts(t, "the failed apply", err.Error(),
					good.ClientID, good.ClientSecret, good.SubscriptionKeyPrimary, wrong.SubscriptionKeySecondary)
			}
			return err
		},
	})
}
