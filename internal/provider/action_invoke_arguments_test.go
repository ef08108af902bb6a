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
)

// invokeVerifyKeys invokes the verify action, unconfigured, over the plugin protocol with the
// given arguments (the others null), as Terraform 1.16 does after `apply -invoke` with keys
// from ephemeral variables, and returns the diagnostics of its completed event.
func invokeVerifyKeys(t *testing.T, set map[string]string) []*tfprotov6.Diagnostic {
	t.Helper()
	attrs := map[string]tftypes.Type{}
	values := map[string]tftypes.Value{}
	for _, name := range []string{"merchant_serial_number", "environment", "client_id", "client_secret",
		"subscription_key_primary", "subscription_key_secondary", "active_subscription_key"} {
		attrs[name] = tftypes.String
		values[name] = tftypes.NewValue(tftypes.String, nil)
		if v, ok := set[name]; ok {
			values[name] = tftypes.NewValue(tftypes.String, v)
		}
	}
	typ := tftypes.Object{AttributeTypes: attrs}
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	server, ok := NewProtocol6Server("test")().(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider's server has no actions")
	}
	stream, err := server.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{
		ActionType: "vippsmobilepay_verify_keys", Config: &config,
	})
	if err != nil {
		t.Fatal(err)
	}
	var diags []*tfprotov6.Diagnostic
	for event := range stream.Events {
		if completed, ok := event.Type.(tfprotov6.CompletedInvokeActionEventType); ok {
			diags = append(diags, completed.Diagnostics...)
		}
	}
	return diags
}

func TestVerifyKeys_invokedWithoutItsKeysNamesThemAndWhyTerraformDroppedThem(t *testing.T) {
	t.Parallel()
	diags := invokeVerifyKeys(t, map[string]string{
		"merchant_serial_number": keys.ExampleMerchantSerialNumber, "environment": keys.EnvironmentTest,
	})
	if len(diags) != 1 || diags[0].Summary != "Action arguments not received" {
		t.Fatalf("got diagnostics %v, want only Action arguments not received", summaries(diags))
	}
	d := diags[0]
	if d.Severity != tfprotov6.DiagnosticSeverityError || d.Attribute != nil {
		t.Errorf("severity %v, attribute %v: want an error on no attribute (Terraform would print a secret's line)", d.Severity, d.Attribute)
	}
	for _, want := range []string{"client_id, client_secret and subscription_key_primary", "Terraform 1.16",
		"-invoke", "ephemeral", "no request was sent", "after_create or after_update"} {
		if !strings.Contains(d.Detail, want) {
			t.Errorf("the detail does not say %q:\n%s", want, d.Detail)
		}
	}
	if strings.Contains(d.Detail, "subscription_key_secondary") {
		t.Errorf("the detail names an optional argument as missing:\n%s", d.Detail)
	}
}

func TestVerifyKeys_invokedWithItsKeysIsLeftToTheAction(t *testing.T) {
	t.Parallel()
	// Unconfigured, the action itself answers; the wrapper must not.
	diags := invokeVerifyKeys(t, map[string]string{
		"merchant_serial_number": keys.ExampleMerchantSerialNumber, "client_id": keys.ExampleClientID,
		"client_secret": keys.ExampleClientSecret, "subscription_key_primary": keys.ExampleSubscriptionKey,
	})
	for _, d := range diags {
		if d.Summary == "Action arguments not received" {
			t.Errorf("an invocation with every required argument was refused: %s", d.Detail)
		}
	}
	if len(diags) == 0 {
		t.Error("an unconfigured action reported nothing: the invocation did not reach it")
	}
}

func summaries(diags []*tfprotov6.Diagnostic) []string {
	var s []string
	for _, d := range diags {
		s = append(s, d.Summary)
	}
	return s
}
