// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// secretStoreWithTrigger stands in for a secret store's secret version: a terraform_data whose
// changes (a new keys_version, as a rotation writes new keys) run the verify action on the keys,
// which come from ephemeral variables as a store's ephemeral read-back would hand them over. The
// stand-in holds no key, so that nothing secret reaches the state or Terraform's own logs.
const secretStoreWithTrigger = `
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

resource "terraform_data" "secret_store" {
  input = var.keys_version

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.vippsmobilepay_verify_keys.written]
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

// keysVariables are the step's variables for secretStoreWithTrigger.
func keysVariables(version int, ks keys.KeySet) config.Variables {
	return config.Variables{
		"keys_version": config.IntegerVariable(version),
		"keys": config.ObjectVariable(map[string]config.Variable{
			"client_id":                  config.StringVariable(ks.ClientID),
			"client_secret":              config.StringVariable(ks.ClientSecret),
			"subscription_key_primary":   config.StringVariable(ks.SubscriptionKeyPrimary),
			"subscription_key_secondary": config.StringVariable(ks.SubscriptionKeySecondary),
		}),
	}
}

func TestVerifyKeys_triggeredWhenTheSecretStoreChangesProvesTheKeys(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	good := sb.keySet(t, sandbox.DemoMSN, keys.EnvironmentTest)
	wrong := good
	wrong.SubscriptionKeySecondary = "0" + good.SubscriptionKeySecondary[1:] // a rotation that wrote a stale key
	var before int
	countTokens := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := sb.tokenRequests() - before; got != want {
				return fmt.Errorf("the action made %d token exchanges, want %d (one per subscription key)", got, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliActions},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:       func() { before = sb.tokenRequests() },
				Config:          sb.providerBlock() + secretStoreWithTrigger,
				ConfigVariables: keysVariables(1, good),
				Check:           countTokens(2),
			},
			{
				// Nothing changed at the store: the action does not run.
				PreConfig:       func() { before = sb.tokenRequests() },
				Config:          sb.providerBlock() + secretStoreWithTrigger,
				ConfigVariables: keysVariables(1, good),
				Check:           countTokens(0),
			},
			{
				Config:          sb.providerBlock() + secretStoreWithTrigger,
				ConfigVariables: keysVariables(2, wrong),
				ExpectError: expectErrorWords("Key set rejected", "sales unit MSN 123456 in the test environment",
					"subscription_key_primary works, but subscription_key_secondary was refused"),
			},
		},
		ErrorCheck: func(err error) error {
			if err != nil {
				for _, secret := range []string{good.ClientSecret, good.SubscriptionKeyPrimary, wrong.SubscriptionKeySecondary, good.SubscriptionKeySecondary} {
					if strings.Contains(err.Error(), secret) {
						return fmt.Errorf("the error shows a secret: %w", err)
					}
				}
			}
			return err
		},
	})
}

func TestVerifyKeys_secondaryActiveNeedsTheSecondaryKey(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliActions},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
action "vippsmobilepay_verify_keys" "test" {
  config {
    merchant_serial_number   = "123456"
    client_id                = "` + keys.ExampleClientID + `"
    client_secret            = "` + keys.ExampleClientSecret + `"
    subscription_key_primary = "` + keys.ExampleSubscriptionKey + `"
    active_subscription_key  = "secondary"
  }
}
`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`Secondary subscription key missing`),
		}},
	})
}
