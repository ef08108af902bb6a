// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

func validateString(v validator.String, value types.String) []string {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: value}, resp)
	var out []string
	for _, d := range resp.Diagnostics {
		out = append(out, d.Summary()+": "+d.Detail())
	}
	return out
}

func TestKeyFormatValidator_passesUnknownAndNull(t *testing.T) {
	t.Parallel()
	for _, attr := range []string{keys.AttrClientID, keys.AttrClientSecret, keys.AttrSubscriptionKeyPrimary,
		keys.AttrSubscriptionKeySecondary, keys.AttrMerchantSerialNumber} {
		for name, v := range map[string]types.String{"unknown": types.StringUnknown(), "null": types.StringNull()} {
			if diags := validateString(keyFormatValidator(attr), v); len(diags) > 0 {
				t.Errorf("%s: %s value rejected: %v", attr, name, diags)
			}
		}
	}
}

func TestKeyFormatValidator_neverQuotesTheValue(t *testing.T) {
	t.Parallel()
	bad := "c2VjcmV0LXNlY3JldC1zZWNyZXQ" // unpadded Base64: malformed, but secret all the same
	diags := validateString(keyFormatValidator(keys.AttrClientSecret), types.StringValue(bad))
	if len(diags) != 1 {
		t.Fatalf("want one diagnostic, got %v", diags)
	}
	if strings.Contains(diags[0], bad) {
		t.Error("the diagnostic quotes the secret")
	}
}

func TestBaseURLValidator(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"https://apitest.vipps.no":      true,
		"https://api.vipps.no/":         true,
		"http://127.0.0.1:8787":         true,
		"http://localhost:8787":         true,
		"http://[::1]:8787":             true,
		"http://127.1.2.3":              true,
		"http://apitest.vipps.no":       false,
		"http://10.0.0.1:8787":          false,
		"ftp://127.0.0.1":               false,
		"apitest.vipps.no":              false,
		"https://user:pw@api.vipps.no":  false,
		"https://api.vipps.no/?debug=1": false,
		"":                              false,
		// Nothing after the host but a path: a bare "?" or "#" sent every request to POST /.
		"http://127.0.0.1:8787?":      false,
		"http://127.0.0.1:8787#":      false,
		"http://127.0.0.1:8787/?#":    false,
		"https://api.vipps.no/#top":   false,
		"http://@127.0.0.1:8787":      false,
		"http://kari@127.0.0.1:8787":  false,
		"https://proxy.example/vipps": true, // a proxy's base path
	}
	for raw, ok := range cases {
		diags := validateString(baseURLRule, types.StringValue(raw))
		if ok != (len(diags) == 0) {
			t.Errorf("%q: valid=%v, diagnostics %v", raw, ok, diags)
		}
		if raw == "https://user:pw@api.vipps.no" && len(diags) > 0 && strings.Contains(diags[0], "pw") {
			t.Error("the diagnostic quotes a password from the URL")
		}
	}
}

// TestBaseURLHostWarning: a host spelt with letters beyond ASCII, or in the punycode that
// stands for them, is named as where the keys go; a plain host is not. No lookup is made: the
// hosts below do not resolve.
func TestBaseURLHostWarning(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"https://v\u0456pps.no":                 `"v\u0456pps.no"`, // a Cyrillic і, shown escaped
		"https://api.vipps.no":                  "",
		"https://xn--vpps-4we.no/":              "xn--vpps-4we.no",
		"https://api.XN--vpps-4we.no:8443/base": "api.XN--vpps-4we.no",
		"https://proxy.example":                 "",
		"http://127.0.0.1:8787":                 "",
		"http://[::1]:8787":                     "",
		"https://examplexn--.no":                "", // xn-- only counts at the start of a label
	} {
		got := vipps.BaseURLHostProblem(raw)
		switch {
		case want == "" && got != "":
			t.Errorf("%q: warned %q, want nothing", raw, got)
		case want != "" && (got == "" || !strings.Contains(got, want)):
			t.Errorf("%q: warning %q, want one naming the host %s", raw, got, want)
		}
	}
}
