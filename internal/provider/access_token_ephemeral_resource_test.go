// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
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

// withEcho adds the echo provider, which turns ephemeral values into something a test can see.
func withEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	factories := map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()}
	for name, f := range testProviderFactories {
		factories[name] = f
	}
	return factories
}

func TestAccessTokenEphemeral_tokenReachesConsumerButNotStateOrPlan(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := exampleKeySet()
	cfg := sb.providerBlock() + `
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
variable "merchant_serial_number" { type = string }
variable "environment" { type = string }

ephemeral "vippsmobilepay_access_token" "test" {
  environment            = var.environment
  merchant_serial_number = var.merchant_serial_number
  client_id              = var.client_id
  client_secret          = var.client_secret
  subscription_key       = var.subscription_key_primary
}

provider "echo" {
  data = {
    token_type    = ephemeral.vippsmobilepay_access_token.test.token_type
    expires_on    = ephemeral.vippsmobilepay_access_token.test.expires_on
    bearer_prefix = startswith(ephemeral.vippsmobilepay_access_token.test.authorization_header, "Bearer ey")
  }
}

resource "echo" "token" {}
`
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliEphemeral},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{{
			Config:          cfg,
			ConfigVariables: keySetVariables(ks),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{testutil.PlanHoldsNone("an access token", sb.IssuedTokens)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("token_type"), knownvalue.StringExact("Bearer")),
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("expires_on"),
					knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`))),
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("bearer_prefix"), knownvalue.Bool(true)),
			},
			Check: func(s *terraform.State) error {
				tokens := sb.IssuedTokens()
				if len(tokens) == 0 {
					return fmt.Errorf("the sandbox issued no token")
				}
				for _, rs := range s.RootModule().Resources {
					for _, v := range rs.Primary.Attributes {
						for _, tok := range tokens {
							if strings.Contains(v, tok) {
								return fmt.Errorf("%s holds an access token in state", rs.Type)
							}
						}
					}
				}
				return nil
			},
		}},
	})
}

// TestAccessTokenEphemeral_usesProviderCredentials: an access token with no arguments of its
// own is the provider's key set's, and its authorization_header calls the API as that sales
// unit. The header reaches the echo provider only as its SHA-256, so that no token lands in the
// state or a log; the test finds the token the sandbox issued with that digest and calls the
// Management API with it and the provider's subscription key, which the sandbox accepts only
// when both belong to the same sales unit.
func TestAccessTokenEphemeral_usesProviderCredentials(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentProduction)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliEphemeral},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{{
			Config: sb.merchantProviderBlock(ks) + `
ephemeral "vippsmobilepay_access_token" "test" {}

provider "echo" {
  data = sha256(ephemeral.vippsmobilepay_access_token.test.authorization_header)
}

resource "echo" "token" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data"), knownvalue.StringFunc(func(digest string) error {
					for _, tok := range sb.IssuedTokens() {
						if header := "Bearer " + tok; fmt.Sprintf("%x", sha256.Sum256([]byte(header))) == digest {
							return callsTheAPIAs(sb, header, ks)
						}
					}
					return fmt.Errorf("authorization_header is not \"Bearer \" and a token the sandbox issued")
				})),
			},
		}},
	})
}

// callsTheAPIAs reads the key set's own sales unit from the Management API with an
// Authorization header and the key set's subscription key, as an application would.
func callsTheAPIAs(sb *testSandbox, authorization string, ks keys.KeySet) error {
	req, err := http.NewRequest(http.MethodGet, sb.URL+"/management/v1/sales-units/"+ks.MerchantSerialNumber, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", authorization)
	req.Header.Set(sandbox.HeaderSubscriptionKey, ks.SubscriptionKeyPrimary)
	req.Header.Set(sandbox.HeaderMerchantSerialNumber, ks.MerchantSerialNumber)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"msn":"`+ks.MerchantSerialNumber+`"`) {
		return fmt.Errorf("the token does not read sales unit %s with the provider's keys: %s %s",
			ks.MerchantSerialNumber, resp.Status, body)
	}
	return nil
}

func TestAccessTokenEphemeral_missingCredentialsNamesThem(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliEphemeral},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + `
ephemeral "vippsmobilepay_access_token" "test" {
  client_id = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
}

provider "echo" {
  data = ephemeral.vippsmobilepay_access_token.test.token_type
}

resource "echo" "token" {}
`,
			ExpectError: expectErrorWords("Missing credentials", "client_secret, subscription_key", "VIPPSMOBILEPAY_CLIENT_SECRET"),
		}},
	})
}
