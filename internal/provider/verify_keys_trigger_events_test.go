package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// What the verify action does with Terraform 1.16's action_trigger: on_failure and the destroy
// events; and what 1.16 does to `apply -invoke` with ephemeral keys.

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

// keySetLeavingState is a stateful key set (keys in state, sensitive) that runs the verify
// action on its own keys, through caller, before it leaves state; a refusal is a warning.
const keySetLeavingState = `
variable "keep" { type = bool }

variable "client_id" {
  type      = string
  sensitive = true
}

variable "client_secret" {
  type      = string
  sensitive = true
}

variable "subscription_key_primary" {
  type      = string
  sensitive = true
}

resource "vippsmobilepay_key_set" "shop" {
  count = var.keep ? 1 : 0

  merchant_serial_number   = "123456"
  environment              = "test"
  client_id                = var.client_id
  client_secret            = var.client_secret
  subscription_key_primary = var.subscription_key_primary

  lifecycle {
    action_trigger {
      events     = [before_destroy]
      actions    = [action.vippsmobilepay_verify_keys.leaving]
      on_failure = continue
    }
  }
}

action "vippsmobilepay_verify_keys" "leaving" {
  config {
    merchant_serial_number     = caller.merchant_serial_number
    environment                = caller.environment
    client_id                  = caller.client_id
    client_secret              = caller.client_secret
    subscription_key_primary   = caller.subscription_key_primary
    subscription_key_secondary = caller.subscription_key_secondary
    active_subscription_key    = caller.active_subscription_key
  }
}
`

func TestVerifyKeys_beforeDestroyProvesTheKeysThatLeaveStateAndNeverBlocksTheRemoval(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	ks := exampleKeySet() // the sandbox's demo sales unit, without a secondary key
	w := newCLIWorkspace(t, cliActionDestroyEvents, map[string]string{
		"main.tf": requiredProviders + sb.providerBlock() + keySetLeavingState,
	})
	w.setVariable("client_id", ks.ClientID)
	w.setVariable("client_secret", ks.ClientSecret)
	w.setVariable("subscription_key_primary", ks.SubscriptionKeyPrimary)
	w.mustRun("init", "-no-color")
	apply := func(keep bool) string {
		t.Helper()
		out := w.mustRun("apply", "-no-color", "-auto-approve", fmt.Sprintf("-var=keep=%t", keep))
		testutil.AssertNoSecretParts(t, "the output of apply", out, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary)
		return out
	}
	inState := func() string {
		t.Helper()
		out, _ := w.run("state", "list", "-no-color")
		return strings.TrimSpace(out)
	}

	apply(true)
	out := apply(false)
	for _, want := range []string{
		"Action started: action.vippsmobilepay_verify_keys.leaving",
		"Verified the API keys of sales unit MSN 123456 in the test environment (fingerprint " + ks.Fingerprint() + ")",
		"1 destroyed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("removing a key set whose keys work does not report %q:\n%s", want, out)
		}
	}
	if s := inState(); s != "" {
		t.Errorf("the key set is still in state: %s", s)
	}

	// Keys regenerated in the portal since: the removal still goes through, with the refusal
	// as a warning.
	apply(true)
	if _, err := sb.RegenerateKeys(sandbox.DemoMSN, keys.EnvironmentTest); err != nil {
		t.Fatal(err)
	}
	out = apply(false)
	for _, want := range []string{"Action failed: action.vippsmobilepay_verify_keys.leaving",
		"Warning: Key set rejected", "with action.vippsmobilepay_verify_keys.leaving, called from vippsmobilepay_key_set.shop[0]",
		"1 destroyed"} {
		if !strings.Contains(out, want) {
			t.Errorf("removing a key set whose keys were regenerated does not report %q:\n%s", want, out)
		}
	}
	if s := inState(); s != "" {
		t.Errorf("a refusal kept the key set in state: %s", s)
	}
}

// verifyKeysFromEphemeralVariables is an action whose keys come from ephemeral variables.
const verifyKeysFromEphemeralVariables = `
variable "keys" {
  type = object({
    client_id                = string
    client_secret            = string
    subscription_key_primary = string
  })
  sensitive = true
  ephemeral = true
}

action "vippsmobilepay_verify_keys" "ephemeral" {
  config {
    merchant_serial_number   = "123456"
    environment              = "test"
    client_id                = var.keys.client_id
    client_secret            = var.keys.client_secret
    subscription_key_primary = var.keys.subscription_key_primary
  }
}
`

// Terraform 1.14 and 1.15 evaluate an invoked action's configuration again at apply, ephemeral
// values included; 1.16 sends the planned one, which has none. There the action must say so
// and call nothing, rather than fail as if the keys were missing from the configuration.
func TestVerifyKeys_invokeWithEphemeralKeysVerifiesOrSaysTerraformDroppedThem(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	demo := exampleKeySet()
	w := newCLIWorkspace(t, cliActions, map[string]string{
		"main.tf": requiredProviders + sb.providerBlock() + verifyKeysFromEphemeralVariables,
	})
	w.setVariable("keys", map[string]string{
		"client_id": demo.ClientID, "client_secret": demo.ClientSecret, "subscription_key_primary": demo.SubscriptionKeyPrimary,
	})
	w.mustRun("init", "-no-color")
	_, v, err := cliUnderTest()
	if err != nil {
		t.Fatal(err)
	}
	dropsEphemeralValues := cliInvokeFromPlan.missingFrom(testCLIIsOpenTofu(), v) == ""

	before := sb.tokenRequests()
	out, err := w.run("apply", "-no-color", "-auto-approve", "-invoke=action.vippsmobilepay_verify_keys.ephemeral")
	testutil.AssertNoSecretParts(t, "the output of apply -invoke", out, demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary)
	calls := sb.tokenRequests() - before
	if !dropsEphemeralValues {
		if err != nil || !strings.Contains(out, "Verified the API keys of sales unit MSN 123456") || calls != 1 {
			t.Errorf("Terraform %s: apply -invoke with ephemeral keys did not verify them with one token exchange (%v, %d):\n%s", v, err, calls, out)
		}
		return
	}
	if err == nil {
		t.Fatalf("Terraform %s: apply -invoke with keys it does not send succeeded:\n%s", v, out)
	}
	if !expectErrorWords("Action arguments not received", "client_id, client_secret and subscription_key_primary",
		"ephemeral", "no request was sent").MatchString(out) {
		t.Errorf("Terraform %s: apply -invoke does not say which keys did not arrive and why:\n%s", v, out)
	}
	if strings.Contains(out, "missing credentials") {
		t.Errorf("the action ran on empty keys:\n%s", out)
	}
	if calls != 0 {
		t.Errorf("the action made %d token exchanges without keys", calls)
	}
}
