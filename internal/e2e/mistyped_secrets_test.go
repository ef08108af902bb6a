// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// A mistake a user makes with a client_secret, and the words the failure must use for it.
type mistake struct {
	name  string
	make  func(secret string) string
	words string
}

var mistakes = []mistake{
	{"a trailing newline", func(s string) string { return s + "\n" }, "trailing newline"},
	{"a character outside Base64", func(s string) string { return s[:5] + "!" + s[6:] }, "Base64"},
}

// A way a user passes a variable's value to Terraform.
type way string

const (
	viaEnv    way = "TF_VAR_"
	viaVar    way = "-var"
	viaTfvars way = "a .tfvars file"
	viaJSON   way = "a .tfvars.json file"
)

// secretModule is an example module that takes secrets: how to set it up, and which values of
// its variables carry the mistyped client_secret.
type secretModule struct {
	name string
	// start makes the workspace, with the sandbox's URL in its environment.
	start func(t *testing.T, sb *testSandbox) *moduleRun
	// valid returns a well-formed value of the secret the cases mistype; nil means a
	// client_secret.
	valid func(t *testing.T) string
	// inputs returns the module's variable values around the mistyped secret, and every secret
	// among them.
	inputs func(t *testing.T, run *moduleRun, mistyped string) (values map[string]any, secrets []string)
	// words returns what the output must say about the mistake; nil means "client_secret" and
	// the mistake's own words (the resource's and key_set_problems' messages).
	words func(mk mistake) []string
	// apply: run apply as well as plan. quiet: no request may reach the sandbox. warns: the
	// module reports the mistake as a warning (a check block) and the commands succeed.
	apply, quiet, warns bool
}

// moduleRun is a module set up for the cases of one secretModule.
type moduleRun struct {
	w        *workspace
	varFiles []string // -var-file arguments every command needs
	// The partner fleet's onboarded sales unit, whose keys the cases mistype.
	msn, clientID string
}

// TestMistypedSecrets_areNeverShownAndWhitespaceIsNamed feeds every example that takes secrets
// (the modules, and the function pages' patterns for checking secrets) a secret with a trailing
// newline, and one with a character outside Base64, through -var, a .tfvars file and a
// .tfvars.json file. plan and apply must fail (or warn, for a check block); their output must
// hold no part of any secret passed, and must name the trailing newline where the resource
// reports it. TF_VAR_ is TestMistypedSecrets_fromTheEnvironment.
func TestMistypedSecrets_areNeverShownAndWhitespaceIsNamed(t *testing.T) {
	acceptance(t)
	for _, m := range secretModules(t) {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			sb := startSandbox(t)
			run := m.start(t, sb)
			// One workspace for every case: their plans fail, so none changes the state.
			for _, via := range []way{viaVar, viaTfvars, viaJSON} {
				for _, mk := range mistakes {
					t.Run(fmt.Sprintf("%s via %s", mk.name, via), func(t *testing.T) {
						checkMistypedSecret(t, m, run, sb, mk, via)
					})
				}
			}
		})
	}
}

// TestMistypedSecrets_fromTheEnvironment is the same for TF_VAR_, the way most CI systems pass
// secrets. It runs validate too, which reads TF_VAR_ (and ignores its values). terraform-exec
// passes TF_VAR_ only through the process environment, so this test is not parallel.
func TestMistypedSecrets_fromTheEnvironment(t *testing.T) {
	acceptance(t)
	for _, m := range secretModules(t) {
		t.Run(m.name, func(t *testing.T) {
			sb := startSandbox(t)
			run := m.start(t, sb)
			run.w.useProcessEnv()
			for _, mk := range mistakes {
				t.Run(mk.name, func(t *testing.T) {
					checkMistypedSecret(t, m, run, sb, mk, viaEnv)
				})
			}
		})
	}
}

func checkMistypedSecret(t *testing.T, m secretModule, run *moduleRun, sb *testSandbox, mk mistake, via way) {
	w := run.w
	defer w.use(t)()
	before := requests(sb)
	valid, words := randomClientSecret(t), []string{"client_secret", mk.words}
	if m.valid != nil {
		valid = m.valid(t)
	}
	if m.words != nil {
		words = m.words(mk)
	}
	values, secrets := m.inputs(t, run, mk.make(valid))
	var plan []tfexec.PlanOption
	var apply []tfexec.ApplyOption
	for _, f := range run.varFiles {
		plan, apply = append(plan, tfexec.VarFile(f)), append(apply, tfexec.VarFile(f))
	}
	switch via {
	case viaEnv:
		for name, v := range values {
			t.Setenv("TF_VAR_"+name, cliValue(t, v))
		}
	case viaVar:
		for name, v := range values {
			opt := tfexec.Var(name + "=" + cliValue(t, v))
			plan, apply = append(plan, opt), append(apply, opt)
		}
	case viaTfvars, viaJSON:
		var content strings.Builder
		name := "secrets.tfvars"
		if via == viaJSON {
			name += ".json"
			content.WriteString(jsonText(t, values))
		} else {
			for _, n := range slices.Sorted(maps.Keys(values)) {
				fmt.Fprintf(&content, "%s = %s\n", n, jsonText(t, values[n]))
			}
		}
		opt := tfexec.VarFile(w.write(name, content.String()))
		plan, apply = append(plan, opt), append(apply, opt)
	}

	ctx := t.Context()
	if via == viaEnv {
		out, _ := w.run(func() error { _, err := w.tf.Validate(ctx); return err })
		testutil.AssertNoSecretParts(t, "terraform validate", out, secrets...)
	}
	commands := []struct {
		name string
		run  func() error
	}{{"terraform plan", func() error { _, err := w.tf.Plan(ctx, plan...); return err }}}
	if m.apply {
		commands = append(commands, struct {
			name string
			run  func() error
		}{"terraform apply", func() error { return w.tf.Apply(ctx, apply...) }})
	}
	for _, c := range commands {
		out, err := w.run(c.run)
		switch {
		case m.warns && err != nil:
			t.Errorf("%s failed; the module should only warn: %v", c.name, err)
		case !m.warns && err == nil:
			t.Errorf("%s succeeded with %s in a secret", c.name, mk.name)
		}
		testutil.AssertNoSecretParts(t, c.name, out, secrets...)
		// Terraform wraps long lines: compare with the line breaks as spaces.
		flat := strings.Join(strings.Fields(out), " ")
		for _, word := range words {
			if !strings.Contains(flat, word) {
				t.Errorf("%s does not say %q:\n%s", c.name, word, redact(out, secrets))
			}
		}
	}
	if after := requests(sb); m.quiet && after != before {
		t.Errorf("%d requests reached the sandbox; a malformed secret must fail before any request", after-before)
	}
}

// secretModules lists the example modules that take secrets. The secret stores' examples need
// other providers, which cannot be installed here: their own variables and vippsmobilepay blocks
// run, the other providers' blocks are left out (vippsmobilepayPart).
func secretModules(t *testing.T) []secretModule {
	t.Helper()
	baseURL := func(sb *testSandbox) map[string]string { return map[string]string{"VIPPSMOBILEPAY_BASE_URL": sb.URL} }
	modules := []secretModule{
		{
			name: "quickstart",
			start: func(t *testing.T, sb *testSandbox) *moduleRun {
				return &moduleRun{w: newWorkspace(t, "quickstart", baseURL(sb))}
			},
			inputs: func(t *testing.T, _ *moduleRun, clientSecret string) (map[string]any, []string) {
				key := randomSubscriptionKey(t)
				return map[string]any{"client_secret": clientSecret, "subscription_key_primary": key}, []string{clientSecret, key}
			},
			apply: true, quiet: true,
		},
		{
			name: "quickstart in write-only mode",
			start: func(t *testing.T, sb *testSandbox) *moduleRun {
				w := newWorkspace(t, "quickstart", baseURL(sb))
				return &moduleRun{w: w, varFiles: []string{filepath.Join(w.dir, "write-only.tfvars.example")}}
			},
			inputs: func(t *testing.T, _ *moduleRun, clientSecret string) (map[string]any, []string) {
				key := randomSubscriptionKey(t)
				return map[string]any{"client_secret_wo": clientSecret, "subscription_key_primary_wo": key}, []string{clientSecret, key}
			},
			apply: true, quiet: true,
		},
		{
			name: "partner-fleet",
			start: func(t *testing.T, sb *testSandbox) *moduleRun {
				run := &moduleRun{w: newWorkspace(t, "partner-fleet", partnerEnv(t, sb))}
				run.msn, run.clientID = onboardOneMerchant(t, run.w, sb)
				return run
			},
			inputs: func(t *testing.T, run *moduleRun, clientSecret string) (map[string]any, []string) {
				msn, clientID := run.msn, run.clientID
				primary, secondary := randomSubscriptionKey(t), randomSubscriptionKey(t)
				return map[string]any{"sales_unit_keys": map[string]any{msn: map[string]string{
					"client_id":                  clientID,
					"client_secret":              clientSecret,
					"subscription_key_primary":   primary,
					"subscription_key_secondary": secondary,
				}}}, []string{clientSecret, primary, secondary, clientID}
			},
			apply: true,
		},
	}
	// The configuration the CI guide's pipelines check (plain secrets, with a precondition).
	modules = append(modules, secretModule{
		name: "ci/infra/vipps",
		start: func(t *testing.T, sb *testSandbox) *moduleRun {
			return &moduleRun{w: newWorkspace(t, filepath.Join("ci", "infra", "vipps"), baseURL(sb))}
		},
		inputs: func(t *testing.T, _ *moduleRun, clientSecret string) (map[string]any, []string) {
			clientID, primary, secondary := randomClientID(t), randomSubscriptionKey(t), randomSubscriptionKey(t)
			return map[string]any{
				"client_id":                  clientID,
				"client_secret":              clientSecret,
				"subscription_key_primary":   primary,
				"subscription_key_secondary": secondary,
			}, []string{clientSecret, primary, secondary, clientID}
		},
		apply: true, quiet: true,
	})
	// The function pages' examples: the patterns they show for checking secrets.
	function := func(name string) func(t *testing.T, sb *testSandbox) *moduleRun {
		return func(t *testing.T, sb *testSandbox) *moduleRun {
			return &moduleRun{w: newWorkspace(t, filepath.Join("functions", name), baseURL(sb))}
		}
	}
	modules = append(modules,
		secretModule{
			name:  "functions/is_client_secret",
			start: function("is_client_secret"),
			inputs: func(_ *testing.T, _ *moduleRun, clientSecret string) (map[string]any, []string) {
				return map[string]any{"client_secret": clientSecret}, []string{clientSecret}
			},
			// Its own message names the likely causes: "a trailing newline or a missing "=""
			words: func(mistake) []string {
				return []string{"client_secret must be padded standard Base64", "trailing newline"}
			},
			apply: true, quiet: true,
		},
		secretModule{
			name:  "functions/key_set_problems",
			start: function("key_set_problems"),
			inputs: func(t *testing.T, _ *moduleRun, clientSecret string) (map[string]any, []string) {
				clientID, key := randomClientID(t), randomSubscriptionKey(t)
				return map[string]any{"key_set": map[string]string{
					"merchant_serial_number":   keys.ExampleMerchantSerialNumber,
					"client_id":                clientID,
					"client_secret":            clientSecret,
					"subscription_key_primary": key,
				}}, []string{clientSecret, clientID, key}
			},
			apply: true, quiet: true,
		},
		secretModule{
			name:  "functions/credentials_json",
			start: function("credentials_json"),
			inputs: func(t *testing.T, _ *moduleRun, clientSecret string) (map[string]any, []string) {
				clientID, key := randomClientID(t), randomSubscriptionKey(t)
				return map[string]any{"client_id": clientID, "client_secret": clientSecret, "subscription_key_primary": key},
					[]string{clientSecret, clientID, key}
			},
			apply: true, quiet: true,
		},
		secretModule{
			name:  "functions/is_client_id",
			start: function("is_client_id"),
			valid: randomClientID,
			inputs: func(_ *testing.T, _ *moduleRun, clientID string) (map[string]any, []string) {
				return map[string]any{"client_id": clientID}, []string{clientID}
			},
			words: func(mistake) []string { return []string{"client_id must be a GUID", "without braces or whitespace"} },
			apply: true, quiet: true,
		},
		secretModule{
			name:  "functions/is_subscription_key",
			start: function("is_subscription_key"),
			valid: randomSubscriptionKey,
			inputs: func(t *testing.T, _ *moduleRun, primary string) (map[string]any, []string) {
				secondary := randomSubscriptionKey(t)
				return map[string]any{"subscription_keys": map[string]string{"primary": primary, "secondary": secondary}},
					[]string{primary, secondary}
			},
			words: func(mistake) []string {
				return []string{"Check block assertion failed", "A subscription key is malformed"}
			},
			quiet: true, warns: true,
		},
	)
	for _, dir := range exampleDirs(t) {
		if !strings.HasPrefix(dir, "secret-stores"+string(filepath.Separator)) {
			continue
		}
		modules = append(modules, secretModule{
			name: dir,
			start: func(t *testing.T, sb *testSandbox) *moduleRun {
				w := newWorkspace(t, "", baseURL(sb))
				for name, src := range exampleFiles(t, dir) {
					w.write(name, string(src))
				}
				return &moduleRun{w: w}
			},
			inputs: func(t *testing.T, run *moduleRun, clientSecret string) (map[string]any, []string) {
				clientID, key := randomClientID(t), randomSubscriptionKey(t)
				known := map[string]any{
					"merchant_serial_number":   keys.ExampleMerchantSerialNumber,
					"client_id":                clientID,
					"client_secret":            clientSecret,
					"subscription_key_primary": key,
					"key_vault_id":             "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/shop/providers/Microsoft.KeyVault/vaults/shop",
					"repository":               "shop-backend",
					"workspace_id":             "ws-0123456789abcdef",
					"project":                  "shop/backend",
				}
				values := map[string]any{}
				for _, name := range requiredVariables(t, run.w.dir) {
					v, ok := known[name]
					if !ok {
						t.Fatalf("%s declares variable %q, which this test does not know how to set", dir, name)
					}
					values[name] = v
				}
				if _, ok := values["client_secret"]; !ok {
					t.Fatalf("%s has no client_secret variable", dir)
				}
				return values, []string{clientSecret, key, clientID}
			},
			quiet: true,
		})
	}
	return modules
}

// onboardOneMerchant takes examples/partner-fleet through one merchant's order, completed in the
// sandbox, so that keys for its new sales unit pass the module's preconditions and reach the
// key set's own checks. It returns the unit's MSN and its production client_id.
func onboardOneMerchant(t *testing.T, w *workspace, sb *testSandbox) (msn, clientID string) {
	t.Helper()
	w.write("merchants.csv", fleetCSV(t, 1, takenOrgNumbers()))
	w.mustRun("terraform apply: one product order", func() error { return w.tf.Apply(t.Context()) })
	for _, o := range fleetOrders(t, w) {
		if err := sb.AdvanceProductOrder(o.ID, "COMPLETED"); err != nil {
			t.Fatal(err)
		}
	}
	orders := sb.ProductOrders()
	if len(orders) != 1 || orders[0].SalesUnitMSN == "" {
		t.Fatalf("want one completed order with a sales unit, got %+v", orders)
	}
	msn = orders[0].SalesUnitMSN
	for _, ks := range sb.KeySets() {
		if ks.MerchantSerialNumber == msn && ks.Environment == keys.EnvironmentProduction {
			return msn, ks.ClientID
		}
	}
	t.Fatalf("no production key set for MSN %s", msn)
	return "", ""
}

// requiredVariables lists the variables the .tf files in dir declare without a default.
func requiredVariables(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	for _, b := range topLevelBlocks(t, dir) {
		if _, hasDefault := b.Body.Attributes["default"]; b.Type == "variable" && !hasDefault {
			names = append(names, b.Labels[0])
		}
	}
	return names
}

// requests counts the API requests the sandbox has answered.
func requests(sb *testSandbox) int {
	n := 0
	for _, count := range sb.Stats() {
		n += count
	}
	return n
}

// cliValue is a variable's value as TF_VAR_ and -var take it: a string as it is, anything else
// in HCL's literal syntax (JSON is a subset of it).
func cliValue(t *testing.T, v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return jsonText(t, v)
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// redact replaces every secret in text, so that a failure message can show the output.
func redact(text string, secrets []string) string {
	for _, s := range secrets {
		if s = strings.TrimSpace(s); s != "" {
			text = strings.ReplaceAll(text, s, "<secret>")
		}
	}
	return text
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func randomClientSecret(t *testing.T) string {
	return base64.StdEncoding.EncodeToString(randomBytes(t, 16))
}

func randomSubscriptionKey(t *testing.T) string { return hex.EncodeToString(randomBytes(t, 16)) }

func randomClientID(t *testing.T) string {
	b := hex.EncodeToString(randomBytes(t, 16))
	return b[:8] + "-" + b[8:12] + "-4" + b[13:16] + "-8" + b[17:20] + "-" + b[20:]
}
