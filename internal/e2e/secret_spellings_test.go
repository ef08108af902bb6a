// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// secretSpellingsConfig holds the three components that verify keys: a key set resource, the
// ephemeral key set and the verify action, all fed by one sensitive variable.
const secretSpellingsConfig = `
terraform {
  required_providers {
    vippsmobilepay = { source = "vippsmobilepay-community/vippsmobilepay" }
  }
}

variable "keys" {
  type = object({
    client_id                = string
    client_secret            = string
    subscription_key_primary = string
  })
  sensitive = true
}

%s
`

var secretSpellingsComponents = map[string]string{
	"resource": `
resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number   = "123456"
  environment              = "test"
  client_id                = var.keys.client_id
  client_secret            = var.keys.client_secret
  subscription_key_primary = var.keys.subscription_key_primary
}
`,
	"ephemeral resource": `
ephemeral "vippsmobilepay_key_set" "shop" {
  merchant_serial_number   = "123456"
  environment              = "test"
  client_id                = var.keys.client_id
  client_secret            = var.keys.client_secret
  subscription_key_primary = var.keys.subscription_key_primary
}

locals {
  opened = ephemeral.vippsmobilepay_key_set.shop.fingerprint
}

resource "terraform_data" "consumer" {
  input = "x"
  lifecycle {
    precondition {
      condition     = local.opened != ""
      error_message = "the ephemeral key set was not opened"
    }
  }
}
`,
	"action": `
action "vippsmobilepay_verify_keys" "shop" {
  config {
    merchant_serial_number   = "123456"
    environment              = "test"
    client_id                = var.keys.client_id
    client_secret            = var.keys.client_secret
    subscription_key_primary = var.keys.subscription_key_primary
  }
}
`,
}

// TestSecretSpellings_anUpperCaseClientIDIsInNoSpellingOfATraceRun: a client_id written in
// upper case (a valid GUID) with a wrong client_secret. Azure AD refuses the secret and names
// the app by its ID in lower case (the sandbox does as it does); issue 18 found that spelling
// in the resource's error, the ephemeral resource's, the action's progress lines and the TRACE
// log's API responses. Under TF_LOG=TRACE, the resource's apply, the ephemeral resource's plan
// and the action's apply -invoke must fail with the refusal, and neither their output nor the
// TRACE log (Terraform's and the provider's) may hold the ID in any case, with or without its
// hyphens, nor the secrets.
func TestSecretSpellings_anUpperCaseClientIDIsInNoSpellingOfATraceRun(t *testing.T) {
	acceptance(t)
	sb := startSandbox(t)
	var ks keys.KeySet
	for _, k := range sb.KeySets() {
		if k.MerchantSerialNumber == keys.ExampleMerchantSerialNumber && k.Environment == keys.EnvironmentTest {
			ks = k
		}
	}
	upper := strings.ToUpper(ks.ClientID)
	if upper == ks.ClientID || keys.CheckClientID(upper) != "" {
		t.Fatalf("test setup: the demo client_id has no lower-case letters, or its upper case is no GUID")
	}
	wrong := "Z" + ks.ClientSecret[1:]
	if wrong == ks.ClientSecret {
		wrong = "Y" + ks.ClientSecret[1:]
	}
	secrets := []string{wrong, ks.ClientSecret, ks.SubscriptionKeyPrimary}
	spellings := []string{strings.ToLower(ks.ClientID), strings.ReplaceAll(strings.ToLower(ks.ClientID), "-", "")}

	for _, component := range []string{"resource", "ephemeral resource", "action"} {
		t.Run(component, func(t *testing.T) {
			cli, args := terraformPath, []string{"apply", "-auto-approve"}
			switch component {
			case "ephemeral resource":
				args = []string{"plan"}
			case "action":
				cli, args = modernTerraform(t), []string{"apply", "-auto-approve", "-invoke=action.vippsmobilepay_verify_keys.shop"}
			}
			dir := t.TempDir()
			writeFile(t, dir, "main.tf", fmt.Sprintf(secretSpellingsConfig, secretSpellingsComponents[component]))
			writeFile(t, dir, "keys.auto.tfvars.json", jsonText(t, map[string]any{"keys": map[string]string{
				"client_id": upper, "client_secret": wrong, "subscription_key_primary": ks.SubscriptionKeyPrimary,
			}}))
			traceLog := filepath.Join(dir, "trace.log")
			before := requests(sb)
			out, err := runCLI(t, cli, dir, []string{
				"VIPPSMOBILEPAY_BASE_URL=" + sb.URL, "TF_LOG=TRACE", "TF_LOG_PATH=" + traceLog,
			}, append(args, "-no-color", "-input=false")...)
			if err == nil {
				t.Fatalf("terraform %s succeeded with a wrong client_secret:\n%s", args[0], redact(out, append(secrets, spellings...)))
			}
			if requests(sb) == before {
				t.Fatalf("no request reached the sandbox; the test would prove nothing:\n%s", redact(out, append(secrets, spellings...)))
			}
			flat := strings.Join(strings.Fields(out), " ")
			for _, want := range []string{"Key set rejected", "The client_secret was refused"} {
				if !strings.Contains(flat, want) {
					t.Errorf("the output does not say %q:\n%s", want, redact(out, append(secrets, spellings...)))
				}
			}
			trace, err := os.ReadFile(traceLog)
			if err != nil {
				t.Fatal(err)
			}
			// The provider's own HTTP log of the refusal, which names the app, is there.
			if !strings.Contains(string(trace), "Vipps MobilePay API response") || !strings.Contains(string(trace), "for a secret added to app '") {
				t.Errorf("the TRACE log does not hold the provider's log of the refusal; the test would prove nothing")
			}
			for where, text := range map[string]string{"the output of terraform " + args[0]: out, "the TRACE log": string(trace)} {
				lower := strings.ToLower(text)
				for i, s := range spellings {
					if strings.Contains(lower, s) {
						t.Errorf("%s holds the client_id (spelling #%d: any case, hyphens %v)", where, i+1, i == 0)
					}
				}
				testutil.AssertNoSecrets(t, where, text, secrets...)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// runCLI runs a CLI in dir with the tests' environment plus env, and returns its standard
// output and error, interleaved as a user sees them.
func runCLI(t *testing.T, cli, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
