// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

func TestProvider_rejectsPlainHTTPToARemoteHostAtPlan(t *testing.T) {
	t.Parallel()
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

// TestProvider_baseURLFromEnvironmentWithAQueryFailsAtPlan: VIPPSMOBILEPAY_BASE_URL ending in
// "?" (or "#") is refused, naming the variable, before any request; it used to send every
// request to POST /.
func TestProvider_baseURLFromEnvironmentWithAQueryFailsAtPlan(t *testing.T) {
	for _, suffix := range []string{"?", "#"} {
		t.Run(suffix, func(t *testing.T) {
			sb := startSandbox(t, sandbox.Options{})
			t.Setenv("VIPPSMOBILEPAY_BASE_URL", sb.URL+suffix)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "provider \"vippsmobilepay\" {\n  environment = \"test\"\n}\n" + keySetConfig(exampleKeySet()),
					ExpectError: expectErrorWords("Invalid VIPPSMOBILEPAY_BASE_URL", "must not have a query or fragment"),
				}},
			})
			if stats := sb.Stats(); len(stats) != 0 {
				t.Errorf("requests reached the sandbox: %v", stats)
			}
		})
	}
}

// validateOverProtocol sends the provider configuration with the given string arguments
// through ValidateProviderConfig, as terraform validate does, and returns the diagnostics.
func validateOverProtocol(t *testing.T, set map[string]string) []*tfprotov6.Diagnostic {
	t.Helper()
	server, schemas := newServerWithSchemas(t)
	ctx := context.Background()
	resp, err := server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{
		Config: objectValue(t, schemas.Provider.ValueType(), set),
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// TestProvider_validateChecksTheBaseURL: terraform validate refuses a base_url with a query
// or fragment, from the attribute or from VIPPSMOBILEPAY_BASE_URL (when the provider block
// sets anything at all: Terraform does not ask a provider to validate an empty block), and
// warns about a host spelt with letters beyond ASCII, naming it as where the keys go.
func TestProvider_validateChecksTheBaseURL(t *testing.T) {
	t.Setenv("VIPPSMOBILEPAY_BASE_URL", "")
	t.Setenv("VIPPSMOBILEPAY_REQUEST_TIMEOUT", "")
	summaries := func(diags []*tfprotov6.Diagnostic) string {
		var out []string
		for _, d := range diags {
			out = append(out, fmt.Sprintf("%s %s: %s", d.Severity, d.Summary, d.Detail))
		}
		return strings.Join(out, "\n")
	}
	attr := validateOverProtocol(t, map[string]string{"base_url": "http://127.0.0.1:8787?"})
	if got := summaries(attr); len(attr) != 1 || attr[0].Severity != tfprotov6.DiagnosticSeverityError ||
		!strings.Contains(got, "base_url must not have a query or fragment") {
		t.Errorf("base_url with a query: %s", got)
	}

	for value, want := range map[string]string{
		"http://127.0.0.1:8787/accesstoken/get":                  `base_url must be the API's root, such as https://apitest.vipps.no, not an endpoint: remove "/accesstoken/get"`,
		"http://127.0.0.1:8787/proxy/Management/v1/sales-units/": `not an endpoint: remove "/Management/v1/sales-units/"`,
		"http://127.0.0.1:8787 ":                                 "base_url has trailing whitespace; remove it.",
	} {
		attr := validateOverProtocol(t, map[string]string{"base_url": value})
		if got := summaries(attr); len(attr) != 1 || !strings.Contains(got, want) {
			t.Errorf("base_url %q: %s", value, got)
		}
	}
	for _, prefix := range []string{"http://127.0.0.1:8787/vipps-management/", "http://127.0.0.1:8787/management/vipps",
		"http://127.0.0.1:8787/accesstoken-proxy"} {
		if diags := validateOverProtocol(t, map[string]string{"base_url": prefix}); len(diags) != 0 {
			t.Errorf("a proxy's path prefix %s is refused: %s", prefix, summaries(diags))
		}
	}

	t.Setenv("VIPPSMOBILEPAY_BASE_URL", "http://127.0.0.1:8787#")
	env := validateOverProtocol(t, map[string]string{"environment": "test"})
	if got := summaries(env); len(env) != 1 || !strings.Contains(got, "Invalid VIPPSMOBILEPAY_BASE_URL") ||
		!strings.Contains(got, "must not have a query or fragment") {
		t.Errorf("VIPPSMOBILEPAY_BASE_URL with a fragment: %s", got)
	}
	if set := validateOverProtocol(t, map[string]string{"base_url": "http://127.0.0.1:8787"}); len(set) != 0 {
		t.Errorf("the attribute wins over the variable, yet: %s", summaries(set))
	}

	for _, tc := range []struct{ name, attr, env string }{
		{"attribute", "https://v\u0456pps.no", ""},
		{"variable", "", "https://v\u0456pps.no"},
	} {
		t.Setenv("VIPPSMOBILEPAY_BASE_URL", tc.env)
		set := map[string]string{"environment": "production"}
		if tc.attr != "" {
			set["base_url"] = tc.attr
		}
		diags := validateOverProtocol(t, set)
		got := summaries(diags)
		if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
			!strings.Contains(got, `"v\u0456pps.no"`) || !strings.Contains(got, "keys") {
			t.Errorf("%s: a Cyrillic і in the host: %s", tc.name, got)
		}
	}

	// With an empty provider block Terraform validates nothing: configuring warns instead.
	server, err := testProviderFactories["vippsmobilepay"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	configured, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		Config: objectValue(t, schemas.Provider.ValueType(), nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := summaries(configured.Diagnostics); len(configured.Diagnostics) != 1 ||
		!strings.Contains(got, "VIPPSMOBILEPAY_BASE_URL") || !strings.Contains(got, `"v\u0456pps.no"`) {
		t.Errorf("configured from VIPPSMOBILEPAY_BASE_URL with a Cyrillic і: %s", got)
	}
}

func TestProvider_tooShortRequestTimeoutFromEnvironmentFailsAtValidate(t *testing.T) {
	t.Setenv("VIPPSMOBILEPAY_BASE_URL", "")
	t.Setenv("VIPPSMOBILEPAY_REQUEST_TIMEOUT", "1ns")
	diags := validateOverProtocol(t, map[string]string{"environment": "test"})
	if len(diags) != 1 || diags[0].Summary != "Invalid VIPPSMOBILEPAY_REQUEST_TIMEOUT" ||
		!strings.Contains(diags[0].Detail, "must be at least 1s") {
		t.Errorf("VIPPSMOBILEPAY_REQUEST_TIMEOUT=1ns at validate: %v", diags)
	}
}

// TestKeySet_requestTimeoutIsNamedWhenNothingAnswersInTime: a server that takes longer than
// request_timeout fails the check with a diagnostic that names request_timeout and its value,
// not only "check that the sandbox is running": the sandbox is running.
func TestKeySet_requestTimeoutIsNamedWhenNothingAnswersInTime(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	sb.addFaultRule(t, sandbox.FaultRule{Route: sandbox.RouteAccessToken, Mode: sandbox.FaultTimeout})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlockWith(`request_timeout = "1s"`) + keySetConfig(exampleKeySet()),
			ExpectError: expectErrorWords("Key set not verified", "No answer came from "+sb.URL+" within request_timeout (1s)",
				"raise request_timeout (or VIPPSMOBILEPAY_REQUEST_TIMEOUT)"),
		}},
	})
}
