// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// The list resource as a partner uses it from the CLI, for what terraform-plugin-testing cannot
// do: write the blocks `terraform query -generate-config-out` generates, and read `terraform
// query` as a user does.

// partnerProvider configures the provider as a partner in production: partnerEnv, with no
// retries of the sandbox's answers.
func partnerProvider(t *testing.T, sb *testSandbox) map[string]string {
	t.Helper()
	env := partnerEnv(t, sb)
	maps.Copy(env, map[string]string{"VIPPSMOBILEPAY_ENVIRONMENT": keys.EnvironmentProduction, "VIPPSMOBILEPAY_MAX_RETRIES": "1"})
	return env
}

// partnerSecrets are the partner keys partnerProvider passes, client_id included.
func partnerSecrets(sb *testSandbox) []string {
	p := sb.PartnerKeySets()[0]
	return []string{p.ClientID, p.ClientSecret, p.SubscriptionKeyPrimary}
}

// completeGeneratedKeySet fills in a key set block terraform query -generate-config-out wrote,
// as the partners guide says: client_id from a sensitive variable, the secrets write-only from
// an ephemeral one, both keyed by MSN. Terraform marks the sensitive arguments' nulls
// "# sensitive", and since 0.2.0 the write-only ones carry no such mark.
func completeGeneratedKeySet(block string) string {
	msn := generatedMSN.FindStringSubmatch(block)
	if msn == nil {
		return block
	}
	for attr, value := range map[string]string{
		"client_id":                   `var.client_ids["%s"]`,
		"client_secret_wo":            `var.secrets["%s"].client_secret`,
		"subscription_key_primary_wo": `var.secrets["%s"].subscription_key_primary`,
	} {
		line := regexp.MustCompile(`(?m)^(\s*` + attr + `\s*=\s*)null(?: # sensitive)?$`)
		block = line.ReplaceAllString(block, "${1}"+fmt.Sprintf(value, msn[1]))
	}
	return block
}

var generatedMSN = regexp.MustCompile(`(?m)^\s*merchant_serial_number\s*=\s*"(\d+)"$`)

// fleetVariables declares the keys the completed blocks read.
const fleetVariables = `
variable "client_ids" {
  type      = map(string)
  sensitive = true
}

variable "secrets" {
  type = map(object({
    client_secret            = string
    subscription_key_primary = string
  }))
  sensitive = true
  ephemeral = true
}
`

func TestKeySetList_generatedBlocksValidateAndAdoptTheFleetWithWriteOnlyKeys(t *testing.T) {
	needsCLI(t, "query")
	t.Parallel()
	sb := startSandbox(t)
	want := testutil.UnitsWithKeys(sb.Data(), testutil.PartnerMerchants(sb.Data(), sandbox.DemoPartnerID))
	w := newWorkspace(t, "", partnerProvider(t, sb))
	w.write("main.tf", requiredProviders)
	w.write("fleet.tfquery.hcl", `
list "vippsmobilepay_key_set" "fleet" {
  provider = vippsmobilepay
  config {
    environment = "production"
  }
}
`)
	var secrets []string
	clientIDs, keySets := map[string]string{}, map[string]map[string]string{}
	for msn := range want {
		ks := sb.keySet(t, msn, keys.EnvironmentProduction)
		clientIDs[msn] = ks.ClientID
		keySets[msn] = map[string]string{"client_secret": ks.ClientSecret, "subscription_key_primary": ks.SubscriptionKeyPrimary}
		secrets = append(secrets, ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary)
	}
	w.searchTrace(slices.Concat(partnerSecrets(sb), secrets, slices.Collect(maps.Values(clientIDs)))...)
	var seen strings.Builder
	see := func(out string) string { seen.WriteString(out); return out }

	out := see(w.mustTerraform("query", "-no-color", "-generate-config-out=generated.tf"))
	generated := w.read("generated.tf")
	for msn, name := range want {
		if !strings.Contains(out, name) {
			t.Errorf("terraform query does not show %q:\n%s", name, out)
		}
		declared := regexp.MustCompile(`merchant_serial_number\s*=\s*"` + msn + `"`)
		if len(declared.FindAllString(generated, -1)) != 2 { // the import block's identity and the resource block
			t.Errorf("generated.tf does not import and declare MSN %s:\n%s", msn, generated)
		}
	}
	if n := strings.Count(generated, `resource "vippsmobilepay_key_set"`); n != len(want) {
		t.Errorf("generated.tf declares %d key sets, want %d", n, len(want))
	}

	// As generated, the blocks validate; the plan asks for the keys no API reveals.
	if out := see(w.mustTerraform("validate", "-no-color")); !strings.Contains(out, "The configuration is valid") {
		t.Errorf("terraform validate:\n%s", out)
	}
	out, err := w.terraform("plan", "-no-color")
	see(out)
	if err == nil {
		t.Fatalf("terraform plan of key sets without keys succeeded:\n%s", out)
	}
	for msn := range want {
		if !regexp.MustCompile(`(?s)Key set has no keys.*?sales unit\s+MSN\s+` + msn).MatchString(out) {
			t.Errorf("the plan does not ask for the keys of MSN %s:\n%s", msn, out)
		}
	}

	// Filled in with write-only keys, the fleet is adopted and the next plan is empty.
	blocks := strings.Split(generated, "\n\n")
	for i, block := range blocks {
		blocks[i] = completeGeneratedKeySet(block)
	}
	w.write("generated.tf", strings.Join(blocks, "\n\n"))
	w.write("variables.tf", fleetVariables)
	w.setVariable("client_ids", clientIDs)
	w.setVariable("secrets", keySets)
	out = see(w.mustTerraform("apply", "-no-color", "-auto-approve"))
	if summary := fmt.Sprintf("%d imported, 0 added, %d changed, 0 destroyed", len(want), len(want)); !strings.Contains(out, summary) {
		t.Errorf("terraform apply did not say %q:\n%s", summary, out)
	}
	if out, err := w.terraform("plan", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("the plan after adoption is not empty (%v):\n%s", err, see(out))
	}
	testutil.AssertNoSecretParts(t, "the CLI's output", seen.String(), secrets...)
	testutil.AssertNoSecretParts(t, "the state", w.read("terraform.tfstate"), secrets...)
}

func TestKeySetList_anMSNTheKeysDoNotReachIsAWarning(t *testing.T) {
	needsCLI(t, "query")
	t.Parallel()
	sb := startSandbox(t)
	w := newWorkspace(t, "", partnerProvider(t, sb))
	w.searchTrace(partnerSecrets(sb)...)
	w.write("main.tf", requiredProviders)
	w.write("fleet.tfquery.hcl", `
list "vippsmobilepay_key_set" "fleet" {
  provider = vippsmobilepay
  config {
    environment             = "production"
    merchant_serial_numbers = ["123456", "`+sandbox.DemoMSNNotConnected+`"]
  }
}
`)
	out := w.mustTerraform("query", "-no-color")
	if !testutil.ErrorWords("Warning: Sales units not found", "merchant_serial_numbers names "+sandbox.DemoMSNNotConnected,
		"The query lists the others").MatchString(out) {
		t.Errorf("terraform query does not warn about MSN %s:\n%s", sandbox.DemoMSNNotConnected, out)
	}
	if !strings.Contains(out, "merchant_serial_number=123456") || strings.Contains(out, "merchant_serial_number="+sandbox.DemoMSNNotConnected) {
		t.Errorf("terraform query does not list exactly MSN 123456:\n%s", out)
	}
}
