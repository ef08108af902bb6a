// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// TestKeySet_sameMistakeSameWordsInEveryComponent gives the resource, the ephemeral key set and
// the verify action the same wrong key set and expects the very same diagnostic from each: one
// lifecycle (internal/keyset) decides, whatever component asks. It talks the plugin protocol
// directly, as Terraform does, so it needs no Terraform binary.
func TestKeySet_sameMistakeSameWordsInEveryComponent(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	partner := sb.PartnerKeySets()[0]
	tests := []struct {
		name  string
		edit  func(ks *keys.KeySet)
		msn   string
		env   string
		words []string
	}{
		{"a swapped digit in the MSN", func(ks *keys.KeySet) { ks.MerchantSerialNumber = "123465" },
			keys.ExampleMerchantSerialNumber, keys.EnvironmentTest,
			[]string{"The keys work, but not for MSN 123465", "Check merchant_serial_number first"}},
		{"keys of the other environment", func(ks *keys.KeySet) { ks.Environment = keys.EnvironmentProduction },
			keys.ExampleMerchantSerialNumber, keys.EnvironmentTest,
			[]string{"The likeliest cause is keys of the other environment", `set environment = "test"`}},
		{"a Vippsnummer unit", func(ks *keys.KeySet) { ks.MerchantSerialNumber = sandbox.DemoMSNVippsnummerProduction },
			keys.ExampleMerchantSerialNumber, keys.EnvironmentProduction,
			[]string{"knows no active sales unit with API keys under MSN " + sandbox.DemoMSNVippsnummerProduction,
				"Vippsnummer sales units (Shopping Basket and Open Amount) have no API keys"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ks := sb.keySet(t, tc.msn, tc.env)
			tc.edit(&ks)
			server, err := testProviderFactories["vippsmobilepay"]()
			if err != nil {
				t.Fatal(err)
			}
			schemas := configureWith(t, server, map[string]string{
				"base_url": sb.URL, "environment": keys.EnvironmentProduction, "client_id": partner.ClientID,
				"client_secret": partner.ClientSecret, "subscription_key": partner.SubscriptionKeyPrimary,
			})
			got := map[string][]*tfprotov6.Diagnostic{
				"resource":           applyKeySet(t, server, schemas, ks),
				"ephemeral resource": openKeySet(t, server, schemas, ks),
				"action":             invokeVerifyKeysOn(t, server, ks),
			}
			want := got["resource"]
			if len(want) != 1 || want[0].Summary != "Key set rejected" {
				t.Fatalf("resource: %+v, want one 'Key set rejected'", want)
			}
			for _, w := range tc.words {
				if !strings.Contains(want[0].Detail, w) {
					t.Errorf("the diagnostic lacks %q:\n%s", w, want[0].Detail)
				}
			}
			for component, diags := range got {
				if len(diags) != 1 || diags[0].Summary != want[0].Summary || diags[0].Detail != want[0].Detail ||
					diags[0].Severity != want[0].Severity {
					t.Errorf("%s said %+v\nwhere the resource said %+v", component, diags, want[0])
				}
			}
		})
	}
}

// keySetValues are a key set's arguments as protocol values.
func keySetValues(ks keys.KeySet) map[string]tftypes.Value {
	vals := map[string]tftypes.Value{}
	for name, v := range map[string]string{
		keys.AttrMerchantSerialNumber: ks.MerchantSerialNumber, keys.AttrEnvironment: ks.Environment,
		keys.AttrClientID: ks.ClientID, keys.AttrClientSecret: ks.ClientSecret,
		keys.AttrSubscriptionKeyPrimary: ks.SubscriptionKeyPrimary, keys.AttrSubscriptionKeySecondary: ks.SubscriptionKeySecondary,
	} {
		if v != "" {
			vals[name] = tftypes.NewValue(tftypes.String, v)
		}
	}
	return vals
}

// applyKeySet plans and applies the creation of a key set, as terraform apply does.
func applyKeySet(t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, ks keys.KeySet) []*tfprotov6.Diagnostic {
	t.Helper()
	ctx := context.Background()
	typ := schemas.ResourceSchemas["vippsmobilepay_key_set"].ValueType()
	config := objectOf(t, typ, keySetValues(ks))
	proposed := keySetValues(ks)
	for _, computed := range []string{"id", "verify", "active_subscription_key", "verified_at", "keys_changed_at", "fingerprint"} {
		proposed[computed] = tftypes.NewValue(typ.(tftypes.Object).AttributeTypes[computed], tftypes.UnknownValue)
	}
	prior := objectNull(t, typ)
	plan, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "vippsmobilepay_key_set",
		PriorState: prior, ProposedNewState: objectOf(t, typ, proposed), Config: config})
	if err != nil || len(plan.Diagnostics) > 0 {
		t.Fatalf("plan: %v %+v", err, plan.Diagnostics)
	}
	applied, err := server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: "vippsmobilepay_key_set",
		PriorState: prior, PlannedState: plan.PlannedState, Config: config})
	if err != nil {
		t.Fatal(err)
	}
	return applied.Diagnostics
}

func openKeySet(t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, ks keys.KeySet) []*tfprotov6.Diagnostic {
	t.Helper()
	opened, err := server.OpenEphemeralResource(context.Background(), &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: "vippsmobilepay_key_set",
		Config:   objectOf(t, schemas.EphemeralResourceSchemas["vippsmobilepay_key_set"].ValueType(), keySetValues(ks)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return opened.Diagnostics
}

// invokeVerifyKeysOn invokes the verify action on a configured server, as terraform apply
// -invoke does.
func invokeVerifyKeysOn(t *testing.T, server tfprotov6.ProviderServer, ks keys.KeySet) []*tfprotov6.Diagnostic {
	t.Helper()
	actions, ok := server.(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider server serves no actions")
	}
	attrs := map[string]tftypes.Type{}
	for _, name := range []string{keys.AttrMerchantSerialNumber, keys.AttrEnvironment, keys.AttrClientID, keys.AttrClientSecret,
		keys.AttrSubscriptionKeyPrimary, keys.AttrSubscriptionKeySecondary, keys.AttrActiveSubscriptionKey} {
		attrs[name] = tftypes.String
	}
	stream, err := actions.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{
		ActionType: "vippsmobilepay_verify_keys", Config: objectOf(t, tftypes.Object{AttributeTypes: attrs}, keySetValues(ks)),
	})
	if err != nil {
		t.Fatal(err)
	}
	var diags []*tfprotov6.Diagnostic
	for event := range stream.Events {
		if done, ok := event.Type.(tfprotov6.CompletedInvokeActionEventType); ok {
			diags = append(diags, done.Diagnostics...)
		}
	}
	return diags
}

// objectNull is a null of a schema's object type: a resource that does not exist yet.
func objectNull(t testing.TB, typ tftypes.Type) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}
