// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// faultProviderBlock keeps retries and timeouts short, so every case ends in seconds. A refresh
// that meets the fault only warns, so the update's own verification meets it too.
func (s *testSandbox) faultProviderBlock() string {
	return fmt.Sprintf(`
provider "vippsmobilepay" {
  base_url           = %q
  max_retries        = 1
  request_timeout    = "1s"
  on_refresh_failure = "warning"
}
`, s.URL)
}

// faultProviderFactories serve a provider whose retry budget is 3 s instead of 30 s, so a
// persistent 429 gives up in seconds.
var faultProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"vippsmobilepay": func() (tfprotov6.ProviderServer, error) {
		return serve(func() provider.Provider { return &vippsProvider{version: "test", retryTimeout: 3 * time.Second} })(), nil
	},
}

// faultCases is the fault matrix: what the diagnostic must say when the fault persists, and
// whether one occurrence is retried away.
var faultCases = []struct {
	mode      string
	retried   bool
	diagnosis []string
}{
	// A 429 is retried for the retry budget, however small max_retries is.
	{sandbox.Fault429, true, []string{"Key set not verified", "HTTP 429", "gave up after"}},
	{sandbox.Fault429NoRetryAfter, true, []string{"Key set not verified", "HTTP 429"}},
	{sandbox.Fault500, true, []string{"Key set not verified", "HTTP 500"}},
	{sandbox.Fault502, true, []string{"Key set not verified", "HTTP 502"}},
	{sandbox.Fault503, true, []string{"Key set not verified", "HTTP 503"}},
	{sandbox.Fault504, true, []string{"Key set not verified", "HTTP 504"}},
	{sandbox.FaultReset, true, []string{"Key set not verified", "Nothing answered at", "/accesstoken/get failed"}},
	{sandbox.FaultTimeout, true, []string{"Key set not verified", "timed out"}},
	{sandbox.FaultHTML, true, []string{"Key set not verified", "HTML error page"}},
	{sandbox.FaultMalformedJSON, true, []string{"Key set not verified", "not valid JSON", "usually temporary"}},
	// The gateway's invalid-subscription-key answer names a wrong key: a refusal.
	{sandbox.Fault401, false, []string{"Key set rejected", "HTTP 401"}},
	// A 403 or a 404 says nothing about the keys: reported as what it is, never as a refusal.
	{sandbox.Fault403, false, []string{"Key set not verified", "answered HTTP 403 without saying that a key is wrong"}},
	{sandbox.Fault404, false, []string{"Key set not verified", "answered HTTP 404 without saying that a key is wrong"}},
}

// TestFaultMatrix_persistentFaultFailsClearlyAndRerunConverges: a key set exists; an update
// meets a fault that does not go away and fails with a diagnostic that says what happened; once
// the fault is gone the same apply converges, with the key set still in state.
func TestFaultMatrix_persistentFaultFailsClearlyAndRerunConverges(t *testing.T) {
	for _, tc := range faultCases {
		t.Run(tc.mode, func(t *testing.T) {
			t.Parallel()
			sb := startSandbox(t, sandbox.Options{})
			ks := exampleKeySet()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: faultProviderFactories,
				Steps: []resource.TestStep{
					{Config: sb.faultProviderBlock() + keySetConfig(ks, `rotation_triggers = { n = "1" }`)},
					{
						PreConfig:   func() { sb.addFaultRule(t, sandbox.FaultRule{Mode: tc.mode}) },
						Config:      sb.faultProviderBlock() + keySetConfig(ks, `rotation_triggers = { n = "2" }`),
						ExpectError: expectErrorWords(append([]string{tc.diagnosis[0], "MSN 123456"}, tc.diagnosis[1:]...)...),
					},
					{
						PreConfig: func() { sb.ClearFaultRules() },
						Config:    sb.faultProviderBlock() + keySetConfig(ks, `rotation_triggers = { n = "2" }`),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("id"), knownvalue.StringExact("test/123456")),
							statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
						},
					},
				},
			})
		})
	}
}

// TestFaultMatrix_transientFaultIsRetriedAway: one occurrence of a retryable fault costs a
// retry, not an error.
func TestFaultMatrix_transientFaultIsRetriedAway(t *testing.T) {
	for _, tc := range faultCases {
		if !tc.retried {
			continue
		}
		t.Run(tc.mode, func(t *testing.T) {
			t.Parallel()
			sb := startSandbox(t, sandbox.Options{})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: faultProviderFactories,
				Steps: []resource.TestStep{{
					PreConfig: func() { sb.addFaultRule(t, sandbox.FaultRule{Mode: tc.mode, Count: 1}) },
					Config:    sb.faultProviderBlock() + keySetConfig(exampleKeySet()),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
					},
				}},
			})
		})
	}
}
