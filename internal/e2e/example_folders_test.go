// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// The import files of a resource's examples: alternatives, each with resource.tf (see the
// folders' README.md).
const (
	importByStringID = "import-by-string-id.tf"
	// importByIdentity ("import-by-identity.tf") is in examples_test.go.

	// exampleOrderID is the product order the import examples name; the test puts a sandbox
	// order's ID in its place, as the folder's README tells a user to.
	exampleOrderID = "81b83246-5c19-7b94-875b-ea6d1114f099"
)

// exampleCredentials are the provider credentials an example folder needs (the rest need
// none): a sales unit's test keys for an access token, production partner keys for the
// Management API.
var exampleCredentials = map[string]string{
	"data-sources/vippsmobilepay_access_token":        "test",
	"ephemeral-resources/vippsmobilepay_access_token": "test",
	"data-sources/vippsmobilepay_merchant":            "partner",
	"data-sources/vippsmobilepay_price_packages":      "partner",
	"data-sources/vippsmobilepay_sales_unit":          "partner",
	"data-sources/vippsmobilepay_sales_units":         "partner",
	"resources/vippsmobilepay_product_order":          "partner",
	"list-resources/vippsmobilepay_key_set":           "partner",
	"partner-fleet":                                   "partner",
}

// TestExampleFolders_workWhenCopied copies every example folder as a user would, and runs
// `terraform init` (the provider from ~/.terraform.d/plugins, as after `make install-local`),
// `validate` and, against the sandbox with its demo keys in the folder's variables, `plan`
// (`query` for list resources), on the CLI under test. A folder whose files are alternatives
// (a resource's two import files) runs once per combination its README names; a folder that
// uses a feature the CLI lacks is skipped. The secret stores' folders need other providers,
// which cannot be installed here: TestExamples_areFormattedAndValidateAgainstTheSchema checks
// their vippsmobilepay part.
func TestExampleFolders_workWhenCopied(t *testing.T) {
	acceptance(t)
	cli, err := cliUnderTest()
	if err != nil {
		t.Fatal(err)
	}
	folders := exampleDirs(t)
	if len(folders) < 20 {
		t.Fatalf("found only %d example folders", len(folders))
	}
	for _, folder := range folders {
		t.Run(folder, func(t *testing.T) {
			t.Parallel()
			if strings.HasPrefix(folder, "secret-stores"+string(filepath.Separator)) {
				t.Skip("needs another provider (aws, vault, ...), which cannot be installed here")
			}
			var needs []string
			switch {
			case strings.HasPrefix(folder, "actions"+string(filepath.Separator)):
				needs = []string{"actions"}
			case strings.HasPrefix(folder, "list-resources"+string(filepath.Separator)):
				needs = []string{"query"}
			}
			if missing := cli.lacks(needs); missing != "" {
				t.Skipf("%s has no %s", cli, missing)
			}
			sb := startSandbox(t)
			start := time.Now()
			for _, v := range exampleVariants(t, folder) {
				if missing := cli.lacks(v.needs); missing != "" {
					t.Logf("%s: skipped, %s has no %s", v.name, cli, missing)
					continue
				}
				runExampleVariant(t, sb, folder, v)
				if t.Failed() {
					return
				}
			}
			t.Logf("%s in %s", folder, time.Since(start).Round(100*time.Millisecond))
		})
	}
}

// exampleVariant is one way of using an example folder: its files without the left-out ones.
type exampleVariant struct {
	name    string
	leave   []string // files not copied
	needs   []string
	command string // plan, or query
	apply   bool   // also apply (later variants find what it made)
}

func exampleVariants(t *testing.T, folder string) []exampleVariant {
	t.Helper()
	command := "plan"
	if strings.HasPrefix(folder, "list-resources") {
		command = "query"
	}
	dir := filepath.Join(repoRoot, "examples", folder)
	_, errID := os.Stat(filepath.Join(dir, importByIdentity))
	_, errString := os.Stat(filepath.Join(dir, importByStringID))
	if errID != nil || errString != nil {
		return []exampleVariant{{name: "as copied", command: command}}
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		t.Errorf("examples/%s has alternative import files and no README.md saying which go together", folder)
	}
	// resource.tf alone is applied too: its keys must be the sandbox's, and the product order
	// it makes is the one the import files then name.
	return []exampleVariant{
		{name: "resource.tf", leave: []string{importByIdentity, importByStringID}, command: command, apply: true},
		{name: "resource.tf and " + importByStringID, leave: []string{importByIdentity}, command: command},
		{name: "resource.tf and " + importByIdentity, leave: []string{importByStringID}, command: command, needs: []string{"identity"}},
	}
}

func runExampleVariant(t *testing.T, sb *testSandbox, folder string, v exampleVariant) {
	t.Helper()
	env, _ := userEnv(t)
	env = append(env, "VIPPSMOBILEPAY_BASE_URL="+sb.URL, "TF_CLI_ARGS_apply=-auto-approve")
	env = append(env, exampleVariables(t, sb, folder)...)
	env = append(env, exampleProviderCredentials(t, sb, folder)...)
	dir := filepath.Join(t.TempDir(), filepath.Base(folder))
	copyModule(t, filepath.Join(repoRoot, "examples", folder), dir)
	for _, name := range v.leave {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if orders := sb.ProductOrders(); len(orders) > 0 {
		replaceInFiles(t, dir, exampleOrderID, orders[0].ID)
	}
	steps := [][]string{{"init", "-input=false"}, {"validate"}, {v.command}}
	if v.apply {
		steps = append(steps, []string{"apply", "-input=false"})
	}
	for _, args := range steps {
		cmd := exec.Command(terraformPath, append(args, "-no-color")...)
		cmd.Dir, cmd.Env = dir, env
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s: terraform %s: %v\n%s", v.name, args[0], err, lastLines(string(out), 40))
			return
		}
		t.Logf("%s: terraform %s in %s", v.name, args[0], time.Since(start).Round(100*time.Millisecond))
	}
}

// exampleVariables are TF_VAR_ values for every variable an example folder may declare, from
// the sandbox's demo data; a folder ignores those it does not declare.
func exampleVariables(t *testing.T, sb *testSandbox, folder string) []string {
	t.Helper()
	keySet := func(msn, environment string) keys.KeySet {
		for _, ks := range sb.KeySets() {
			if ks.MerchantSerialNumber == msn && ks.Environment == environment {
				return ks
			}
		}
		t.Fatalf("the sandbox has no key set %s/%s", environment, msn)
		return keys.KeySet{}
	}
	test := keySet(keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	shop := test
	if folder == filepath.Join("resources", "vippsmobilepay_key_set") || strings.HasPrefix(folder, "actions") {
		shop = keySet(keys.ExampleMerchantSerialNumber, keys.EnvironmentProduction) // their "shop" is in production
	}
	kiosk := keySet("234567", keys.EnvironmentTest)
	values := map[string]any{
		"client_id":                      test.ClientID,
		"client_secret":                  test.ClientSecret,
		"subscription_key_primary":       test.SubscriptionKeyPrimary,
		"subscription_key_secondary":     test.SubscriptionKeySecondary,
		"subscription_key":               test.SubscriptionKeyPrimary,
		"kiosk_client_secret":            kiosk.ClientSecret,
		"kiosk_subscription_key_primary": kiosk.SubscriptionKeyPrimary,
		"merchant_serial_numbers":        []string{test.MerchantSerialNumber},
		"subscription_keys":              map[string]string{"primary": test.SubscriptionKeyPrimary, "secondary": test.SubscriptionKeySecondary},
		"shop_keys": map[string]string{
			"client_id": shop.ClientID, "client_secret": shop.ClientSecret,
			"subscription_key_primary": shop.SubscriptionKeyPrimary, "subscription_key_secondary": shop.SubscriptionKeySecondary,
		},
		"written_keys": map[string]string{
			"client_id": shop.ClientID, "client_secret": shop.ClientSecret, "subscription_key_primary": shop.SubscriptionKeyPrimary,
		},
		"key_set": map[string]string{
			"merchant_serial_number": test.MerchantSerialNumber, "environment": test.Environment, "client_id": test.ClientID,
			"client_secret": test.ClientSecret, "subscription_key_primary": test.SubscriptionKeyPrimary,
		},
	}
	declared := requiredVariables(t, filepath.Join(repoRoot, "examples", folder))
	var env []string
	for _, name := range declared {
		if _, ok := values[name]; !ok {
			t.Fatalf("examples/%s declares variable %q without a default, which this test does not know how to set", folder, name)
		}
	}
	for name, v := range values {
		s, ok := v.(string)
		if !ok {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			s = string(b)
		}
		env = append(env, "TF_VAR_"+name+"="+s)
	}
	slices.Sort(env)
	return env
}

// exampleProviderCredentials are the VIPPSMOBILEPAY_ variables of the provider credentials a
// folder needs (exampleCredentials).
func exampleProviderCredentials(t *testing.T, sb *testSandbox, folder string) []string {
	t.Helper()
	var ks keys.KeySet
	switch exampleCredentials[filepath.ToSlash(folder)] {
	case "test":
		for _, k := range sb.KeySets() {
			if k.MerchantSerialNumber == keys.ExampleMerchantSerialNumber && k.Environment == keys.EnvironmentTest {
				ks = k
			}
		}
	case "partner":
		partners := sb.PartnerKeySets()
		if len(partners) == 0 {
			t.Fatal("the sandbox has no partner keys")
		}
		ks = partners[0]
	default:
		return nil
	}
	env := []string{
		"VIPPSMOBILEPAY_CLIENT_ID=" + ks.ClientID,
		"VIPPSMOBILEPAY_CLIENT_SECRET=" + ks.ClientSecret,
		"VIPPSMOBILEPAY_SUBSCRIPTION_KEY=" + ks.SubscriptionKeyPrimary,
	}
	if ks.MerchantSerialNumber != "" {
		env = append(env, "VIPPSMOBILEPAY_MERCHANT_SERIAL_NUMBER="+ks.MerchantSerialNumber)
	}
	return env
}

// replaceInFiles replaces old with replacement in every .tf file of dir.
func replaceInFiles(t *testing.T, dir, old, replacement string) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if s := string(b); strings.Contains(s, old) {
			if err := os.WriteFile(p, []byte(strings.ReplaceAll(s, old, replacement)), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
}
