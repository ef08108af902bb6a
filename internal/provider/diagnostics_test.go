// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keyset"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// Each diagnostic of a failed call names the likeliest cause first, in these words.

// TestKeySet_otherEnvironmentsKeysAreTheFirstSuspect: test keys sent to production are unknown
// to production's gateway, both subscription keys alike; the diagnostic says so before it
// blames a subscription key.
func TestKeySet_otherEnvironmentsKeysAreTheFirstSuspect(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	testKeys := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	testKeys.Environment = keys.EnvironmentProduction
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.providerBlock() + keySetConfig(testKeys),
			ExpectError: expectErrorWords("Key set rejected", "MSN 123456 in the production environment",
				"The gateway did not accept subscription_key_primary, nor any other subscription key of the set.",
				"The likeliest cause is keys of the other environment: test keys are unknown in production",
				`If these are test keys, set environment = "test".`, "Otherwise copy subscription_key_primary"),
		}},
	})
}

// TestKeySet_plainHTTPOrAnUntrustedCertificateIsNamed: https:// in front of the sandbox's
// http:// URL (a typical slip), or a proxy whose certificate the machine does not trust, is said
// as such, not as "nothing answered" (the client's tests show that it is not retried either).
func TestKeySet_plainHTTPOrAnUntrustedCertificateIsNamed(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	untrusted := httptest.NewTLSServer(sb.Sandbox)
	t.Cleanup(untrusted.Close)
	for _, tc := range []struct {
		name, baseURL string
		words         []string
	}{
		{"https:// to the sandbox's http://", strings.Replace(sb.URL, "http://", "https://", 1), []string{
			"Key set not verified", strings.Replace(sb.URL, "http://", "https://", 1) + " answered in plain HTTP, not HTTPS",
			"Write base_url (or VIPPSMOBILEPAY_BASE_URL) with http://", "server gave HTTP response to HTTPS client",
		}},
		{"an untrusted certificate", untrusted.URL, []string{
			"Key set not verified", untrusted.URL + " answered with a TLS certificate this machine does not trust",
			"add its CA certificate to the system's trust store", "x509: certificate signed by unknown authority",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("provider \"vippsmobilepay\" {\n  base_url = %q\n}\n", tc.baseURL) + keySetConfig(exampleKeySet()),
					ExpectError: expectErrorWords(tc.words...),
				}},
			})
		})
	}
}

// refusingDialer fails every connection as a host that is not there would.
func refusingDialer(context.Context, string, string) (net.Conn, error) {
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
}

// TestKeySet_forgottenBaseURLNamesTheHostCalled: with no base_url the provider calls the real
// test host; when nothing answers, the diagnostic says which host and why that one, before any
// "usually temporary".
func TestKeySet_forgottenBaseURLNamesTheHostCalled(t *testing.T) {
	t.Setenv("VIPPSMOBILEPAY_BASE_URL", "")
	offline := &vippsProvider{version: "test", httpClient: &http.Client{Transport: &http.Transport{DialContext: refusingDialer}}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"vippsmobilepay": func() (tfprotov6.ProviderServer, error) {
				return serve(func() provider.Provider { return offline })(), nil
			},
		},
		Steps: []resource.TestStep{{
			Config: `provider "vippsmobilepay" {
  max_retries = 0
}
` + keySetConfig(exampleKeySet()),
			ExpectError: expectErrorWords("Key set not verified", "Nothing answered at https://apitest.vipps.no.",
				"The provider called https://apitest.vipps.no because base_url is not set.",
				"To use a local sandbox, set base_url (or VIPPSMOBILEPAY_BASE_URL) to the URL it printed"),
		}},
	})
}

// TestKeySetDrifted_aUnitNoLongerThereIsNotCalledRegenerated: a refresh that finds the stored
// keys refused blames a regeneration, unless the Management API says no active unit has the
// MSN any more: then the advice is to remove the key set, not to copy keys that no longer exist.
func TestKeySetDrifted_aUnitNoLongerThereIsNotCalledRegenerated(t *testing.T) {
	t.Parallel()
	ks := keys.KeySet{MerchantSerialNumber: "800003", Environment: keys.EnvironmentProduction}
	for _, tt := range []struct {
		cause      keyset.Cause
		want, lack string
	}{
		{keyset.CauseNoSuchUnit, "knows no active sales unit with API keys under MSN 800003 any more", "probably regenerated"},
		{keyset.CauseKeyReplaced, "probably regenerated in the business portal", "no active sales unit"},
	} {
		d := keySetDrifted(keyset.Outcome{Status: keyset.Rejected, KeySet: ks, Err: errors.New("answered HTTP 401"),
			Rejection: keyset.Rejection{Credential: keys.AttrSubscriptionKeyPrimary, Cause: tt.cause}})
		if !strings.Contains(d.Detail(), tt.want) || strings.Contains(d.Detail(), tt.lack) {
			t.Errorf("cause %v: detail does not say %q, or says %q:\n%s", tt.cause, tt.want, tt.lack, d.Detail())
		}
	}
}

// TestKeySetRejected_aUnitWithoutKeysGetsNoKeyAdvice: when the Management API says no unit with
// API keys has the MSN, checking "every key" would send the user the wrong way.
func TestKeySetRejected_aUnitWithoutKeysGetsNoKeyAdvice(t *testing.T) {
	t.Parallel()
	err := errors.New("exchange API keys for an access token: answered HTTP 401")
	detail := keySetRejectedDetail(keyset.Outcome{
		Status:    keyset.Rejected,
		KeySet:    keys.KeySet{MerchantSerialNumber: sandbox.DemoMSNVippsnummerProduction, Environment: keys.EnvironmentProduction},
		Proof:     vipps.KeySetVerification{Refused: keys.AttrSubscriptionKeyPrimary, SalesUnitFinding: vipps.SalesUnitNotFound},
		Rejection: keyset.Rejection{Credential: keys.AttrSubscriptionKeyPrimary, Cause: keyset.CauseNoSuchUnit},
		Err:       err,
	})
	for _, want := range []string{
		"The Management API knows no active sales unit with API keys under MSN " + sandbox.DemoMSNVippsnummerProduction +
			": check merchant_serial_number.",
		"Vippsnummer sales units (Shopping Basket and Open Amount) have no API keys at all",
	} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, detail)
		}
	}
	for _, contradiction := range []string{"every key", "copy subscription_key", "other environment"} {
		if strings.Contains(detail, contradiction) {
			t.Errorf("detail for a unit without keys still says %q:\n%s", contradiction, detail)
		}
	}
}

// TestKeySet_interruptedCheckSaysCancelled: Ctrl-C during an apply cancels the in-flight
// checks; each says it was cancelled, not that the API could not be reached.
func TestKeySet_interruptedCheckSaysCancelled(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	client := vipps.New(vipps.Config{BaseURL: sb.URL, MaxRetries: 2})
	cc := &ConfiguredClient{
		Client: client, Environment: keys.EnvironmentTest, Clock: clock.Real{}, BaseURL: sb.URL,
		OnRefreshFailure: refreshFailureError, KeySets: keyset.Checker{Client: client},
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ks := exampleKeySet()
	out := cc.KeySets.Check(ctx, ks, keys.SubscriptionKeyPrimary, keyset.Create)
	diag := keySetCheckFailed(cc, out, skipVerification)
	if diag.Summary() != "Key set check cancelled" ||
		!strings.Contains(diag.Detail(), "Terraform was interrupted before the API keys of sales unit MSN 123456") {
		t.Fatalf("diagnostic = %v, want 'Key set check cancelled'", diag)
	}
	refresh := keySetNotChecked(cc, out)
	if refresh.Summary() != "Key set check cancelled" {
		t.Errorf("a cancelled refresh says %q", refresh.Summary())
	}
}

// Mistakes in the provider block fail at validate, not after five retries at apply.
func TestProvider_unusableSettingsFailAtValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ setting, want string }{
		{`base_url = "http://127.0.0.1:99999"`, `base_url must have a port from 1 to 65535, got "http://127.0.0.1:99999".`},
		{`base_url = "http://127.0.0.1:"`, `base_url must have a port from 1 to 65535`},
		{`base_url = "http://127.0.0.1:8787?"`, `base_url must not have a query or fragment, got "http://127.0.0.1:8787?".`},
		{`base_url = "http://127.0.0.1:8787#"`, `base_url must not have a query or fragment, got "http://127.0.0.1:8787#".`},
		{`base_url = "http://@127.0.0.1:8787"`, `base_url must not carry a user name or password`},
		{`system_name = "acme\n"`, "system_name must not contain control characters such as a newline or a tab"},
		{`system_version = "1.2\t3"`, "system_version must not contain control characters"},
		{`system_name = "a-name-much-longer-than-thirty-characters"`, "system_name must be 1 to 30 characters"},
		{`on_refresh_failure = "ignore"`, `on_refresh_failure value must be one of: ["error" "warning"]`},
		{`request_timeout = "0s"`, `request_timeout must be a positive duration such as 30s or 2m, got "0s".`},
		{`request_timeout = "soon"`, `request_timeout must be a positive duration such as 30s or 2m, got "soon".`},
		// Too short for any round trip: every request would time out while the server is up.
		{`request_timeout = "1ns"`, `request_timeout must be at least 1s, got "1ns"`},
		{`request_timeout = "999ms"`, `request_timeout must be at least 1s, got "999ms"`},
	} {
		t.Run(tc.setting, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "provider \"vippsmobilepay\" {\n  " + tc.setting + "\n}\n" + keySetConfig(exampleKeySet(), "verify = false"),
					PlanOnly:    true,
					ExpectError: expectErrorWords(tc.want),
				}},
			})
		})
	}
}

// TestKeySet_overlongSecretFailsAtValidate: a whole file pasted into client_secret is refused at
// validate, never sent as a header.
func TestKeySet_overlongSecretFailsAtValidate(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	ks.ClientSecret = strings.Repeat("QUJD", 100) // 400 characters of canonical Base64
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      keySetConfig(ks),
			PlanOnly:    true,
			ExpectError: expectErrorWords("Invalid client_secret", "client_secret must be at most 256 characters"),
		}},
	})
}

// TestSalesUnit_redirectIsABaseURLProblem: a Management API call answered with a redirect (a
// proxy's login page, a web site) is a wrong base_url, not invalid input.
func TestSalesUnit_redirectIsABaseURLProblem(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	sb.answerWith("/management/", http.StatusFound, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.partnerProviderBlock(t) + `
data "vippsmobilepay_sales_unit" "test" {
  merchant_serial_number = "123456"
}
`,
			ExpectError: expectErrorWords("Management API call failed", sb.URL+" answered with a redirect",
				"which the Vipps MobilePay API never sends", "Correct base_url."),
		}},
	})
}

// TestKeySet_malformedSecretIsNamedWithoutItsSourceLine: a diagnostic with an attribute path
// makes Terraform print that attribute's source line, which is the secret when it is written
// literally. Malformed secrets are named in the text instead; the MSN keeps its path.
func TestKeySet_malformedSecretIsNamedWithoutItsSourceLine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	server, err := testProviderFactories["vippsmobilepay"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	const malformed = "MALFORMED-SECRET-do-not-print"
	typ := schemas.ResourceSchemas["vippsmobilepay_key_set"].ValueType()
	ks := exampleKeySet()
	config := objectValue(t, typ, map[string]string{
		"merchant_serial_number": "12", "client_id": ks.ClientID, "client_secret": malformed,
		"subscription_key_primary": ks.SubscriptionKeyPrimary + "\n",
	})
	resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
		TypeName: "vippsmobilepay_key_set", Config: config,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*tfprotov6.Diagnostic{}
	for _, d := range resp.Diagnostics {
		got[d.Summary] = d
		if strings.Contains(d.Detail+d.Summary, malformed) || strings.Contains(d.Detail, ks.SubscriptionKeyPrimary) {
			t.Errorf("%q quotes the value: %s", d.Summary, d.Detail)
		}
	}
	for summary, want := range map[string]string{
		"Invalid client_secret":            "client_secret must be canonical, padded standard Base64",
		"Invalid subscription_key_primary": "subscription_key_primary has a trailing newline; remove it (trimspace()).",
	} {
		d, ok := got[summary]
		switch {
		case !ok:
			t.Errorf("no %q diagnostic in %v", summary, resp.Diagnostics)
		case d.Attribute != nil:
			t.Errorf("%q points at %v, so Terraform would print the secret's source line", summary, d.Attribute)
		case !strings.Contains(d.Detail, want):
			t.Errorf("%q says %q, want %q", summary, d.Detail, want)
		}
	}
	msn, ok := got["Invalid merchant_serial_number"]
	if !ok || !msn.Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("merchant_serial_number")) {
		t.Errorf("the MSN, which is no secret, lost its attribute path: %+v", msn)
	}
}

// TestKeySetEphemeral_namesTheWhitespace: the ephemeral key set reports a pasted newline as the
// resource does.
func TestKeySetEphemeral_namesTheWhitespace(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
ephemeral "vippsmobilepay_key_set" "test" {
  merchant_serial_number   = "123456"
  client_id                = "` + ks.ClientID + `"
  client_secret            = "` + ks.ClientSecret + `\n"
  subscription_key_primary = "` + ks.SubscriptionKeyPrimary + `"
}
`,
			PlanOnly:    true,
			ExpectError: expectErrorWords("Invalid client_secret", "client_secret has a trailing newline; remove it (trimspace())."),
		}},
	})
}

// TestSalesUnit_aHostWithoutTheManagementAPIIsNamed: the test environment's host (or any host
// without the Management API) answers with the gateway's "Resource not found", which is not the
// API's "not found or inactive" about a sales unit.
func TestSalesUnit_aHostWithoutTheManagementAPIIsNamed(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	sb.answerWith("/management/", http.StatusNotFound, `{"statusCode":404,"message":"Resource not found"}`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.partnerProviderBlock(t) + `
data "vippsmobilepay_sales_unit" "test" {
  merchant_serial_number = "123456"
}
`,
			ExpectError: expectErrorWords("No Management API at this host", sb.URL+" has no Management API",
				"The Management API exists only in production, at https://api.vipps.no; check base_url"),
		}},
	})
}

// TestKeySet_typosAreNamedWhereTheEvidencePoints: a swapped digit in the MSN (right keys) is
// blamed on the MSN, and a one-character slip in the only subscription key on that key, not
// on the environment, which nothing points at.
func TestKeySet_typosAreNamedWhereTheEvidencePoints(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	swapped := exampleKeySet()
	swapped.MerchantSerialNumber = "123465"
	mistyped := exampleKeySet()
	mistyped.SubscriptionKeyPrimary = "1" + mistyped.SubscriptionKeyPrimary[1:]
	for _, tc := range []struct {
		name  string
		ks    keys.KeySet
		words []string
		not   []string
	}{
		{"a swapped digit in the MSN", swapped, []string{
			"Key set rejected", "sales unit MSN 123465 in the test environment",
			"The keys work, but not for MSN 123465: the gateway accepted subscription_key_primary without the " +
				"Merchant-Serial-Number header and refused it for MSN 123465, so the keys belong to another sales unit.",
			"Check merchant_serial_number first (a swapped or missing digit is the usual slip)",
		}, []string{"likeliest cause is keys of the other environment"}},
		{"a mistyped subscription key", mistyped, []string{
			"Key set rejected",
			"The gateway did not accept subscription_key_primary, and the answer does not say why. Most often the key " +
				"is mistyped or was regenerated: copy subscription_key_primary again from the business portal",
			`Otherwise the keys are of the production environment (then set environment = "production"), or of ` +
				"another sales unit than MSN 123456 (check merchant_serial_number).",
		}, []string{"likeliest cause is keys of the other environment"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				ErrorCheck: func(err error) error {
					msg := strings.Join(strings.Fields(err.Error()), " ")
					for _, w := range tc.words {
						if !strings.Contains(msg, w) {
							return fmt.Errorf("the error lacks %q: %w", w, err)
						}
					}
					for _, w := range tc.not {
						if strings.Contains(msg, w) {
							return fmt.Errorf("the error still says %q: %w", w, err)
						}
					}
					return nil
				},
				Steps: []resource.TestStep{{
					Config: sb.providerBlock() + keySetConfig(tc.ks),
					Check:  func(*terraform.State) error { return errors.New("the apply succeeded") },
				}},
			})
		})
	}
}

// TestKeySetNotChecked_aRepeatedCauseIsNamedInEveryError: when many key sets fail for one
// cause, one error explains it in full and the others are short, but each still names the
// cause itself and what to do: Terraform prints a fleet's diagnostics in an order of its own,
// so pointing at "the first error" pointed at whichever came first in the provider.
func TestKeySetNotChecked_aRepeatedCauseIsNamedInEveryError(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{FaultRules: []sandbox.FaultRule{{Route: "POST /accesstoken/get", Mode: sandbox.Fault503}}})
	server, err := faultProviderFactories["vippsmobilepay"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	configured, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		Config: objectOf(t, schemas.Provider.ValueType(), map[string]tftypes.Value{
			"base_url": tftypes.NewValue(tftypes.String, sb.URL), "max_retries": tftypes.NewValue(tftypes.Number, 0),
		}),
	})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, configured.Diagnostics)
	}
	var details []string
	for _, msn := range []string{"123456", "234567", "345678"} {
		diags := applyKeySet(t, server, schemas, sb.keySet(t, msn, keys.EnvironmentTest))
		if len(diags) != 1 {
			t.Fatalf("MSN %s: %d diagnostics, want 1: %v", msn, len(diags), summaries(diags))
		}
		details = append(details, diags[0].Detail)
	}
	cause := sb.URL + " answered HTTP 503; this is usually temporary: run the command again"
	for i, detail := range details {
		if i == 0 {
			if strings.Contains(detail, "as for other requests") {
				t.Errorf("the first error is short:\n%s", detail)
			}
			continue
		}
		if !strings.Contains(detail, cause+", as for other requests in this run") || strings.Contains(detail, "first error") {
			t.Errorf("error %d does not name its cause:\n%s", i+1, detail)
		}
	}
}

// TestKeySetRemoved_saysWhatTheLastRefreshFound: removing a key set revokes nothing; when the
// last refresh found the stored keys refused, the warning does not claim they keep working.
func TestKeySetRemoved_saysWhatTheLastRefreshFound(t *testing.T) {
	t.Parallel()
	working := keySetRemoved("123456", keys.EnvironmentProduction, false).Detail()
	refused := keySetRemoved("123456", keys.EnvironmentProduction, true).Detail()
	if !strings.Contains(working, "keep working at Vipps MobilePay") {
		t.Errorf("keys last seen working:\n%s", working)
	}
	if strings.Contains(refused, "keep working") || !strings.Contains(refused, "found the stored API keys of sales unit MSN 123456 in the production environment refused") {
		t.Errorf("keys last seen refused:\n%s", refused)
	}
}
