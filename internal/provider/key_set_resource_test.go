// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

const keySetAddress = "vippsmobilepay_key_set.test"

var rfc3339Pattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)

// keySetConfig renders a key set resource with the given keys; extra lines go inside the block.
func keySetConfig(ks keys.KeySet, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"vippsmobilepay_key_set\" \"test\" {\n")
	fmt.Fprintf(&b, "  merchant_serial_number   = %q\n", ks.MerchantSerialNumber)
	if ks.Environment != "" {
		fmt.Fprintf(&b, "  environment              = %q\n", ks.Environment)
	}
	fmt.Fprintf(&b, "  client_id                = %q\n", ks.ClientID)
	fmt.Fprintf(&b, "  client_secret            = %q\n", ks.ClientSecret)
	fmt.Fprintf(&b, "  subscription_key_primary = %q\n", ks.SubscriptionKeyPrimary)
	if ks.SubscriptionKeySecondary != "" {
		fmt.Fprintf(&b, "  subscription_key_secondary = %q\n", ks.SubscriptionKeySecondary)
	}
	for _, line := range extra {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	b.WriteString("}\n")
	return b.String()
}

// keySetVariablesConfig is a key set whose keys come from variables, which tests set through
// TF_VAR_* between steps (step configs are fixed before the first step runs).
const keySetVariablesConfig = `
variable "merchant_serial_number" { type = string }
variable "environment" { type = string }
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
variable "subscription_key_secondary" {
  type      = string
  sensitive = true
  default   = null
}
variable "active_subscription_key" {
  type    = string
  default = "primary"
}

resource "vippsmobilepay_key_set" "test" {
  merchant_serial_number     = var.merchant_serial_number
  environment                = var.environment
  client_id                  = var.client_id
  client_secret              = var.client_secret
  subscription_key_primary   = var.subscription_key_primary
  subscription_key_secondary = var.subscription_key_secondary
  active_subscription_key    = var.active_subscription_key
}
`

// keySetVariables are keySetVariablesConfig's variables as a step's ConfigVariables: values known
// before the test starts, which parallel tests pass this way instead of through TF_VAR_*.
func keySetVariables(ks keys.KeySet) config.Variables {
	vars := config.Variables{
		"merchant_serial_number":   config.StringVariable(ks.MerchantSerialNumber),
		"environment":              config.StringVariable(ks.Environment),
		"client_id":                config.StringVariable(ks.ClientID),
		"client_secret":            config.StringVariable(ks.ClientSecret),
		"subscription_key_primary": config.StringVariable(ks.SubscriptionKeyPrimary),
	}
	if ks.SubscriptionKeySecondary != "" {
		vars["subscription_key_secondary"] = config.StringVariable(ks.SubscriptionKeySecondary)
	}
	return vars
}

// setKeySetVariables sets keySetVariablesConfig's variables through TF_VAR_*, for tests whose
// keys change between steps (regenerated in the sandbox), which ConfigVariables cannot follow.
func setKeySetVariables(t *testing.T, ks keys.KeySet) {
	t.Setenv("TF_VAR_merchant_serial_number", ks.MerchantSerialNumber)
	t.Setenv("TF_VAR_environment", ks.Environment)
	t.Setenv("TF_VAR_client_id", ks.ClientID)
	t.Setenv("TF_VAR_client_secret", ks.ClientSecret)
	t.Setenv("TF_VAR_subscription_key_primary", ks.SubscriptionKeyPrimary)
	if ks.SubscriptionKeySecondary != "" {
		t.Setenv("TF_VAR_subscription_key_secondary", ks.SubscriptionKeySecondary)
	}
}

// checkKeySetAttr compares a state attribute with a value known only when the check runs.
func checkKeySetAttr(name string, want func() string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[keySetAddress]
		if !ok {
			return errors.New(keySetAddress + " is not in state")
		}
		if got := rs.Primary.Attributes[name]; got != want() {
			return fmt.Errorf("%s: got %q, want %q", name, got, want())
		}
		return nil
	}
}

func TestKeySet_createVerifiesExampleKeys(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	example := exampleKeySet()

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + keySetConfig(example),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keySetAddress, plancheck.ResourceActionCreate),
					plancheck.ExpectSensitiveValue(keySetAddress, tfjsonpath.New("client_secret")),
					plancheck.ExpectSensitiveValue(keySetAddress, tfjsonpath.New("subscription_key_primary")),
					plancheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("id"), knownvalue.StringExact("test/123456")),
					plancheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("fingerprint"),
						knownvalue.StringExact(example.Fingerprint())),
					plancheck.ExpectUnknownValue(keySetAddress, tfjsonpath.New("verified_at")),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("id"), knownvalue.StringExact("test/123456")),
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("environment"), knownvalue.StringExact("test")),
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("active_subscription_key"), knownvalue.StringExact("primary")),
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verify"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("fingerprint"), knownvalue.StringExact(example.Fingerprint())),
			},
			Check: func(*terraform.State) error {
				if n := sb.tokenRequests(); n < 1 {
					return fmt.Errorf("want a token exchange, the sandbox saw %d", n)
				}
				return nil
			},
		}},
	})
}

func TestKeySet_regeneratedKeysDriftThenUpdateInPlace(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	example := exampleKeySet()
	setKeySetVariables(t, example)
	var regenerated keys.KeySet

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + keySetVariablesConfig},
			{
				// What the portal's regenerate button does: the stored keys are refused from now on,
				// so refresh reports drift and plans an update.
				PreConfig: func() {
					var err error
					if regenerated, err = sb.RegenerateKeys(example.MerchantSerialNumber, example.Environment); err != nil {
						t.Fatal(err)
					}
				},
				Config:             sb.providerBlock() + keySetVariablesConfig,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() { setKeySetVariables(t, regenerated) },
				Config:    sb.providerBlock() + keySetVariablesConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(keySetAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(keySetAddress, tfjsonpath.New("verified_at")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				},
				Check: checkKeySetAttr("fingerprint", func() string { return regenerated.Fingerprint() }),
			},
			{
				// Converged: nothing left to do.
				Config:   sb.providerBlock() + keySetVariablesConfig,
				PlanOnly: true,
			},
		},
	})
}

func TestKeySet_switchingActiveSubscriptionKeyUpdatesInPlace(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	if ks.SubscriptionKeySecondary == "" {
		t.Fatal("the demo key set for 123456 has no secondary subscription key")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + keySetConfig(ks)},
			{
				Config: sb.providerBlock() + keySetConfig(ks, `active_subscription_key = "secondary"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(keySetAddress, plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("active_subscription_key"), knownvalue.StringExact("secondary")),
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				},
			},
		},
	})
}

func TestKeySet_changingMSNReplaces(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{Generate: 1})
	first := exampleKeySet()
	second := sb.keySet(t, "100000", keys.EnvironmentTest)
	second.SubscriptionKeySecondary = ""

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + keySetConfig(first)},
			{
				Config: sb.providerBlock() + keySetConfig(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(keySetAddress, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("id"), knownvalue.StringExact("test/100000")),
				},
			},
		},
	})
}

func TestKeySet_changingEnvironmentReplaces(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	test := exampleKeySet()
	test.Environment = "" // from the provider: test
	production := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentProduction)
	production.SubscriptionKeySecondary = ""

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sb.providerBlock() + keySetConfig(test),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("environment"), knownvalue.StringExact("test")),
				},
			},
			{
				Config: sb.providerBlock() + keySetConfig(production),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(keySetAddress, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("id"), knownvalue.StringExact("production/123456")),
				},
			},
		},
	})
}

func TestKeySet_importByEnvironmentAndMSN(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + keySetConfig(exampleKeySet())},
			{
				ResourceName:      keySetAddress,
				ImportState:       true,
				ImportStateId:     "test/123456",
				ImportStateVerify: true,
				// Keys never come back from the API: after an import they come from configuration.
				ImportStateVerifyIgnore: []string{"client_id", "client_secret", "subscription_key_primary",
					"subscription_key_secondary", "verified_at", "keys_changed_at", "fingerprint"},
			},
			{
				ResourceName:  keySetAddress,
				ImportState:   true,
				ImportStateId: "staging/123456",
				ExpectError:   regexp.MustCompile(`Import a key set by <environment>/<merchant_serial_number>`),
			},
		},
	})
}

func TestKeySet_wrongSecretFailsAtApplyNamingMSNWithoutTheSecret(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	wrong := exampleKeySet()
	wrong.ClientSecret = "Z" + wrong.ClientSecret[1:] // one character changed, still well-formed

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		ErrorCheck: func(err error) error {
			msg := strings.Join(strings.Fields(err.Error()), " ")
			for _, want := range []string{"Key set rejected", "MSN 123456", "test environment", "client_secret", "verify = false"} {
				if !strings.Contains(msg, want) {
					return fmt.Errorf("the error does not say %q: %w", want, err)
				}
			}
			for _, secret := range []string{wrong.ClientSecret, keys.ExampleClientSecret, keys.ExampleSubscriptionKey} {
				if strings.Contains(msg, secret) {
					return errors.New("the error shows a secret")
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + keySetConfig(wrong),
			Check: func(*terraform.State) error {
				return errors.New("apply succeeded with a wrong client_secret")
			},
		}},
	})
}

func TestKeySet_verifyFalseSkipsTheTokenExchange(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	notLive, err := keys.Generate(nil, "654321", keys.EnvironmentTest)
	if err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + keySetConfig(notLive, "verify = false"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("fingerprint"), knownvalue.StringExact(notLive.Fingerprint())),
			},
			Check: func(*terraform.State) error {
				if n := sb.tokenRequests(); n != 0 {
					return fmt.Errorf("verify = false made %d token requests", n)
				}
				return nil
			},
		}},
	})
}

func TestKeySet_secondaryActiveNeedsSecondaryKey(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      keySetConfig(exampleKeySet(), `active_subscription_key = "secondary"`),
			PlanOnly:    true,
			ExpectError: expectErrorWords("active_subscription_key", "subscription_key_secondary is not set"),
		}},
	})
}

// TestKeySet_rejectsMalformedValuesAtPlan runs with no sandbox and no network: a malformed
// value must fail validation before any request could be made, naming its attribute.
func TestKeySet_rejectsMalformedValuesAtPlan(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		mutate func(*keys.KeySet)
		extra  string
		want   []string
	}{
		"client_id not a GUID":         {mutate: func(k *keys.KeySet) { k.ClientID = "fb492b5e-7907-4d83-ba20-c7fb60ca35d" }, want: []string{"client_id must be a GUID"}},
		"client_id with braces":        {mutate: func(k *keys.KeySet) { k.ClientID = "{" + keys.ExampleClientID + "}" }, want: []string{"client_id must be a GUID"}},
		"client_secret unpadded":       {mutate: func(k *keys.KeySet) { k.ClientSecret = "Y8Kteew6GE2ZmeycEt6egg" }, want: []string{"client_secret must be canonical"}},
		"client_secret too short":      {mutate: func(k *keys.KeySet) { k.ClientSecret = "c2hvcnQ=" }, want: []string{"client_secret must be canonical"}},
		"primary key not hex/base64":   {mutate: func(k *keys.KeySet) { k.SubscriptionKeyPrimary = "not a key!" }, want: []string{"subscription_key_primary must be 32"}},
		"secondary key malformed":      {mutate: func(k *keys.KeySet) { k.SubscriptionKeySecondary = "zz" }, want: []string{"subscription_key_secondary must be 32"}},
		"msn too short":                {mutate: func(k *keys.KeySet) { k.MerchantSerialNumber = "123" }, want: []string{"merchant_serial_number must be 4 to 10 digits"}},
		"msn not digits":               {mutate: func(k *keys.KeySet) { k.MerchantSerialNumber = "12345a" }, want: []string{"merchant_serial_number must be 4 to 10 digits"}},
		"environment unknown":          {mutate: func(k *keys.KeySet) { k.Environment = "staging" }, want: []string{"environment", "value must be one of"}},
		"active_subscription_key typo": {extra: `active_subscription_key = "tertiary"`, want: []string{"active_subscription_key", "value must be one of"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ks := exampleKeySet()
			if tc.mutate != nil {
				tc.mutate(&ks)
			}
			var extra []string
			if tc.extra != "" {
				extra = append(extra, tc.extra)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					// No base_url: were a request to leave, it would go to the real API and fail otherwise.
					Config:      keySetConfig(ks, extra...),
					PlanOnly:    true,
					ExpectError: expectErrorWords(tc.want...),
				}},
			})
		})
	}
}

// TestKeySet_malformedValueFromVariableFailsPlan shows the check holds for values that are
// only known once variables are read, and that the message never repeats the value.
func TestKeySet_malformedValueFromVariableFailsPlan(t *testing.T) {
	bad := exampleKeySet()
	bad.ClientSecret = "Y8Kteew6GE2ZmeycEt6egh==" // non-zero trailing bits: not canonical
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		ErrorCheck: func(err error) error {
			if !strings.Contains(strings.Join(strings.Fields(err.Error()), " "), "client_secret must be canonical") {
				return err
			}
			if strings.Contains(err.Error(), bad.ClientSecret) {
				return errors.New("the validation error repeats the secret")
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config:          keySetVariablesConfig,
			ConfigVariables: keySetVariables(bad),
			PlanOnly:        true,
			Check:           func(*terraform.State) error { return errors.New("plan accepted a malformed client_secret") },
		}},
	})
}

// TestKeySet_unknownValuesAreNotRejected makes the MSN and client_id depend on terraform_data,
// whose output is unknown until apply: the plan must pass validation and the apply must verify
// the keys. (No key is routed through terraform_data itself: Terraform logs and stores its
// value. TestKeyFormatValidator_passesUnknownAndNull covers unknown secrets.)
func TestKeySet_unknownValuesAreNotRejected(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	ks := exampleKeySet()
	config := sb.providerBlock() + fmt.Sprintf(`
resource "terraform_data" "msn" {
  input = %q
}

resource "vippsmobilepay_key_set" "test" {
  merchant_serial_number   = terraform_data.msn.output
  client_id                = terraform_data.msn.output == "" ? "" : %q
  client_secret            = %q
  subscription_key_primary = %q
}
`, ks.MerchantSerialNumber, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(keySetAddress, tfjsonpath.New("id")),
					plancheck.ExpectUnknownValue(keySetAddress, tfjsonpath.New("fingerprint")),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
			},
		}},
	})
}

func TestKeySet_noSecretInTraceLogs(t *testing.T) {
	logs := captureTraceLogs(t)
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	wrong := ks
	wrong.ClientSecret = "Z" + ks.ClientSecret[1:]
	unknownClient := ks
	unknownClient.ClientID = "0badc0de-7907-4d83-ba20-c7fb60ca35de"
	setKeySetVariables(t, ks)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + keySetVariablesConfig},
			{
				PreConfig: func() { t.Setenv("TF_VAR_active_subscription_key", "secondary") },
				Config:    sb.providerBlock() + keySetVariablesConfig,
			},
			{
				PreConfig:   func() { setKeySetVariables(t, wrong) },
				Config:      sb.providerBlock() + keySetVariablesConfig,
				ExpectError: expectErrorWords("Key set rejected"),
			},
			{
				// Azure AD echoes an unknown client_id in its answer.
				PreConfig:   func() { setKeySetVariables(t, unknownClient) },
				Config:      sb.providerBlock() + keySetVariablesConfig,
				ExpectError: expectErrorWords("Key set rejected", "Azure AD, behind the API, does not know the client_id"),
			},
		},
	})
	text := logs.contents(t)
	if !strings.Contains(text, "Vipps MobilePay API request") {
		t.Fatal("the trace log does not hold the provider's HTTP log; the test would prove nothing")
	}
	testutil.AssertNoSecrets(t, "TF_LOG=TRACE output", text, ks.ClientID, unknownClient.ClientID,
		ks.ClientSecret, wrong.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary)
	if len(sb.IssuedTokens()) == 0 {
		t.Fatal("the sandbox issued no token; the test would prove nothing about tokens")
	}
	for _, token := range sb.IssuedTokens() {
		testutil.AssertNoSecrets(t, "TF_LOG=TRACE output", text, token)
	}
}

func TestKeySet_vippsnummerUnitIsNamedAsHavingNoKeys(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	// Production keys of another unit, aimed at a Vippsnummer unit's MSN.
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentProduction)
	ks.MerchantSerialNumber = sandbox.DemoMSNVippsnummerProduction
	ks.SubscriptionKeySecondary = ""
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			// The provider holds partner keys, so it can ask the Management API about the MSN.
			Config: sb.partnerProviderBlock(t) + keySetConfig(ks),
			ExpectError: expectErrorWords("Key set rejected", "MSN "+sandbox.DemoMSNVippsnummerProduction,
				"knows no active sales unit with API keys under MSN "+sandbox.DemoMSNVippsnummerProduction,
				"Vippsnummer sales units (Shopping Basket and Open Amount) have no API keys"),
		}},
	})
}

func TestKeySet_refusedKeysOfAnActiveUnitBlameTheKeys(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentProduction)
	ks.SubscriptionKeySecondary = ""
	ks.ClientSecret = "Z" + ks.ClientSecret[1:]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      sb.partnerProviderBlock(t) + keySetConfig(ks),
			ExpectError: expectErrorWords("Key set rejected", "MSN 123456 is an active sales unit, so it is the keys that are wrong"),
		}},
	})
}

// TestKeySet_importBlockThenApplyVerifiesConfiguredKeys: an import block brings the key set in
// without its secrets; the same plan updates it in place from configuration, and the apply
// verifies the keys. Nothing is replaced.
func TestKeySet_importBlockThenApplyVerifiesConfiguredKeys(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + `
import {
  to = vippsmobilepay_key_set.test
  id = "test/123456"
}
` + keySetConfig(exampleKeySet()),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keySetAddress, plancheck.ResourceActionUpdate),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("fingerprint"), knownvalue.StringExact(exampleKeySet().Fingerprint())),
			},
		}},
	})
}

// TestKeySet_baseURLChangeIsNotDrift: a restarted sandbox on another port (or a new proxy)
// changes where the provider sends requests, which nothing stored depends on: the plan is
// empty, so plan -detailed-exitcode exits 0.
func TestKeySet_baseURLChangeIsNotDrift(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	restarted := fmt.Sprintf(`
provider "vippsmobilepay" {
  base_url    = %q
  max_retries = 1
}
`, sb.anotherURL(t))
	var verifiedAt string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sb.providerBlock() + keySetConfig(exampleKeySet()),
				Check: func(s *terraform.State) error {
					verifiedAt = s.RootModule().Resources[keySetAddress].Primary.Attributes["verified_at"]
					return nil
				},
			},
			{
				Config: restarted + keySetConfig(exampleKeySet()),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkKeySetAttr("verified_at", func() string { return verifiedAt }),
			},
			{
				Config:   restarted + keySetConfig(exampleKeySet()),
				PlanOnly: true,
			},
		},
	})
}

// TestKeySet_regeneratedIdleKeyIsDrift: the idle subscription key is the one rotation
// regenerates; refresh finds the stored one stale before anything switches to it.
func TestKeySet_regeneratedIdleKeyIsDrift(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + keySetConfig(ks, `active_subscription_key = "secondary"`)},
			{
				PreConfig: func() {
					if _, err := sb.RegenerateKey(ks.MerchantSerialNumber, ks.Environment, keys.AttrSubscriptionKeyPrimary); err != nil {
						t.Fatal(err)
					}
				},
				Config:             sb.providerBlock() + keySetConfig(ks, `active_subscription_key = "secondary"`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// keySetIdentityOf is the identity a key set of msn in environment has.
func keySetIdentityOf(environment, msn string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"environment":            knownvalue.StringExact(environment),
		"merchant_serial_number": knownvalue.StringExact(msn),
	}
}

// importByIdentity is an import block that adopts the key set of msn in environment into
// keySetAddress by its identity.
func importByIdentity(environment, msn string) string {
	return fmt.Sprintf(`
import {
  to = %s
  identity = {
    environment            = %q
    merchant_serial_number = %q
  }
}
`, keySetAddress, environment, msn)
}

func TestKeySet_importBlockByIdentityAdoptsTheUnitAndNextPlanIsEmpty(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliIdentity},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + importByIdentity("test", "123456") + keySetConfig(exampleKeySet()),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				// Imported, then updated: the secrets come from configuration and are verified.
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keySetAddress, plancheck.ResourceActionUpdate),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(keySetAddress, keySetIdentityOf("test", "123456")),
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("id"), knownvalue.StringExact("test/123456")),
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
			},
		}},
	})
}

func TestKeySet_createRecordsIdentityThatImportsTheKeySet(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliIdentity},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sb.providerBlock() + keySetConfig(exampleKeySet()),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(keySetAddress, keySetIdentityOf("test", "123456")),
				},
			},
			{
				// The identity recorded at create imports the same key set; the secrets then come
				// from configuration, so the import plans an update.
				ResourceName:       keySetAddress,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(keySetAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("id"), knownvalue.StringExact("test/123456")),
					},
				},
			},
		},
	})
}

func TestKeySet_malformedImportIdentityIsNamed(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliIdentity},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + importByIdentity("staging", "12") + keySetConfig(exampleKeySet()),
			ExpectError: expectErrorWords("Invalid import identity", `environment must be one of "test" or "production"`,
				"merchant_serial_number must be"),
		}},
	})
}

// A key set that sets no key at all is what terraform query -generate-config-out writes: it
// validates, and its plan asks for the keys.
func TestKeySet_withoutAnyKeyPlanAsksForTheKeys(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "vippsmobilepay_key_set" "test" {
  merchant_serial_number = "123456"
  environment            = "production"
  client_id              = null
  client_secret_wo       = null
  secrets_wo_version     = 1
}
`,
			PlanOnly: true,
			ExpectError: expectErrorWords("Key set has no keys", "sales unit MSN 123456 in the production environment",
				"Set client_id, client_secret_wo and subscription_key_primary_wo"),
		}},
	})
}

func TestKeySet_keysWithoutClientIDAreRefused(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	config := strings.Replace(keySetConfig(ks), fmt.Sprintf("  client_id                = %q\n", ks.ClientID), "", 1)
	if config == keySetConfig(ks) {
		t.Fatal("test setup: client_id was not removed")
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			PlanOnly:    true,
			ExpectError: expectErrorWords("Missing client_id", "Set client_id to the GUID"),
		}},
	})
}
