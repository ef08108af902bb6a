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

// TestKeySet_pairMistakesAreCaughtOfflineInEveryComponent: the primary key pasted twice is an
// error, and a client_secret and subscription key pasted in each other's place a warning, at
// validate, in every component that takes a key set (the resource also in its write-only form).
// Neither names a value, and neither points at a source line that could hold one. It talks the
// plugin protocol directly and configures no provider: validation never reaches the API.
func TestKeySet_pairMistakesAreCaughtOfflineInEveryComponent(t *testing.T) {
	t.Parallel()
	server, schemas := newServerWithSchemas(t)
	ctx := context.Background()
	example := exampleKeySet()
	sameTwice := map[string]string{
		keys.AttrSubscriptionKeyPrimary: keys.ExampleSubscriptionKey, keys.AttrSubscriptionKeySecondary: strings.ToUpper(keys.ExampleSubscriptionKey),
	}
	swapped := map[string]string{
		keys.AttrClientSecret: keys.ExampleSubscriptionKey, keys.AttrSubscriptionKeyPrimary: keys.ExampleClientSecret,
	}
	writeOnlyAllowed := &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true}
	fine := map[string]string{keys.AttrSubscriptionKeySecondary: "da7d5b0e18a84aeda961c0c31b75c2a9"}

	validate := map[string]func(settings map[string]string) []*tfprotov6.Diagnostic{
		"resource": func(s map[string]string) []*tfprotov6.Diagnostic {
			resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "vippsmobilepay_key_set", ClientCapabilities: writeOnlyAllowed,
				Config: objectValue(t, schemas.ResourceSchemas["vippsmobilepay_key_set"].ValueType(), s)})
			if err != nil {
				t.Fatal(err)
			}
			return resp.Diagnostics
		},
		"resource, write-only": func(s map[string]string) []*tfprotov6.Diagnostic {
			wo := map[string]string{}
			for name, v := range s {
				if name != keys.AttrMerchantSerialNumber && name != keys.AttrClientID {
					name += "_wo"
				}
				wo[name] = v
			}
			resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "vippsmobilepay_key_set", ClientCapabilities: writeOnlyAllowed,
				Config: objectValue(t, schemas.ResourceSchemas["vippsmobilepay_key_set"].ValueType(), wo)})
			if err != nil {
				t.Fatal(err)
			}
			return resp.Diagnostics
		},
		"ephemeral resource": func(s map[string]string) []*tfprotov6.Diagnostic {
			resp, err := server.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{TypeName: "vippsmobilepay_key_set",
				Config: objectValue(t, schemas.EphemeralResourceSchemas["vippsmobilepay_key_set"].ValueType(), s)})
			if err != nil {
				t.Fatal(err)
			}
			return resp.Diagnostics
		},
		"action": func(s map[string]string) []*tfprotov6.Diagnostic {
			actions, ok := server.(tfprotov6.ActionServer)
			if !ok {
				t.Fatal("the provider serves no actions")
			}
			resp, err := actions.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: "vippsmobilepay_verify_keys",
				Config: objectValue(t, schemas.ActionSchemas["vippsmobilepay_verify_keys"].Schema.ValueType(), s)})
			if err != nil {
				t.Fatal(err)
			}
			return resp.Diagnostics
		},
	}
	for component, validate := range validate {
		for _, tc := range []struct {
			name     string
			edit     map[string]string
			severity tfprotov6.DiagnosticSeverity
			words    []string
		}{
			{"the primary key twice", sameTwice, tfprotov6.DiagnosticSeverityError,
				[]string{"Invalid subscription_key_secondary", "is the same key as subscription_key_primary", "paste the secondary one"}},
			{"client_secret and subscription key swapped", swapped, tfprotov6.DiagnosticSeverityWarning,
				[]string{"client_secret and subscription_key_primary look swapped", "swap them back"}},
			{"two different keys", fine, 0, nil},
		} {
			t.Run(component+"/"+tc.name, func(t *testing.T) {
				settings := map[string]string{
					keys.AttrMerchantSerialNumber: example.MerchantSerialNumber, keys.AttrClientID: example.ClientID,
					keys.AttrClientSecret: example.ClientSecret, keys.AttrSubscriptionKeyPrimary: example.SubscriptionKeyPrimary,
				}
				for name, v := range tc.edit {
					settings[name] = v
				}
				diags := validate(settings)
				if tc.words == nil {
					if len(diags) != 0 {
						t.Fatalf("two different keys gave %s", summaries(diags))
					}
					return
				}
				if len(diags) != 1 || diags[0].Severity != tc.severity {
					t.Fatalf("got %s, want one diagnostic of severity %v", summaries(diags), tc.severity)
				}
				d := diags[0]
				text := d.Summary + " " + d.Detail
				for _, w := range tc.words {
					if !strings.Contains(text, w) {
						t.Errorf("%q does not say %q", text, w)
					}
				}
				if d.Attribute != nil {
					t.Errorf("the diagnostic points at %v, whose source line may be the secret itself", d.Attribute)
				}
				for _, secret := range []string{keys.ExampleClientSecret, keys.ExampleSubscriptionKey} {
					if strings.Contains(strings.ToLower(text), strings.ToLower(secret)) {
						t.Errorf("the diagnostic quotes a secret: %q", text)
					}
				}
			})
		}
	}
}

// TestKeySet_writeOnlyKeysThatArriveEmptyAreExplained: OpenTofu passes a write-only argument on
// as null while the ephemeral resource its value comes from cannot open yet, and the
// framework's "Missing Attribute Configuration" then tells the user to set what they did set.
// With secrets_wo_version set, a warning says what happened and what to do.
func TestKeySet_writeOnlyKeysThatArriveEmptyAreExplained(t *testing.T) {
	t.Parallel()
	server, schemas := newServerWithSchemas(t)
	ctx := context.Background()
	typ := schemas.ResourceSchemas["vippsmobilepay_key_set"].ValueType()
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	base := map[string]tftypes.Value{
		keys.AttrMerchantSerialNumber: str(keys.ExampleMerchantSerialNumber), keys.AttrClientID: str(keys.ExampleClientID),
	}
	for _, tc := range []struct {
		name    string
		set     map[string]tftypes.Value
		warning string
	}{
		{"both keys empty", map[string]tftypes.Value{"secrets_wo_version": tftypes.NewValue(tftypes.Number, 1)},
			"client_secret_wo and subscription_key_primary_wo have no value here"},
		{"the subscription key empty", map[string]tftypes.Value{
			"secrets_wo_version": tftypes.NewValue(tftypes.Number, 1), "client_secret_wo": str(keys.ExampleClientSecret),
		}, "subscription_key_primary_wo has no value here"},
		{"no secrets_wo_version: no write-only key meant", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := map[string]tftypes.Value{}
			for _, m := range []map[string]tftypes.Value{base, tc.set} {
				for k, v := range m {
					set[k] = v
				}
			}
			resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
				TypeName: "vippsmobilepay_key_set", Config: objectOf(t, typ, set),
				ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true},
			})
			if err != nil {
				t.Fatal(err)
			}
			var warnings []*tfprotov6.Diagnostic
			missing := false
			for _, d := range resp.Diagnostics {
				switch {
				case d.Severity == tfprotov6.DiagnosticSeverityWarning:
					warnings = append(warnings, d)
				case d.Summary == "Missing Attribute Configuration":
					missing = true
				}
			}
			if !missing {
				t.Errorf("no key given, yet no error: %v", summaries(resp.Diagnostics))
			}
			if tc.warning == "" {
				if len(warnings) != 0 {
					t.Errorf("warned without secrets_wo_version: %v", summaries(warnings))
				}
				return
			}
			if len(warnings) != 1 || warnings[0].Summary != "Write-only keys without a value" ||
				!strings.Contains(warnings[0].Detail, tc.warning) || !strings.Contains(warnings[0].Detail, "OpenTofu") {
				t.Errorf("got %v, want one warning saying %q", summaries(resp.Diagnostics), tc.warning)
			}
		})
	}
}

// newServerWithSchemas serves a provider that is not configured, and its schemas to build
// values from: validation needs no more.
func newServerWithSchemas(t *testing.T) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	server, err := testProviderFactories["vippsmobilepay"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return server, schemas
}
