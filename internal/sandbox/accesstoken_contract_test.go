// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// The Access Token API's contract: every answer of POST /accesstoken/get and POST
// /miami/v1/token against the AT spec 2.0.0 (vippsas/access-token-api's docs/swagger.yaml of
// November 2023, copied into testdata). Where the spec and the reference disagree, the
// reference wins:
//
//   - access_token is declared format: byte (Base64). A real token is a JWT: three base64url
//     parts joined by dots. The contract takes a JWT for byte.
//   - TokenResponse.expires_in (of /miami/v1/token) is typed string, with the example 900; the
//     guide's answer has the number 900, and so does the sandbox's.
//   - The spec declares 400, 401 and 500 with no body. The bodies the sandbox sends (APIM's,
//     Azure AD's, OAuth2's) are the reference's, and the access token tests check them.
const accessTokenSpecPath = "testdata/access-token-api-swagger.yaml"

func loadAccessTokenContract(t *testing.T) *contract {
	c := loadContract(t, accessTokenSpecPath, func(doc *openapi3.T) {
		doc.Components.Schemas["TokenResponse"].Value.Properties["expires_in"].Value.Type = &openapi3.Types{openapi3.TypeInteger}
	})
	c.opts = append(c.opts, openapi3.WithStringFormatValidator("byte", openapi3.NewCallbackValidator(func(s string) error {
		parts := strings.Split(s, ".")
		if len(parts) != 3 {
			return fmt.Errorf("not a JWT: %d parts", len(parts))
		}
		for _, p := range parts {
			if _, err := base64.RawURLEncoding.DecodeString(p); err != nil {
				return fmt.Errorf("not a JWT: %w", err)
			}
		}
		return nil
	})))
	return c
}

func TestAccessTokenContract_everyAnswerMatchesTheSpec(t *testing.T) {
	c := loadAccessTokenContract(t)
	s, srv := newServer(t, Options{})
	call := func(path string, h http.Header, body string) {
		t.Helper()
		r := rawRequest(t, srv, http.MethodPost, path, h, body)
		if !c.validate(http.MethodPost, strings.ToLower(path), r) {
			t.Errorf("the spec has no operation POST %s", path)
		}
		if r.status == http.StatusOK && r.header.Get("Content-Type") != contentTypeToken {
			t.Errorf("POST %s: content type %q, want %q", path, r.header.Get("Content-Type"), contentTypeToken)
		}
	}
	withHeader := func(h http.Header, kv ...string) http.Header {
		h = h.Clone()
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				h.Del(kv[i])
			} else {
				h.Set(kv[i], kv[i+1])
			}
		}
		return h
	}

	// Standard authentication: every demo key set, the partner's, and the ways to fail.
	for _, ks := range append(DemoData().KeySets, demoPartnerKeySet(t)) {
		call("/accesstoken/get", keyHeaders(ks), "")
	}
	good := keyHeaders(demoKeySet(t, DemoMSN, keys.EnvironmentTest))
	call("/accessToken/get", withHeader(good, HeaderMerchantSerialNumber, DemoMSN), "")
	call("/accesstoken/get", withHeader(good, HeaderClientID, ""), "")                                     // 400
	call("/accesstoken/get", withHeader(good, HeaderClientID, "00000000-1111-4222-8333-444444444444"), "") // 400
	call("/accesstoken/get", withHeader(good, HeaderMerchantSerialNumber, "12"), "")                       // 400
	call("/accesstoken/get", withHeader(good, HeaderSubscriptionKey, ""), "")                              // 401
	call("/accesstoken/get", withHeader(good, HeaderClientSecret, "AAAAAAAAAAAAAAAAAAAAAA=="), "")         // 401
	call("/accesstoken/get", withHeader(good, HeaderMerchantSerialNumber, "234567"), "")                   // 401
	call("/accesstoken/get", sdkTokenHeaders(demoPartnerKeySet(t), "undefined"), "")                       // 200
	call("/accesstoken/get", withHeader(good, HeaderEnvironment, keys.EnvironmentProduction), "")          // 401
	addRule(t, s, FaultRule{Route: RouteAccessToken, Mode: Fault500, Count: 1})
	call("/accesstoken/get", good, "") // 500

	// Specialized authentication.
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentProduction)
	const form = "grant_type=client_credentials"
	call("/miami/v1/token", miamiHeaders(ks.ClientID, ks.ClientSecret), form)
	call("/miami/v1/token", miamiHeaders(ks.ClientID, ks.ClientSecret), "grant_type=password")                                              // 400
	call("/miami/v1/token", miamiHeaders(ks.ClientID, "AAAAAAAAAAAAAAAAAAAAAA=="), form)                                                    // 401
	call("/miami/v1/token", withHeader(miamiHeaders(ks.ClientID, ks.ClientSecret), HeaderSubscriptionKey, ks.SubscriptionKeyPrimary), form) // 401

	for _, want := range []string{
		"POST /accesstoken/get 200", "POST /accesstoken/get 400", "POST /accesstoken/get 401", "POST /accesstoken/get 500",
		"POST /miami/v1/token 200", "POST /miami/v1/token 400", "POST /miami/v1/token 401",
	} {
		if !c.seen[want] {
			t.Errorf("the contract test never saw %s", want)
		}
	}
}

// The spec's own quirks, pinned so that a new copy of the spec that fixes them gets noticed.
func TestAccessTokenContract_specQuirksTheReferenceOverrides(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile(accessTokenSpecPath)
	if err != nil {
		t.Fatal(err)
	}
	miami := doc.Components.Schemas["TokenResponse"].Value.Properties
	if !miami["expires_in"].Value.Type.Is(openapi3.TypeString) {
		t.Error("the spec's miami expires_in is no longer a string; review MiamiTokenResponse")
	}
	if doc.Components.Schemas["AuthorizationTokenResponse"].Value.Properties["access_token"].Value.Format != "byte" {
		t.Error("the spec's access_token is no longer format byte; review the JWT override")
	}
	if doc.Paths.Find("/miami/v1/token").Post.Parameters.GetByInAndName("header", "client_id") == nil {
		t.Error("the spec's /miami/v1/token no longer models client_id as a header; the sandbox follows the guides' Basic authentication")
	}
}
