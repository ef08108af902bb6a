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

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// start is the fixed time the test clock starts at.
var start = clock.Start

// stuck is how long a call that should return promptly (after a cancel, a client timeout) may
// take before a test calls it stuck: far below the 30 s the timeout fault hangs, far above what
// a loaded machine needs. Tests check that nothing waits for the hang, never how fast it is.
const stuck = 10 * time.Second

func newClock() *clock.Fake { return clock.NewFake(start) }

// newServer starts a sandbox behind a real HTTP server, so headers such as client_id travel
// over the wire as clients send them.
func newServer(t *testing.T, opts Options) (*Sandbox, *httptest.Server) {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// demoKeySet returns a demo key set by MSN and environment.
func demoKeySet(t *testing.T, msn, env string) keys.KeySet {
	t.Helper()
	for _, ks := range DemoData().KeySets {
		if ks.MerchantSerialNumber == msn && ks.Environment == env {
			return ks
		}
	}
	t.Fatalf("no demo key set %s in %s", msn, env)
	return keys.KeySet{}
}

// credentials are the token request headers for a key set, with the primary subscription key.
func credentials(ks keys.KeySet) map[string]string {
	return map[string]string{
		HeaderClientID:        ks.ClientID,
		HeaderClientSecret:    ks.ClientSecret,
		HeaderSubscriptionKey: ks.SubscriptionKeyPrimary,
	}
}

// with returns a copy of h with the given header pairs set; an empty value removes a header.
func with(h map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(h)+len(kv)/2)
	for k, v := range h {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

type response struct {
	status int
	header http.Header
	body   string
}

// send makes a request with the default client and fails the test on transport errors. API
// responses are checked for leaked secrets. Admin requests that change state are sent as JSON.
func send(t *testing.T, s *Sandbox, srv *httptest.Server, method, path string, headers map[string]string, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(path, "/_sandbox/") && method != http.MethodGet && method != http.MethodHead {
		req.Header.Set("Content-Type", "application/json") // as a script must (see adminRefusal)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if !strings.HasPrefix(path, "/_sandbox/") {
		assertNoSecrets(t, s, r.body+r.header.Get(HeaderReason))
	}
	return r
}

// addRule adds a fault rule and fails the test when the sandbox refuses it.
func addRule(t testing.TB, s *Sandbox, r FaultRule) FaultRuleStatus {
	t.Helper()
	added, err := s.AddFaultRule(r)
	if err != nil {
		t.Fatalf("AddFaultRule(%s): %v", r, err)
	}
	return added
}

func postToken(t *testing.T, s *Sandbox, srv *httptest.Server, headers map[string]string) response {
	t.Helper()
	return send(t, s, srv, http.MethodPost, "/accesstoken/get", headers, "")
}

// assertNoSecrets fails when text contains any client_secret or subscription key the sandbox
// holds now or held at the start.
func assertNoSecrets(t *testing.T, s *Sandbox, text string) {
	t.Helper()
	all := append(s.KeySets(), DemoData().KeySets...)
	for _, ks := range all {
		for _, secret := range []string{ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary} {
			if secret != "" && strings.Contains(text, secret) {
				t.Fatalf("response leaks a secret of key set %s (%s): %s", ks.MerchantSerialNumber, ks.Environment, text)
			}
		}
	}
}
