// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// providerBlockWith is the acceptance tests' provider block with more arguments.
func (s *testSandbox) providerBlockWith(lines ...string) string {
	b := fmt.Sprintf("provider \"vippsmobilepay\" {\n  base_url    = %q\n  max_retries = 1\n", s.URL)
	for _, l := range lines {
		b += "  " + l + "\n"
	}
	return b + "}\n"
}

// TestKeySet_outageDuringRefreshFailsThePlan: a scheduled drift check (plan -detailed-exitcode)
// that cannot reach the API must fail, naming the MSN, the host and the way out; with
// on_refresh_failure = "warning" it plans anyway.
func TestKeySet_outageDuringRefreshFailsThePlan(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	ks := exampleKeySet()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + keySetConfig(ks)},
			{
				PreConfig: func() { sb.addFaultRule(t, sandbox.FaultRule{Route: sandbox.RouteAccessToken, Mode: sandbox.Fault503}) },
				Config:    sb.providerBlock() + keySetConfig(ks),
				PlanOnly:  true,
				ExpectError: expectErrorWords("Key set not checked", "sales unit MSN 123456 in the test environment",
					"POST "+sb.URL+"/accesstoken/get answered HTTP 503", "terraform plan -refresh=false",
					`on_refresh_failure = "warning"`),
			},
			{
				Config:   sb.providerBlockWith(`on_refresh_failure = "warning"`) + keySetConfig(ks),
				PlanOnly: true,
			},
			{
				PreConfig: func() {
					sb.ClearFaultRules()
					sb.addFaultRule(t, sandbox.FaultRule{Route: sandbox.RouteAccessToken, Mode: sandbox.FaultReset})
				},
				Config:   sb.providerBlock() + keySetConfig(ks),
				PlanOnly: true,
				ExpectError: expectErrorWords("Key set not checked", "Nothing answered at "+sb.URL,
					"base_url is "+sb.URL, "check that the sandbox or proxy there is running"),
			},
			{
				PreConfig: func() { sb.ClearFaultRules() },
				Config:    sb.providerBlock() + keySetConfig(ks),
				PlanOnly:  true,
			},
		},
	})
}

// TestKeySet_gatewayRefusalsThatNameNoKeyAreNotDrift: a 403 or a bare 401 from a gateway during
// refresh is an error to report, never drift: the refresh stores nothing, and once the gateway
// behaves the plan is empty again.
func TestKeySet_gatewayRefusalsThatNameNoKeyAreNotDrift(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	ks := exampleKeySet()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + keySetConfig(ks)},
			{
				PreConfig: func() {
					sb.answerWith("/accesstoken/get", http.StatusForbidden, `{"statusCode":403,"message":"Forbidden"}`)
				},
				RefreshState: true,
				ExpectError:  expectErrorWords("Key set not checked", "answered HTTP 403 without saying that a key is wrong"),
			},
			{
				PreConfig: func() {
					sb.answerWith("/accesstoken/get", http.StatusUnauthorized,
						`{"statusCode":401,"message":"Unauthorized. Access token is missing or invalid."}`)
				},
				RefreshState: true,
				ExpectError:  expectErrorWords("Key set not checked", "answered HTTP 401 without saying that a key is wrong"),
			},
			{
				PreConfig: func() { sb.answerWith("", 0, "") },
				Config:    sb.providerBlock() + keySetConfig(ks),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// keySetState builds a key set's state as Terraform sends it, from the string attributes given;
// verify is true and everything else null.
func keySetState(t *testing.T, typ tftypes.Type, set map[string]string) *tfprotov6.DynamicValue {
	t.Helper()
	vals := map[string]tftypes.Value{"verify": tftypes.NewValue(tftypes.Bool, true)}
	for name, v := range set {
		vals[name] = tftypes.NewValue(tftypes.String, v)
	}
	return objectOf(t, typ, vals)
}

// TestKeySet_refreshOfWriteOnlySecretsIsQuiet: with client_secret in state and the primary key
// write-only, refresh has nothing to check the keys with. It says nothing and asks nothing,
// instead of a "not checked" on every plan that no rerun can cure.
func TestKeySet_refreshOfWriteOnlySecretsIsQuiet(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	ctx := context.Background()
	server, err := testProviderFactories["vippsmobilepay"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas := configureOverProtocol(t, server, sb.URL)
	ks := exampleKeySet()
	read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName: "vippsmobilepay_key_set",
		CurrentState: keySetState(t, schemas.ResourceSchemas["vippsmobilepay_key_set"].ValueType(), map[string]string{
			"id": "test/123456", "merchant_serial_number": ks.MerchantSerialNumber, "environment": ks.Environment,
			"client_id": ks.ClientID, "client_secret": ks.ClientSecret, "active_subscription_key": keys.SubscriptionKeyPrimary,
			"verified_at": "2026-01-02T03:04:05Z", "fingerprint": "sha256:00",
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(read.Diagnostics) > 0 {
		t.Errorf("refresh of a key set with a write-only primary key said %+v, want nothing", read.Diagnostics[0])
	}
	if n := sb.tokenRequests(); n != 0 {
		t.Errorf("refresh sent %d token requests without the keys to send", n)
	}
}
