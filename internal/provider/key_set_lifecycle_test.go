// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keyset"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// TestKeySet_refusalStoredByRefreshHealsWhenTheKeysWorkAgain: a refresh-only apply during a
// spell of refusals stores the key set as rejected; once the keys work again, the next
// refresh restores their fingerprint and the plan is empty, with no apply in between.
func TestKeySet_refusalStoredByRefreshHealsWhenTheKeysWorkAgain(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	ks := exampleKeySet()
	config := sb.providerBlock() + keySetConfig(ks)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:          func() { sb.addFaultRule(t, sandbox.FaultRule{Route: sandbox.RouteAccessToken, Mode: sandbox.Fault401}) },
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(keySetAddress, "fingerprint", keyset.FingerprintRejected),
					resource.TestCheckNoResourceAttr(keySetAddress, "verified_at"),
				),
			},
			{
				PreConfig: sb.ClearFaultRules,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("fingerprint"), knownvalue.StringExact(ks.Fingerprint())),
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("verified_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				},
			},
		},
	})
}

// TestKeySet_keyAgeMovesWithTheKeysOnly: keys_changed_at is set when the key set is created,
// stays when the same keys are proven again (a rotation trigger, a switch of the active key),
// and moves when a key changes.
func TestKeySet_keyAgeMovesWithTheKeysOnly(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	primaryOnly := ks
	primaryOnly.SubscriptionKeySecondary = ""
	// The provider's clock moves a minute before each step, so a time set anew shows.
	clk := clock.NewFake(time.Now())
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"vippsmobilepay": func() (tfprotov6.ProviderServer, error) {
			return serve(func() provider.Provider { return &vippsProvider{version: "test", clock: clk} })(), nil
		},
	}
	later := func() { clk.Advance(time.Minute) }
	age := statecheck.CompareValue(compare.ValuesSame())
	reverified := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{Config: sb.providerBlock() + keySetConfig(ks), ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("keys_changed_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				age.AddStateValue(keySetAddress, tfjsonpath.New("keys_changed_at")),
				reverified.AddStateValue(keySetAddress, tfjsonpath.New("verified_at")),
			}},
			{
				PreConfig: later,
				Config:    sb.providerBlock() + keySetConfig(ks, `rotation_triggers = { checked = "again" }`, `active_subscription_key = "secondary"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(keySetAddress, tfjsonpath.New("verified_at")),
					plancheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("keys_changed_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					age.AddStateValue(keySetAddress, tfjsonpath.New("keys_changed_at")),
					reverified.AddStateValue(keySetAddress, tfjsonpath.New("verified_at")),
				},
			},
			{
				// The secondary key leaves the set: the key material changed.
				PreConfig: later,
				Config:    sb.providerBlock() + keySetConfig(primaryOnly),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(keySetAddress, tfjsonpath.New("keys_changed_at")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keySetAddress, tfjsonpath.New("keys_changed_at"),
						knownvalue.StringExact(clk.Now().UTC().Add(2*time.Minute).Truncate(time.Second).Format(time.RFC3339))),
				},
			},
		},
	})
}

// TestKeySet_writeOnlySecretsAreSaidToBeBeyondRefresh: the plan that creates a key set with
// write-only secrets warns that no refresh can check them, and names the way to watch them;
// once the key set exists the plan says nothing more.
func TestKeySet_writeOnlySecretsAreSaidToBeBeyondRefresh(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	server, err := testProviderFactories["vippsmobilepay"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas := configureOverProtocol(t, server, sb.URL)
	typ := schemas.ResourceSchemas["vippsmobilepay_key_set"].ValueType()
	ks := exampleKeySet()
	configValues := map[string]tftypes.Value{
		keys.AttrMerchantSerialNumber: tftypes.NewValue(tftypes.String, ks.MerchantSerialNumber),
		keys.AttrClientID:             tftypes.NewValue(tftypes.String, ks.ClientID),
		"client_secret_wo":            tftypes.NewValue(tftypes.String, ks.ClientSecret),
		"subscription_key_primary_wo": tftypes.NewValue(tftypes.String, ks.SubscriptionKeyPrimary),
	}
	proposed := map[string]tftypes.Value{
		keys.AttrMerchantSerialNumber: configValues[keys.AttrMerchantSerialNumber],
		keys.AttrClientID:             configValues[keys.AttrClientID],
	}
	for _, computed := range []string{"id", "environment", "verify", "active_subscription_key", "verified_at", "keys_changed_at", "fingerprint"} {
		proposed[computed] = tftypes.NewValue(typ.(tftypes.Object).AttributeTypes[computed], tftypes.UnknownValue)
	}
	plan, err := server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: "vippsmobilepay_key_set", PriorState: objectNull(t, typ), ProposedNewState: objectOf(t, typ, proposed),
		Config: objectOf(t, typ, configValues),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Diagnostics) != 1 || plan.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		plan.Diagnostics[0].Summary != "Refresh cannot check write-only keys" ||
		!strings.Contains(plan.Diagnostics[0].Detail, "vippsmobilepay_verify_keys action on a schedule") {
		t.Fatalf("the plan of a new write-only key set said %+v", plan.Diagnostics)
	}
	if sb.tokenRequests() != 0 {
		t.Error("the plan called the API")
	}
}
