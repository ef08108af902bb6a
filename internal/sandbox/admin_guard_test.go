// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// adminRequest sends an admin request with the given Host and headers, as a browser, a script
// or another machine would; header values "" are left out.
func adminRequest(t *testing.T, srv *httptest.Server, method, path, host string, headers map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for k, v := range headers {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// TestAdmin_answersOnlyALoopbackHost: a web page the developer opens can point a host name of
// its own at 127.0.0.1 (DNS rebinding) and then read the admin routes as same-origin; the
// Host header still carries its name, so the admin routes refuse every Host but a loopback one
// and those the sandbox was told to answer. The API routes answer any Host, as a gateway
// behind a proxy does.
func TestAdmin_answersOnlyALoopbackHost(t *testing.T) {
	s, srv := newServer(t, Options{AdminHosts: []string{"sandbox.internal"}})
	_, port, _ := strings.Cut(strings.TrimPrefix(srv.URL, "http://"), ":")
	for host, ok := range map[string]bool{
		"":                           true, // the client's own: 127.0.0.1:port
		"localhost:" + port:          true,
		"LOCALHOST":                  true,
		"127.0.0.1":                  true,
		"127.1.2.3:" + port:          true,
		"[::1]:" + port:              true,
		"sandbox.internal:" + port:   true,
		"evil.example:" + port:       false,
		"evil.example":               false,
		"127.0.0.1.nip.io:" + port:   false,
		"localhost.evil.example":     false,
		"sandbox.internal.evil.test": false,
		"10.0.0.5:" + port:           false,
	} {
		for _, path := range []string{"/_sandbox/key-sets", "/_sandbox/partner-keys", "/_sandbox/data"} {
			r := adminRequest(t, srv, http.MethodGet, path, host, nil)
			if got := r.status == http.StatusOK; got != ok {
				t.Errorf("GET %s with Host %q: %d, want answered %v", path, host, r.status, ok)
			}
			if !ok {
				if r.status != http.StatusForbidden || !strings.Contains(r.body, "loopback") {
					t.Errorf("GET %s with Host %q: %d %s, want 403 naming loopback hosts", path, host, r.status, r.body)
				}
				assertNoSecrets(t, s, r.body)
			}
		}
	}
	if r := adminRequest(t, srv, http.MethodPost, "/accesstoken/get", "evil.example", nil); r.status != http.StatusUnauthorized {
		t.Errorf("the token endpoint with another Host: %d, want the API's own 401", r.status)
	}
}

// TestAdmin_refusesStateChangesABrowserCouldSendCrossOrigin: a page on another origin can send
// a POST without asking first (a form, fetch in no-cors mode), but only with a "simple" content
// type, and the browser says where it came from. Such requests change nothing; a script's
// request with Content-Type: application/json does.
func TestAdmin_refusesStateChangesABrowserCouldSendCrossOrigin(t *testing.T) {
	s, srv := newServer(t, Options{})
	const regenerate = "/_sandbox/sales-units/" + DemoMSN + "/regenerate-keys"
	before := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	unchanged := func(what string) {
		t.Helper()
		for _, ks := range s.KeySets() {
			if ks.MerchantSerialNumber == DemoMSN && ks.Environment == keys.EnvironmentTest && ks != before {
				t.Fatalf("%s regenerated the keys", what)
			}
		}
	}
	for _, tc := range []struct {
		name    string
		headers map[string]string
	}{
		{"a form's content type", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}},
		{"text/plain", map[string]string{"Content-Type": "text/plain;charset=UTF-8"}},
		{"multipart", map[string]string{"Content-Type": "multipart/form-data; boundary=x"}},
		{"no content type", nil},
		{"JSON from another origin", map[string]string{"Content-Type": "application/json", "Origin": "https://evil.example"}},
		{"JSON from an opaque origin", map[string]string{"Content-Type": "application/json", "Origin": "null"}},
		{"JSON, cross-site by Sec-Fetch-Site", map[string]string{"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"}},
		{"JSON, same-site but another origin", map[string]string{"Content-Type": "application/json", "Sec-Fetch-Site": "same-site"}},
	} {
		for _, route := range []struct{ method, path string }{
			{http.MethodPost, regenerate}, {http.MethodPost, "/_sandbox/reset"}, {http.MethodDelete, "/_sandbox/fault-rules"},
		} {
			r := adminRequest(t, srv, route.method, route.path, "", tc.headers)
			if r.status != http.StatusForbidden {
				t.Errorf("%s %s, %s: %d %s, want 403", route.method, route.path, tc.name, r.status, r.body)
			}
		}
		unchanged(tc.name)
	}

	for _, headers := range []map[string]string{
		{"Content-Type": "application/json"},
		{"Content-Type": "application/json; charset=utf-8", "Origin": srv.URL, "Sec-Fetch-Site": "same-origin"},
		{"Content-Type": "application/json", "Sec-Fetch-Site": "none"}, // typed into the address bar
	} {
		if r := adminRequest(t, srv, http.MethodPost, regenerate, "", headers); r.status != http.StatusOK {
			t.Errorf("POST %s with %v: %d %s, want 200", regenerate, headers, r.status, r.body)
		}
	}
	// Reading needs none of it: a cross-origin page cannot read the answer without CORS, which
	// the sandbox never grants.
	r := adminRequest(t, srv, http.MethodGet, "/_sandbox/stats", "", map[string]string{"Origin": "https://evil.example"})
	if r.status != http.StatusOK || r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("GET /_sandbox/stats: %d, Access-Control-Allow-Origin %q", r.status, r.header.Get("Access-Control-Allow-Origin"))
	}
}
