// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// These tests send what real clients of the Vipps MobilePay API, written by others, send.

// rawRequest sends method path with exactly these headers (empty values included) and body.
func rawRequest(t *testing.T, srv *httptest.Server, method, path string, header http.Header, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	req.Header = header
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func keyHeaders(ks keys.KeySet) http.Header {
	h := http.Header{}
	h.Set(HeaderClientID, ks.ClientID)
	h.Set(HeaderClientSecret, ks.ClientSecret)
	h.Set(HeaderSubscriptionKey, ks.SubscriptionKeyPrimary)
	return h
}

func TestGateway_matchesPathsCaseInsensitively(t *testing.T) {
	s, srv := newServer(t, Options{})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	for _, path := range []string{"/accesstoken/get", "/accessToken/get", "/AccessToken/Get", "/ACCESSTOKEN/GET"} {
		if r := rawRequest(t, srv, http.MethodPost, path, keyHeaders(ks), ""); r.status != http.StatusOK {
			t.Errorf("POST %s: %d %s", path, r.status, r.body)
		}
	}
	if got := s.Stats()[RouteAccessToken]; got != 4 {
		t.Errorf("Stats[%s] = %d, want every spelling counted under the route", RouteAccessToken, got)
	}
	// A base URL ending in "/" joined to a path starting with one: served, never redirected
	// (Go's ServeMux answers 307, which no gateway sends and many clients do not follow).
	for _, path := range []string{"//accesstoken/get", "/accesstoken//get"} {
		if r := rawRequest(t, srv, http.MethodPost, path, keyHeaders(ks), ""); r.status != http.StatusOK {
			t.Errorf("POST %s: %d %s", path, r.status, r.body)
		}
	}

	// The route's own words match in any case; the values in the path keep theirs.
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	if r := partner.get("/Management/V1/Merchants/business:FI:Y-tunnus/" + DemoOrgAurora); r.status != http.StatusOK {
		t.Errorf("merchant by a camel-case path: %d %s", r.status, r.body)
	}
	if r := partner.get("/management/v1/merchants/BUSINESS:FI:Y-TUNNUS/" + DemoOrgAurora); r.status != http.StatusNotFound {
		t.Errorf("a scheme in other case is another scheme: %d %s", r.status, r.body)
	}
	if r := partner.get("/MANAGEMENT/v2/product-orders"); r.status != http.StatusOK {
		t.Errorf("product orders in capitals: %d %s", r.status, r.body)
	}
	// Unknown paths and wrong methods stay the gateway's 404, in any case.
	for _, rt := range []struct{ method, path string }{{http.MethodGet, "/AccessToken/Get"}, {http.MethodPost, "/accessToken/got"}} {
		if r := rawRequest(t, srv, rt.method, rt.path, keyHeaders(ks), ""); r.status != http.StatusNotFound || r.body != apimJSON(404, apimNotFound) {
			t.Errorf("%s %s: %d %s", rt.method, rt.path, r.status, r.body)
		}
	}
}

// The token endpoint takes what clients add and the gateway ignores: the key headers decide.
func TestAccessToken_ignoresWhatClientsAddOnTopOfTheKeyHeaders(t *testing.T) {
	_, srv := newServer(t, Options{})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(ks.ClientID)+":"+url.QueryEscape(ks.ClientSecret)))
	for _, tt := range []struct {
		name string
		add  http.Header
		body string
	}{
		{"OAuth2 client credentials with Basic auth", http.Header{
			"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {basic},
		}, "grant_type=client_credentials"},
		{"form content type, empty body", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, ""},
		{"JSON content type, empty body", http.Header{"Content-Type": {"application/json"}}, ""},
		{"Authorization: Bearer with no token", http.Header{"Authorization": {"Bearer"}}, ""},
		{"Authorization: Bearer and a space", http.Header{"Authorization": {"Bearer "}}, ""},
		{"Idempotency-Key", http.Header{HeaderIdempotencyKey: {uuid.NewString()}}, ""},
		{"empty Vipps-System-* headers", http.Header{
			"Vipps-System-Name": {""}, "Vipps-System-Version": {""}, "Vipps-System-Plugin-Name": {""}, "Vipps-System-Plugin-Version": {""},
		}, ""},
		{"empty Merchant-Serial-Number", http.Header{HeaderMerchantSerialNumber: {""}}, ""},
	} {
		h := keyHeaders(ks)
		for k, v := range tt.add {
			h[k] = v
		}
		if r := rawRequest(t, srv, http.MethodPost, "/accesstoken/get", h, tt.body); r.status != http.StatusOK {
			t.Errorf("%s: %d %s", tt.name, r.status, r.body)
		}
	}
}

// Decided: the literal "undefined" (and "null") as Merchant-Serial-Number, which the official
// SDK sends when no MSN is configured, is no MSN at all, on the token endpoint and the
// Management API alike. Any other malformed MSN stays a 400.
func TestMerchantSerialNumber_undefinedIsNoMSN(t *testing.T) {
	s, srv := newServer(t, Options{})
	partnerKS := demoPartnerKeySet(t)
	unitKS := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	for _, msn := range []string{"undefined", "null"} {
		for name, ks := range map[string]keys.KeySet{"partner keys": partnerKS, "sales unit keys": unitKS} {
			h := keyHeaders(ks)
			h.Set(HeaderMerchantSerialNumber, msn)
			if r := rawRequest(t, srv, http.MethodPost, "/accesstoken/get", h, ""); r.status != http.StatusOK {
				t.Errorf("%s, MSN %q: %d %s", name, msn, r.status, r.body)
			}
		}
		partner := newMgmt(t, s, srv, partnerKS).with(HeaderMerchantSerialNumber, msn)
		all := newMgmt(t, s, srv, partnerKS).get("/management/v1/sales-units")
		if r := partner.get("/management/v1/sales-units"); r.status != http.StatusOK || r.body != all.body {
			t.Errorf("Management API, MSN %q: %d %s, want the answer without an MSN", msn, r.status, r.body)
		}
	}
	h := keyHeaders(unitKS)
	h.Set(HeaderMerchantSerialNumber, "undefinedx")
	if r := rawRequest(t, srv, http.MethodPost, "/accesstoken/get", h, ""); r.status != http.StatusBadRequest {
		t.Errorf("another malformed MSN: %d %s, want 400", r.status, r.body)
	}
}

// keyHeaderTransport adds the key headers the Access Token API needs to every request, as an
// integration using golang.org/x/oauth2 against /accesstoken/get would.
type keyHeaderTransport struct{ header http.Header }

func (k keyHeaderTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for name, v := range k.header {
		r.Header[name] = v
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestAccessToken_golangOAuth2ClientCredentialsGetsAToken(t *testing.T) {
	c := newClock()
	s, srv := newServer(t, Options{Clock: c})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	for _, path := range []string{"/accesstoken/get", "/accessToken/get"} {
		cfg := clientcredentials.Config{ClientID: ks.ClientID, ClientSecret: ks.ClientSecret, TokenURL: srv.URL + path}
		ctx := context.WithValue(context.Background(), oauth2.HTTPClient,
			&http.Client{Transport: keyHeaderTransport{keyHeaders(ks)}, Timeout: 2 * time.Second})

		tok, err := cfg.Token(ctx)

		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if tok.TokenType != "Bearer" || len(tok.AccessToken) < 1000 || tok.Expiry.IsZero() {
			t.Errorf("%s: token = %s %d chars, expiry %v", path, tok.TokenType, len(tok.AccessToken), tok.Expiry)
		}
		// The token is one the sandbox knows: it works where the key set's keys reach.
		r := partner.with("Authorization", "Bearer "+tok.AccessToken, HeaderSubscriptionKey, ks.SubscriptionKeyPrimary).
			get("/management/v1/sales-units")
		if r.status != http.StatusNotFound || !strings.Contains(r.header.Get(HeaderReason), "only in production") {
			t.Errorf("%s: the test key set's token on the Management API: %d %s", path, r.status, r.body)
		}
	}
}

// The official SDK (vippsas/deno-sdk, published as @vippsmobilepay/sdk) builds every request's
// headers from its configuration: for a token, client_id and client_secret, then
// Content-Type: application/json, "Authorization: Bearer " with no token (which fetch trims
// to "Bearer"), its User-Agent, the subscription key, the MSN ("undefined" when none is
// configured, as for partner keys), the four Vipps-System-* headers (empty unless set), and a
// fresh Idempotency-Key. It sends no body.
func sdkTokenHeaders(ks keys.KeySet, msn string) http.Header {
	h := http.Header{}
	for _, kv := range [][2]string{
		{"client_id", ks.ClientID},
		{"client_secret", ks.ClientSecret},
		{"Content-Type", "application/json"},
		{"Authorization", "Bearer"},
		{"User-Agent", "Vipps/Deno-SDK/npm-module/1.0.0"},
		{"Ocp-Apim-Subscription-Key", ks.SubscriptionKeyPrimary},
		{"Merchant-Serial-Number", msn},
		{"Vipps-System-Name", ""},
		{"Vipps-System-Version", ""},
		{"Vipps-System-Plugin-Name", ""},
		{"Vipps-System-Plugin-Version", ""},
		{"Idempotency-Key", uuid.NewString()},
	} {
		h[kv[0]] = []string{kv[1]} // as sent: fetch does not canonicalize names
	}
	return h
}

func TestAccessToken_officialSDKsTokenRequestGetsAToken(t *testing.T) {
	_, srv := newServer(t, Options{})
	for _, tt := range []struct {
		name string
		ks   keys.KeySet
		msn  string
	}{
		{"sales unit keys with their MSN", demoKeySet(t, DemoMSN, keys.EnvironmentTest), DemoMSN},
		{"production sales unit keys", demoKeySet(t, DemoMSN, keys.EnvironmentProduction), DemoMSN},
		{"partner keys, no MSN configured", demoPartnerKeySet(t), "undefined"},
		{"partner keys acting for a unit", demoPartnerKeySet(t), "123456"},
	} {
		r := rawRequest(t, srv, http.MethodPost, "/accesstoken/get", sdkTokenHeaders(tt.ks, tt.msn), "")
		if r.status != http.StatusOK || !strings.Contains(r.body, `"access_token"`) {
			t.Errorf("%s: %d %s", tt.name, r.status, r.body)
		}
	}
}

func miamiHeaders(clientID, secret string) http.Header {
	h := http.Header{}
	h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(clientID+":"+secret)))
	h.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	return h
}

func TestMiamiToken_golangOAuth2GetsAFifteenMinuteToken(t *testing.T) {
	c := newClock()
	_, srv := newServer(t, Options{Clock: c})
	for _, ks := range []keys.KeySet{demoKeySet(t, DemoMSN, keys.EnvironmentTest), demoPartnerKeySet(t)} {
		cfg := clientcredentials.Config{ClientID: ks.ClientID, ClientSecret: ks.ClientSecret, TokenURL: srv.URL + "/miami/v1/token",
			AuthStyle: oauth2.AuthStyleInHeader}
		// x/oauth2 reckons expiry from the real clock.
		began := time.Now()
		tok, err := cfg.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if life := tok.Expiry.Sub(began); tok.TokenType != "Bearer" || life < 14*time.Minute || life > 16*time.Minute {
			t.Errorf("token %s expires in %v, want 15 minutes", tok.TokenType, life)
		}
	}
}

func TestMiamiToken_answersAsTheGuideSays(t *testing.T) {
	s, srv := newServer(t, Options{})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	const form = "grant_type=client_credentials"
	r := rawRequest(t, srv, http.MethodPost, "/miami/v1/token", miamiHeaders(ks.ClientID, ks.ClientSecret), form)
	m := decodeToken(t, r.body)
	if r.status != http.StatusOK || r.header.Get("Content-Type") != contentTypeToken || len(m) != 3 ||
		m["token_type"] != "Bearer" || m["expires_in"] != float64(900) {
		t.Errorf("token: %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	withScope := rawRequest(t, srv, http.MethodPost, "/miami/v1/token", miamiHeaders(ks.ClientID, ks.ClientSecret), form+"&scope=donations")
	if withScope.status != http.StatusOK {
		t.Errorf("with a scope: %d %s", withScope.status, withScope.body)
	}

	withKey := miamiHeaders(ks.ClientID, ks.ClientSecret)
	withKey.Set(HeaderSubscriptionKey, ks.SubscriptionKeyPrimary)
	noBasic := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	for _, tt := range []struct {
		name   string
		header http.Header
		body   string
		status int
		error  string
	}{
		{"subscription key sent", withKey, form, 401, "invalid_client"},
		{"no grant_type", miamiHeaders(ks.ClientID, ks.ClientSecret), "", 401, "invalid_client"},
		{"other grant_type", miamiHeaders(ks.ClientID, ks.ClientSecret), "grant_type=password", 400, "unsupported_grant_type"},
		{"no Basic authentication", noBasic, form, 401, "invalid_client"},
		{"key headers instead of Basic", func() http.Header { h := keyHeaders(ks); h.Del(HeaderSubscriptionKey); return h }(), form, 401, "invalid_client"},
		{"wrong secret", miamiHeaders(ks.ClientID, "AAAAAAAAAAAAAAAAAAAAAA=="), form, 401, "invalid_client"},
		{"unknown client", miamiHeaders("00000000-1111-4222-8333-444444444444", ks.ClientSecret), form, 401, "invalid_client"},
	} {
		r := rawRequest(t, srv, http.MethodPost, "/miami/v1/token", tt.header, tt.body)
		got := decodeToken(t, r.body)
		if r.status != tt.status || got["error"] != tt.error || got["error_description"] == "" {
			t.Errorf("%s: %d %s, want %d %s", tt.name, r.status, r.body, tt.status, tt.error)
		}
		if tt.status == 401 && r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: a 401 without WWW-Authenticate", tt.name)
		}
		assertNoSecrets(t, s, r.body)
	}
}
