// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// The verify action from the CLI, for what terraform-plugin-testing cannot do: `terraform apply
// -invoke`, and action_trigger's destroy events (Terraform 1.16) with a key set leaving state.

// sandboxProvider points the provider at the sandbox, with no retries of its answers.
func sandboxProvider(sb *testSandbox) map[string]string {
	return map[string]string{"VIPPSMOBILEPAY_BASE_URL": sb.URL, "VIPPSMOBILEPAY_MAX_RETRIES": "1"}
}

// demoKeySet is the sandbox's demo sales unit 123456 in test, with the API keys page's example
// keys, without its secondary key: what the configurations below pass.
func demoKeySet(t *testing.T, sb *testSandbox) keys.KeySet {
	t.Helper()
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	ks.SubscriptionKeySecondary = ""
	return ks
}

// verifyKeysFromVariables is an action whose keys come from sensitive variables, as the action's
// example passes them to `apply -invoke`: not ephemeral ones, which Terraform 1.16 and later
// leave out of an invoked action (TestVerifyKeys_invokeWithEphemeralKeysVerifiesOrSaysTerraformDroppedThem).
const verifyKeysFromVariables = `
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

action "vippsmobilepay_verify_keys" "demo" {
  config {
    merchant_serial_number   = "123456"
    environment              = "test"
    client_id                = var.client_id
    client_secret            = var.client_secret
    subscription_key_primary = var.subscription_key_primary
  }
}
`

func TestVerifyKeys_invokeProvesTheDemoKeysAndRefusesAWrongSecretWithoutShowingIt(t *testing.T) {
	needsCLI(t, "actions")
	t.Parallel()
	sb := startSandbox(t)
	demo := demoKeySet(t, sb)
	wrong := "Z" + demo.ClientSecret[1:] // one character changed, still well-formed
	w := newWorkspace(t, "", sandboxProvider(sb))
	w.searchTrace(demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary, wrong)
	w.write("main.tf", requiredProviders+verifyKeysFromVariables+fmt.Sprintf(`
action "vippsmobilepay_verify_keys" "literal" {
  config {
    merchant_serial_number   = "123456"
    environment              = "test"
    client_id                = %q
    client_secret            = %q
    subscription_key_primary = %q
  }
}
`, demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary))
	w.setVariable("client_id", demo.ClientID)
	w.setVariable("client_secret", demo.ClientSecret)
	w.setVariable("subscription_key_primary", demo.SubscriptionKeyPrimary)

	before := sb.tokenExchanges()
	out := w.mustTerraform("apply", "-no-color", "-auto-approve", "-invoke=action.vippsmobilepay_verify_keys.demo")
	for _, want := range []string{
		"Verifying the API keys of sales unit MSN 123456 in the test environment",
		"subscription_key_primary works",
		"Verified the API keys of sales unit MSN 123456 in the test environment (fingerprint " + demo.Fingerprint() + ")",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("terraform apply -invoke does not report %q:\n%s", want, out)
		}
	}
	if n := sb.tokenExchanges() - before; n != 1 {
		t.Errorf("the action made %d token exchanges, want 1 (one subscription key)", n)
	}
	testutil.AssertNoSecretParts(t, "the output of apply -invoke", out, demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary)

	// Keys written into the configuration are write-only: the plan of the invocation shows none.
	out = w.mustTerraform("apply", "-no-color", "-auto-approve", "-invoke=action.vippsmobilepay_verify_keys.literal")
	if !strings.Contains(out, "client_secret              = (write-only attribute)") {
		t.Errorf("the plan does not show client_secret as write-only:\n%s", out)
	}
	testutil.AssertNoSecretParts(t, "the plan of an action with literal keys", out, demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary)

	// A pasted newline is named before any call.
	before = sb.tokenExchanges()
	w.setVariable("client_secret", demo.ClientSecret+"\n")
	out, err := w.terraform("apply", "-no-color", "-auto-approve", "-invoke=action.vippsmobilepay_verify_keys.demo")
	if err == nil || !testutil.ErrorWords("Invalid client_secret", "trailing newline", "The value is not shown").MatchString(out) {
		t.Errorf("terraform apply -invoke with a pasted newline did not name it (%v):\n%s", err, out)
	}
	if n := sb.tokenExchanges() - before; n != 0 {
		t.Errorf("a malformed client_secret reached the API (%d token exchanges)", n)
	}
	testutil.AssertNoSecretParts(t, "the output of apply -invoke with a malformed key", out, demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary)

	w.setVariable("client_secret", wrong)
	out, err = w.terraform("apply", "-no-color", "-auto-approve", "-invoke=action.vippsmobilepay_verify_keys.demo")
	if err == nil {
		t.Fatalf("terraform apply -invoke with a wrong client_secret succeeded:\n%s", out)
	}
	if !testutil.ErrorWords("Key set rejected", "sales unit MSN 123456 in the test environment", "client_secret was refused").MatchString(out) {
		t.Errorf("terraform apply -invoke does not say the client_secret was refused:\n%s", out)
	}
	testutil.AssertNoSecretParts(t, "the output of a failed apply -invoke", out, wrong, demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary)
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
	needsCLI(t, "actions", "destroy-events")
	t.Parallel()
	sb := startSandbox(t)
	ks := demoKeySet(t, sb)
	w := newWorkspace(t, "", sandboxProvider(sb))
	w.searchTrace(ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary)
	w.write("main.tf", requiredProviders+keySetLeavingState)
	w.setVariable("client_id", ks.ClientID)
	w.setVariable("client_secret", ks.ClientSecret)
	w.setVariable("subscription_key_primary", ks.SubscriptionKeyPrimary)
	apply := func(keep bool) string {
		t.Helper()
		out := w.mustTerraform("apply", "-no-color", "-auto-approve", fmt.Sprintf("-var=keep=%t", keep))
		testutil.AssertNoSecretParts(t, "the output of apply", out, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary)
		return out
	}
	inState := func() string {
		t.Helper()
		out, _ := w.terraform("state", "list", "-no-color")
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
	v := needsCLI(t, "actions")
	t.Parallel()
	sb := startSandbox(t)
	demo := demoKeySet(t, sb)
	w := newWorkspace(t, "", sandboxProvider(sb))
	w.searchTrace(demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary)
	w.write("main.tf", requiredProviders+verifyKeysFromEphemeralVariables)
	w.setVariable("keys", map[string]string{
		"client_id": demo.ClientID, "client_secret": demo.ClientSecret, "subscription_key_primary": demo.SubscriptionKeyPrimary,
	})
	dropsEphemeralValues := v.lacks([]string{"invoke-from-plan"}) == ""

	before := sb.tokenExchanges()
	out, err := w.terraform("apply", "-no-color", "-auto-approve", "-invoke=action.vippsmobilepay_verify_keys.ephemeral")
	testutil.AssertNoSecretParts(t, "the output of apply -invoke", out, demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary)
	calls := sb.tokenExchanges() - before
	if !dropsEphemeralValues {
		if err != nil || !strings.Contains(out, "Verified the API keys of sales unit MSN 123456") || calls != 1 {
			t.Errorf("%s: apply -invoke with ephemeral keys did not verify them with one token exchange (%v, %d):\n%s", v, err, calls, out)
		}
		return
	}
	if err == nil {
		t.Fatalf("%s: apply -invoke with keys it does not send succeeded:\n%s", v, out)
	}
	if !testutil.ErrorWords("Action arguments not received", "client_id, client_secret and subscription_key_primary",
		"ephemeral", "no request was sent").MatchString(out) {
		t.Errorf("%s: apply -invoke does not say which keys did not arrive and why:\n%s", v, out)
	}
	if strings.Contains(out, "missing credentials") {
		t.Errorf("the action ran on empty keys:\n%s", out)
	}
	if calls != 0 {
		t.Errorf("the action made %d token exchanges without keys", calls)
	}
}
