// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// validateVerifyKeys sends the verify action's configuration with the given client_secret to
// the provider as Terraform does, and returns the diagnostics' summaries.
func validateVerifyKeys(t *testing.T, clientSecret string) []string {
	t.Helper()
	attrs := map[string]tftypes.Type{}
	values := map[string]tftypes.Value{}
	for _, name := range []string{"merchant_serial_number", "environment", "client_id", "client_secret",
		"subscription_key_primary", "subscription_key_secondary", "active_subscription_key"} {
		attrs[name] = tftypes.String
		values[name] = tftypes.NewValue(tftypes.String, nil)
	}
	values["merchant_serial_number"] = tftypes.NewValue(tftypes.String, keys.ExampleMerchantSerialNumber)
	values["client_id"] = tftypes.NewValue(tftypes.String, keys.ExampleClientID)
	values["client_secret"] = tftypes.NewValue(tftypes.String, clientSecret)
	values["subscription_key_primary"] = tftypes.NewValue(tftypes.String, keys.ExampleSubscriptionKey)
	config, err := tfprotov6.NewDynamicValue(tftypes.Object{AttributeTypes: attrs}, tftypes.NewValue(tftypes.Object{AttributeTypes: attrs}, values))
	if err != nil {
		t.Fatal(err)
	}
	server, ok := NewProtocol6Server("test")().(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider's server has no actions")
	}
	resp, err := server.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{
		ActionType: "vippsmobilepay_verify_keys", Config: &config,
	})
	if err != nil {
		t.Fatal(err)
	}
	var summaries []string
	for _, d := range resp.Diagnostics {
		summaries = append(summaries, d.Summary)
	}
	return summaries
}

func TestVerifyKeys_writeOnlyKeysPassValidationAndMalformedOnesDoNot(t *testing.T) {
	t.Parallel()
	if got := validateVerifyKeys(t, keys.ExampleClientSecret); len(got) != 0 {
		t.Errorf("well-formed write-only keys got diagnostics %q", got)
	}
	got := validateVerifyKeys(t, "not base64")
	if len(got) != 1 || got[0] != "Invalid client_secret" {
		t.Errorf("a malformed client_secret got diagnostics %q, want only Invalid client_secret", got)
	}
}
