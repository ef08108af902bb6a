package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

func TestProvider_rejectsPlainHTTPToARemoteHostAtPlan(t *testing.T) {
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "vippsmobilepay" {
  base_url = "http://apitest.vipps.no"
}
` + keySetConfig(exampleKeySet(), "verify = false"),
			PlanOnly:    true,
			ExpectError: expectErrorWords("base_url must use https:// unless the host is a loopback address"),
		}},
	})
}

func TestProvider_everyArgumentFromEnvironmentVariables(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	t.Setenv("VIPPSMOBILEPAY_BASE_URL", sb.URL)
	t.Setenv("VIPPSMOBILEPAY_ENVIRONMENT", "production")
	t.Setenv("VIPPSMOBILEPAY_SYSTEM_NAME", "acme-infra")
	t.Setenv("VIPPSMOBILEPAY_MAX_RETRIES", "0")
	t.Setenv("VIPPSMOBILEPAY_REQUEST_TIMEOUT", "5s")
	production := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentProduction)
	production.Environment = "" // from VIPPSMOBILEPAY_ENVIRONMENT
	production.SubscriptionKeySecondary = ""

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: keySetConfig(production),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("id"), knownvalue.StringExact("production/123456")),
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
			},
		}},
	})
}

func TestProvider_invalidEnvironmentVariableIsNamed(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	t.Setenv("VIPPSMOBILEPAY_ENVIRONMENT", "staging")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      sb.providerBlock() + keySetConfig(exampleKeySet()),
			ExpectError: expectErrorWords("Invalid VIPPSMOBILEPAY_ENVIRONMENT", `must be one of "test" or "production"`),
		}},
	})
}

// TestProvider_planWithoutCredentialsOrNetwork: no credentials, no base_url (the real API,
// unreachable here) and a verify = false key set: plan needs neither.
func TestProvider_planWithoutCredentialsOrNetwork(t *testing.T) {
	for _, name := range []string{"VIPPSMOBILEPAY_CLIENT_ID", "VIPPSMOBILEPAY_CLIENT_SECRET",
		"VIPPSMOBILEPAY_SUBSCRIPTION_KEY", "VIPPSMOBILEPAY_BASE_URL"} {
		t.Setenv(name, "")
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:             keySetConfig(exampleKeySet(), "verify = false"),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
