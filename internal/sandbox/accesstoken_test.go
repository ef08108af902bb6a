// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

func decodeToken(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("token body is not JSON: %v: %s", err, body)
	}
	return m
}

func TestAccessToken_issuesTokenWithSevenStringFields(t *testing.T) {
	c := newClock()
	s, srv := newServer(t, Options{Clock: c})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)

	r := postToken(t, s, srv, credentials(ks))

	if r.status != http.StatusOK {
		t.Fatalf("status = %d, want 200: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	m := decodeToken(t, r.body)
	want := map[string]string{
		"token_type":     "Bearer",
		"expires_in":     "3600",
		"ext_expires_in": "0",
		"not_before":     strconv.FormatInt(start.Unix(), 10),
		"expires_on":     strconv.FormatInt(start.Add(time.Hour).Unix(), 10),
		"resource":       "00000002-0000-0000-c000-000000000000",
	}
	if len(m) != 7 {
		t.Errorf("got %d fields, want 7: %v", len(m), m)
	}
	for field, v := range want {
		if m[field] != v {
			t.Errorf("%s = %#v, want %q", field, m[field], v)
		}
	}
	token, ok := m["access_token"].(string)
	if !ok {
		t.Fatalf("access_token = %#v, want a string", m["access_token"])
	}
	parts := strings.Split(token, ".")
	if len(token) < 1000 || len(parts) != 3 {
		t.Fatalf("access_token is %d chars in %d parts, want a 1000+ char JWT", len(token), len(parts))
	}
	for _, p := range parts {
		if _, err := base64.RawURLEncoding.DecodeString(p); err != nil {
			t.Errorf("token part is not base64url: %v", err)
		}
	}
}

func TestAccessToken_productionTokenLivesADay(t *testing.T) {
	c := newClock()
	s, srv := newServer(t, Options{Clock: c})

	r := postToken(t, s, srv, credentials(demoKeySet(t, DemoMSN, keys.EnvironmentProduction)))

	m := decodeToken(t, r.body)
	if m["expires_in"] != "86400" || m["expires_on"] != strconv.FormatInt(start.Add(24*time.Hour).Unix(), 10) {
		t.Errorf("expires_in = %v, expires_on = %v, want a 24 h token", m["expires_in"], m["expires_on"])
	}
}

func TestAccessToken_issuesUniqueTokens(t *testing.T) {
	s, srv := newServer(t, Options{Clock: newClock()})
	h := credentials(demoKeySet(t, DemoMSN, keys.EnvironmentTest))
	a := decodeToken(t, postToken(t, s, srv, h).body)["access_token"]
	b := decodeToken(t, postToken(t, s, srv, h).body)["access_token"]
	if a == b {
		t.Error("two exchanges returned the same access token")
	}
}

func TestAccessToken_succeedsForEveryDemoKeySetWithItsOwnMSN(t *testing.T) {
	s, srv := newServer(t, Options{})
	for _, ks := range DemoData().KeySets {
		h := with(credentials(ks), HeaderMerchantSerialNumber, ks.MerchantSerialNumber, HeaderEnvironment, ks.Environment)
		if r := postToken(t, s, srv, h); r.status != http.StatusOK {
			t.Errorf("%s (%s): status = %d: %s", ks.MerchantSerialNumber, ks.Environment, r.status, r.body)
		}
	}
}

func TestAccessToken_acceptsSecondarySubscriptionKey(t *testing.T) {
	s, srv := newServer(t, Options{})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)

	r := postToken(t, s, srv, with(credentials(ks), HeaderSubscriptionKey, ks.SubscriptionKeySecondary))

	if r.status != http.StatusOK {
		t.Fatalf("status = %d: %s", r.status, r.body)
	}
}

func TestAccessToken_acceptsClientIDInAnyCase(t *testing.T) {
	s, srv := newServer(t, Options{})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)

	r := postToken(t, s, srv, with(credentials(ks), HeaderClientID, strings.ToUpper(ks.ClientID)))

	if r.status != http.StatusOK {
		t.Fatalf("status = %d: %s", r.status, r.body)
	}
}

func TestAccessToken_acceptsLongSystemHeaders(t *testing.T) {
	s, srv := newServer(t, Options{})
	h := credentials(demoKeySet(t, DemoMSN, keys.EnvironmentTest))
	for _, name := range []string{"Vipps-System-Name", "Vipps-System-Version", "Vipps-System-Plugin-Name", "Vipps-System-Plugin-Version"} {
		h = with(h, name, strings.Repeat("x", 40))
	}
	if r := postToken(t, s, srv, h); r.status != http.StatusOK {
		t.Fatalf("status = %d: %s", r.status, r.body)
	}
}

// apimJSON is the exact body Azure API Management sends.
func apimJSON(status int, message string) string {
	return `{"statusCode":` + strconv.Itoa(status) + `,"message":` + strconv.Quote(message) + `}`
}

func TestAccessToken_rejections(t *testing.T) {
	testKS := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	prodKS := demoKeySet(t, DemoMSN, keys.EnvironmentProduction)
	otherKS := demoKeySet(t, "234567", keys.EnvironmentTest)
	good := credentials(testKS)
	const unknownClientID = "00000000-1111-4222-8333-444444444444"

	tests := []struct {
		name    string
		headers map[string]string
		status  int
		body    string // exact, for gateway answers
		aad     string // the OAuth error, for Azure AD answers
		aadCode int
		reason  string // part of the X-Vippsmobilepay-Sandbox-Reason header
	}{
		{
			name:    "missing subscription key",
			headers: with(good, HeaderSubscriptionKey, ""),
			status:  401, body: apimJSON(401, apimMissingSubscriptionKey),
		},
		{
			name:    "wrong subscription key",
			headers: with(good, HeaderSubscriptionKey, "ffffffffffffffffffffffffffffffff"),
			status:  401, body: apimJSON(401, apimInvalidSubscriptionKey),
		},
		{
			name:    "subscription key checked before credentials",
			headers: with(good, HeaderSubscriptionKey, "ffffffffffffffffffffffffffffffff", HeaderClientID, unknownClientID),
			status:  401, body: apimJSON(401, apimInvalidSubscriptionKey),
		},
		{
			name:    "missing client_id",
			headers: with(good, HeaderClientID, ""),
			status:  400, aad: "invalid_request", aadCode: 900144,
		},
		{
			name:    "missing client_secret",
			headers: with(good, HeaderClientSecret, ""),
			status:  400, aad: "invalid_request", aadCode: 900144,
		},
		{
			name:    "unknown client_id",
			headers: with(good, HeaderClientID, unknownClientID),
			status:  400, aad: "unauthorized_client", aadCode: 700016,
		},
		{
			name:    "wrong client_secret",
			headers: with(good, HeaderClientSecret, "AAAAAAAAAAAAAAAAAAAAAA=="),
			status:  401, aad: "invalid_client", aadCode: 7000215,
		},
		{
			name:    "subscription key of another sales unit",
			headers: with(good, HeaderSubscriptionKey, otherKS.SubscriptionKeyPrimary),
			status:  401, body: apimJSON(401, apimInvalidSubscriptionKey), reason: "different key sets",
		},
		{
			name:    "test keys with environment header production",
			headers: with(good, HeaderEnvironment, keys.EnvironmentProduction),
			status:  401, body: apimJSON(401, apimInvalidSubscriptionKey), reason: "test environment",
		},
		{
			name:    "production keys with environment header test",
			headers: with(credentials(prodKS), HeaderEnvironment, keys.EnvironmentTest),
			status:  401, body: apimJSON(401, apimInvalidSubscriptionKey),
		},
		{
			name: "test client with production subscription key and environment header test",
			headers: with(good, HeaderEnvironment, keys.EnvironmentTest,
				HeaderSubscriptionKey, prodKS.SubscriptionKeyPrimary),
			status: 401, body: apimJSON(401, apimInvalidSubscriptionKey),
		},
		{
			name:    "unknown environment header",
			headers: with(good, HeaderEnvironment, "staging"),
			status:  400, body: apimJSON(400, HeaderEnvironment+" "+keys.ProblemEnvironment),
		},
		{
			name:    "malformed Merchant-Serial-Number",
			headers: with(good, HeaderMerchantSerialNumber, "12a456"),
			status:  400, body: apimJSON(400, HeaderMerchantSerialNumber+" "+keys.ProblemMerchantSerialNumber),
		},
		{
			name:    "Merchant-Serial-Number of another sales unit",
			headers: with(good, HeaderMerchantSerialNumber, "234567"),
			status:  401, body: apimJSON(401, apimInvalidSubscriptionKey), reason: "not the sales unit",
		},
		{
			name:    "Merchant-Serial-Number that exists only in production",
			headers: with(good, HeaderMerchantSerialNumber, DemoMSNProductionOnly),
			status:  401, body: apimJSON(401, apimInvalidSubscriptionKey), reason: "not the sales unit",
		},
		{
			name:    "unknown Merchant-Serial-Number",
			headers: with(good, HeaderMerchantSerialNumber, "999999"),
			status:  401, body: apimJSON(401, apimInvalidSubscriptionKey), reason: "not the sales unit",
		},
		{
			name:    "Vippsnummer Merchant-Serial-Number",
			headers: with(good, HeaderMerchantSerialNumber, DemoMSNVippsnummerTest),
			status:  401,
			body: apimJSON(401, "Access denied: sales unit "+DemoMSNVippsnummerTest+
				" is a Vippsnummer sales unit and has no API keys."),
		},
	}
	s, srv := newServer(t, Options{Clock: newClock()})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := postToken(t, s, srv, tt.headers)

			if r.status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.body != "" && r.body != tt.body {
				t.Errorf("body = %s\nwant   %s", r.body, tt.body)
			}
			if tt.aad != "" {
				assertAADError(t, r.body, tt.aad, tt.aadCode)
			}
			if !strings.Contains(r.header.Get(HeaderReason), tt.reason) {
				t.Errorf("%s = %q, want it to mention %q", HeaderReason, r.header.Get(HeaderReason), tt.reason)
			}
			if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("Content-Type = %q", r.header.Get("Content-Type"))
			}
		})
	}
}

// assertAADError checks the shape of an Azure AD token error.
func assertAADError(t *testing.T, body, wantError string, wantCode int) {
	t.Helper()
	var got struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
		ErrorCodes       []int  `json:"error_codes"`
		Timestamp        string `json:"timestamp"`
		TraceID          string `json:"trace_id"`
		CorrelationID    string `json:"correlation_id"`
		ErrorURI         string `json:"error_uri"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("not JSON: %v: %s", err, body)
	}
	code := strconv.Itoa(wantCode)
	switch {
	case got.Error != wantError:
		t.Errorf("error = %q, want %q", got.Error, wantError)
	case !strings.HasPrefix(got.ErrorDescription, "AADSTS"+code+": "):
		t.Errorf("error_description = %q, want AADSTS%s", got.ErrorDescription, code)
	case len(got.ErrorCodes) != 1 || got.ErrorCodes[0] != wantCode:
		t.Errorf("error_codes = %v", got.ErrorCodes)
	case got.Timestamp != start.Format("2006-01-02 15:04:05Z"):
		t.Errorf("timestamp = %q", got.Timestamp)
	case keys.CheckClientID(got.TraceID) != "" || keys.CheckClientID(got.CorrelationID) != "":
		t.Errorf("trace_id %q or correlation_id %q is not a GUID", got.TraceID, got.CorrelationID)
	case got.ErrorURI != "https://login.windows.net/error?code="+code:
		t.Errorf("error_uri = %q", got.ErrorURI)
	}
}

func TestAccessToken_unknownClientIDNamesTheClientID(t *testing.T) {
	s, srv := newServer(t, Options{})
	const id = "00000000-1111-4222-8333-444444444444"
	r := postToken(t, s, srv, with(credentials(demoKeySet(t, DemoMSN, keys.EnvironmentTest)), HeaderClientID, id))
	if !strings.Contains(r.body, "Application with identifier '"+id+"' was not found in the directory") {
		t.Errorf("body = %s", r.body)
	}
}

// TestAccessToken_wrongSecretNamesTheAppInLowerCase: Azure AD names the app of a refused secret
// by its ID in lower case, however the ID was registered or sent; a client that masks only the
// spelling it sent leaks it (issue 18).
func TestAccessToken_wrongSecretNamesTheAppInLowerCase(t *testing.T) {
	s, srv := newServer(t, Options{Clock: newClock()})
	const upper = "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D"
	ks, err := s.AddKeySet(keys.KeySet{MerchantSerialNumber: "765432", ClientID: upper}, "")
	if err != nil {
		t.Fatal(err)
	}
	r := postToken(t, s, srv, with(credentials(ks), HeaderClientSecret, "AAAAAAAAAAAAAAAAAAAAAA=="))
	assertAADError(t, r.body, "invalid_client", 7000215)
	if want := "for a secret added to app '" + strings.ToLower(upper) + "'."; !strings.Contains(r.body, want) {
		t.Errorf("body = %s\nwant it to say %q", r.body, want)
	}
	if strings.Contains(r.body, upper) {
		t.Errorf("body = %s, which names the app in upper case", r.body)
	}
}

func TestAccessToken_neverEchoesASecretSentAsClientID(t *testing.T) {
	s, srv := newServer(t, Options{})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)

	// The classic mix-up: client_id and client_secret swapped.
	r := postToken(t, s, srv, with(credentials(ks), HeaderClientID, ks.ClientSecret, HeaderClientSecret, ks.ClientID))

	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "'(not a GUID)'") {
		t.Errorf("status = %d, body = %s", r.status, r.body)
	}
}

func TestAccessToken_unknownPathAndMethodAre404(t *testing.T) {
	s, srv := newServer(t, Options{})
	for _, req := range []struct{ method, path string }{
		{http.MethodGet, "/accesstoken/get"},
		{http.MethodPost, "/accesstoken/got"},
		{http.MethodGet, "/management/v1/partners/whoami"},
		{http.MethodGet, "/sandbox/health"},
	} {
		r := send(t, s, srv, req.method, req.path, nil, "")
		if r.status != http.StatusNotFound || r.body != apimJSON(404, "Resource not found") {
			t.Errorf("%s %s: status = %d, body = %s", req.method, req.path, r.status, r.body)
		}
	}
}

func TestAccessToken_concurrentExchangesAndRegenerations(t *testing.T) {
	s, srv := newServer(t, Options{Generate: 50})
	sets := s.KeySets()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			ks := sets[i%len(sets)]
			for range 5 {
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/accesstoken/get", nil)
				for k, v := range credentials(ks) {
					req.Header.Set(k, v)
				}
				if resp, err := srv.Client().Do(req); err == nil {
					resp.Body.Close()
				}
			}
		})
	}
	wg.Go(func() {
		for range 10 {
			if _, err := s.RegenerateKeys("100000", keys.EnvironmentTest); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	if got := s.Stats()["POST /accesstoken/get"]; got != 100 {
		t.Errorf("counted %d exchanges, want 100", got)
	}
}

// tokenFor exchanges a key set's credentials for an access token.
func tokenFor(t *testing.T, s *Sandbox, srv *httptest.Server, ks keys.KeySet) string {
	t.Helper()
	r := postToken(t, s, srv, credentials(ks))
	if r.status != http.StatusOK {
		t.Fatalf("token exchange: status = %d: %s", r.status, r.body)
	}
	return decodeToken(t, r.body)["access_token"].(string)
}

func protectedRequest(token, subKey string, extra ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/management/v1/sales-units", nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if subKey != "" {
		r.Header.Set(HeaderSubscriptionKey, subKey)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		r.Header.Set(extra[i], extra[i+1])
	}
	return r
}

func TestAuthorize_acceptsIssuedTokenWithSameSubscriptionKey(t *testing.T) {
	c := newClock()
	s, srv := newServer(t, Options{Clock: c})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	token := tokenFor(t, s, srv, ks)

	for _, subKey := range []string{ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary} {
		g, f := s.authorize(protectedRequest(token, subKey))
		if f != nil {
			t.Fatalf("authorize: %d %s", f.status, f.body)
		}
		if g.unit.msn != DemoMSN || g.unit.environment != keys.EnvironmentTest || g.clientID != ks.ClientID {
			t.Errorf("grant = %+v", g)
		}
	}
}

func TestAuthorize_rejections(t *testing.T) {
	c := newClock()
	s, srv := newServer(t, Options{Clock: c})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	other := demoKeySet(t, "234567", keys.EnvironmentTest)
	token := tokenFor(t, s, srv, ks)

	lowercase := protectedRequest("", ks.SubscriptionKeyPrimary)
	lowercase.Header.Set("Authorization", "bearer "+token)
	bare := protectedRequest("", ks.SubscriptionKeyPrimary)
	bare.Header.Set("Authorization", token)

	tests := []struct {
		name string
		req  *http.Request
		body string
	}{
		{"missing subscription key", protectedRequest(token, ""), apimJSON(401, apimMissingSubscriptionKey)},
		{"wrong subscription key", protectedRequest(token, "ffffffffffffffffffffffffffffffff"), apimJSON(401, apimInvalidSubscriptionKey)},
		{"missing token", protectedRequest("", ks.SubscriptionKeyPrimary), apimJSON(401, apimInvalidBearer)},
		{"lowercase bearer", lowercase, apimJSON(401, apimInvalidBearer)},
		{"no Bearer word", bare, apimJSON(401, apimInvalidBearer)},
		{"unknown token", protectedRequest(token+"x", ks.SubscriptionKeyPrimary), apimJSON(401, apimInvalidBearer)},
		{"subscription key of another unit", protectedRequest(token, other.SubscriptionKeyPrimary), apimJSON(401, apimInvalidBearer)},
		{"environment header mismatch", protectedRequest(token, ks.SubscriptionKeyPrimary, HeaderEnvironment, "production"), apimJSON(401, apimInvalidSubscriptionKey)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, f := s.authorize(tt.req)
			if f == nil {
				t.Fatal("authorize accepted the request")
			}
			if f.status != http.StatusUnauthorized || string(f.body) != tt.body {
				t.Errorf("got %d %s, want 401 %s", f.status, f.body, tt.body)
			}
		})
	}
}

func TestAuthorize_rejectsExpiredToken(t *testing.T) {
	c := newClock()
	s, srv := newServer(t, Options{Clock: c})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	token := tokenFor(t, s, srv, ks)

	c.Advance(time.Hour - time.Second)
	if _, f := s.authorize(protectedRequest(token, ks.SubscriptionKeyPrimary)); f != nil {
		t.Fatalf("token refused a second before expiry: %s", f.body)
	}
	c.Advance(time.Second)
	if _, f := s.authorize(protectedRequest(token, ks.SubscriptionKeyPrimary)); f == nil || f.status != 401 {
		t.Fatal("expired token accepted")
	}
}

func TestAuthorize_tokenOutlivesRegenerationButOldSubscriptionKeyDoesNot(t *testing.T) {
	s, srv := newServer(t, Options{Clock: newClock()})
	old := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	token := tokenFor(t, s, srv, old)

	fresh, err := s.RegenerateKeys(DemoMSN, keys.EnvironmentTest)
	if err != nil {
		t.Fatal(err)
	}

	if _, f := s.authorize(protectedRequest(token, fresh.SubscriptionKeyPrimary)); f != nil {
		t.Errorf("token issued before regeneration refused: %s", f.body)
	}
	if _, f := s.authorize(protectedRequest(token, old.SubscriptionKeyPrimary)); f == nil {
		t.Error("old subscription key accepted after regeneration")
	}
}

func BenchmarkAccessToken(b *testing.B) {
	s, err := New(Options{Generate: 10000})
	if err != nil {
		b.Fatal(err)
	}
	sets := s.KeySets()
	for i := 0; b.Loop(); i++ {
		ks := sets[i%len(sets)]
		r := httptest.NewRequest(http.MethodPost, "/accesstoken/get", nil)
		for k, v := range credentials(ks) {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}
