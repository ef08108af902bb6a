// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

func TestFault_answersEachModeRealistically(t *testing.T) {
	tests := []struct {
		mode        string
		status      int
		contentType string
		body        string // exact when set
		retryAfter  string
	}{
		{Fault429, 429, contentTypeJSON, apimJSON(429, "Rate limit is exceeded. Try again in 1 seconds."), "1"},
		{Fault429NoRetryAfter, 429, contentTypeJSON, apimJSON(429, "Rate limit is exceeded. Try again in 1 seconds."), ""},
		{Fault500, 500, contentTypeJSON, apimJSON(500, "Internal server error"), ""},
		{Fault502, 502, contentTypeJSON, apimJSON(502, "Bad gateway"), ""},
		{Fault503, 503, contentTypeJSON, apimJSON(503, "Service unavailable"), ""},
		{Fault504, 504, contentTypeJSON, apimJSON(504, "Gateway timeout"), ""},
		{Fault401, 401, contentTypeJSON, apimJSON(401, apimInvalidSubscriptionKey), ""},
		{Fault403, 403, contentTypeJSON, apimJSON(403, "Forbidden"), ""},
		{Fault404, 404, contentTypeJSON, apimJSON(404, "Resource not found"), ""},
		{FaultHTML, 502, "text/html", "", ""},
		{FaultMalformedJSON, 200, "application/json;charset=UTF-8", "", ""},
	}
	creds := credentials(demoKeySet(t, DemoMSN, keys.EnvironmentTest))
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			s, srv := newServer(t, Options{Fault: tt.mode})

			r := postToken(t, s, srv, creds)

			if r.status != tt.status {
				t.Errorf("status = %d, want %d", r.status, tt.status)
			}
			if ct := r.header.Get("Content-Type"); ct != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", ct, tt.contentType)
			}
			if tt.body != "" && r.body != tt.body {
				t.Errorf("body = %s, want %s", r.body, tt.body)
			}
			if got := r.header.Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tt.retryAfter)
			}
		})
	}
}

func TestFault_malformedJSONDoesNotParse(t *testing.T) {
	s, srv := newServer(t, Options{Fault: FaultMalformedJSON})
	r := postToken(t, s, srv, credentials(demoKeySet(t, DemoMSN, keys.EnvironmentTest)))
	var v map[string]any
	if err := json.Unmarshal([]byte(r.body), &v); err == nil {
		t.Errorf("body parsed: %s", r.body)
	}
}

func TestFault_htmlIsAProxyErrorPage(t *testing.T) {
	s, srv := newServer(t, Options{Fault: FaultHTML})
	r := postToken(t, s, srv, nil)
	if !strings.Contains(r.body, "<h1>502 Bad Gateway</h1>") {
		t.Errorf("body = %s", r.body)
	}
}

func TestFault_managementRoutesAnswerProblemJSON(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		mode   string
		status int
	}{{Fault401, 401}, {Fault403, 403}, {Fault404, 404}, {Fault500, 500}} {
		w := httptest.NewRecorder()
		s.writeFault(w, httptest.NewRequest(http.MethodGet, "/management/v1/sales-units", nil),
			"GET /management/v1/sales-units", tt.mode)

		var p problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatalf("%s: %v", tt.mode, err)
		}
		if w.Code != tt.status || p.Status != tt.status || w.Header().Get("Content-Type") != "application/problem+json" ||
			p.Type == "" || p.Title == "" || p.Detail == "" || !strings.HasPrefix(p.Instance, "urn:uuid:") {
			t.Errorf("%s: %d %s %s", tt.mode, w.Code, w.Header().Get("Content-Type"), w.Body)
		}
	}
}

// rawPost sends a token request with a short client timeout and returns the transport error.
func rawPost(srv *httptest.Server, timeout time.Duration) error {
	client := &http.Client{Timeout: timeout}
	resp, err := client.Post(srv.URL+"/accesstoken/get", "", nil)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

func TestFault_resetDropsTheConnection(t *testing.T) {
	_, srv := newServer(t, Options{Fault: FaultReset})

	err := rawPost(srv, time.Second)

	if err == nil {
		t.Fatal("request succeeded")
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		t.Errorf("got a timeout, want a connection error: %v", err)
	}
}

func TestFault_timeoutHangsUntilTheClientGivesUp(t *testing.T) {
	_, srv := newServer(t, Options{Fault: FaultTimeout})
	began := time.Now()

	err := rawPost(srv, 150*time.Millisecond)

	var netErr net.Error
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Fatalf("err = %v, want a client timeout", err)
	}
	if took := time.Since(began); took > stuck {
		t.Errorf("took %v", took)
	}
}

func TestFault_adminRoutesAreNeverFaulted(t *testing.T) {
	for _, mode := range FaultModes() {
		s, srv := newServer(t, Options{Fault: mode})
		if r := send(t, s, srv, http.MethodGet, "/_sandbox/key-sets", nil, ""); r.status != http.StatusOK {
			t.Errorf("%s: admin status = %d", mode, r.status)
		}
		if len(s.Stats()) != 0 {
			t.Errorf("%s: admin request counted: %v", mode, s.Stats())
		}
	}
}

func TestFault_requestsAreCountedEvenWhenFaulted(t *testing.T) {
	s, srv := newServer(t, Options{Fault: Fault503})
	for range 3 {
		postToken(t, s, srv, nil)
	}
	_ = rawPost(srv, time.Second) // fails by design
	if got := s.Stats()["POST /accesstoken/get"]; got != 4 {
		t.Errorf("counted %d, want 4", got)
	}
}

// serve sends a request straight to the handler, without a network.
func serve(s *Sandbox, headers map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/accesstoken/get", nil)
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestFaultRate_faultsAShareOfRequestsWithTransientFaultsOnly(t *testing.T) {
	s, err := New(Options{FaultRate: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	creds := credentials(demoKeySet(t, DemoMSN, keys.EnvironmentTest))
	count := map[int]int{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the timeout fault hangs until the client gives up: this one already has
	for range 600 {
		r := httptest.NewRequest(http.MethodPost, "/accesstoken/get", nil).WithContext(ctx)
		for k, v := range creds {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		func() {
			defer func() { _ = recover() }() // the reset fault aborts the handler
			s.ServeHTTP(w, r)
		}()
		if w.Code == http.StatusOK && strings.Contains(w.Body.String(), `"access_token"`) && json.Valid(w.Body.Bytes()) {
			count[0]++ // a real token: timeout, reset and malformed JSON leave a 200 too
			continue
		}
		count[w.Code]++
	}
	for _, refusal := range []int{401, 403, 404} {
		if count[refusal] > 0 {
			t.Errorf("-fault-rate drew %d answers %d, which clients cannot tell from real refusals: %v", count[refusal], refusal, count)
		}
	}
	if count[0] < 230 || count[0] > 370 || count[503] == 0 || count[429] == 0 {
		t.Errorf("status counts = %v, want about 300 OK and the rest transient faults", count)
	}
}

func TestFaultRate_oneFaultsEveryRequest(t *testing.T) {
	s, err := New(Options{FaultRate: 1, FaultRules: []FaultRule{{Mode: Fault500}}})
	if err != nil {
		t.Fatal(err)
	}
	rules := s.FaultRules()
	if len(rules) != 2 || rules[0].Mode != FaultRandom || rules[0].Probability != 1 {
		t.Fatalf("rules = %+v, want the -fault-rate shorthand first", rules)
	}
	for range 50 {
		r := httptest.NewRequest(http.MethodPost, "/accesstoken/get", nil)
		ctx, cancel := context.WithCancel(r.Context())
		cancel()
		w := httptest.NewRecorder()
		func() {
			defer func() { _ = recover() }()
			s.ServeHTTP(w, r.WithContext(ctx))
		}()
		if w.Code == http.StatusUnauthorized { // the handler's answer to a request with no keys
			t.Fatalf("a request got past -fault-rate 1: %d %s", w.Code, w.Body)
		}
	}
}

func TestRateLimit_answers429PastTheLimitUntilTheNextSecond(t *testing.T) {
	c := newClock()
	s, err := New(Options{Clock: c, RateLimit: 2})
	if err != nil {
		t.Fatal(err)
	}
	creds := credentials(demoKeySet(t, DemoMSN, keys.EnvironmentTest))
	for i := range 2 {
		if code := serve(s, creds).Code; code != 200 {
			t.Fatalf("request %d: status %d", i, code)
		}
	}

	w := serve(s, creds)

	if w.Code != 429 || w.Header().Get("Retry-After") != "1" ||
		w.Body.String() != apimJSON(429, "Rate limit is exceeded. Try again in 1 seconds.") {
		t.Errorf("over the limit: %d Retry-After=%q %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	c.Advance(time.Second)
	if code := serve(s, creds).Code; code != 200 {
		t.Errorf("next second: status %d", code)
	}
	if got := s.Stats()["POST /accesstoken/get"]; got != 4 {
		t.Errorf("counted %d, want 4", got)
	}
}

func TestLatency_delaysAPIResponsesOnly(t *testing.T) {
	s, srv := newServer(t, Options{Latency: 100 * time.Millisecond})

	began := time.Now()
	postToken(t, s, srv, nil)
	if took := time.Since(began); took < 100*time.Millisecond {
		t.Errorf("API response took %v, want at least 100ms", took)
	}
	began = time.Now()
	send(t, s, srv, http.MethodGet, "/_sandbox/health", nil, "")
	if took := time.Since(began); took >= 100*time.Millisecond {
		t.Errorf("admin response took %v, want no added latency", took)
	}
}

func TestLatency_endsWhenTheClientGivesUp(t *testing.T) {
	s, err := New(Options{Latency: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	r := httptest.NewRequest(http.MethodPost, "/accesstoken/get", nil).WithContext(ctx)
	began := time.Now()

	s.ServeHTTP(httptest.NewRecorder(), r)

	if took := time.Since(began); took > stuck {
		t.Errorf("handler ran %v after the client left", took)
	}
}

func TestLogf_logsRequestsWithoutSecrets(t *testing.T) {
	var lines []string
	s, err := New(Options{Logf: func(format string, args ...any) {
		lines = append(lines, strings.TrimSpace(fmt.Sprintf(format, args...)))
	}})
	if err != nil {
		t.Fatal(err)
	}
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	serve(s, credentials(ks))
	serve(s, with(credentials(ks), HeaderClientSecret, "AAAAAAAAAAAAAAAAAAAAAA=="))

	if len(lines) != 2 || !strings.HasPrefix(lines[0], "POST /accesstoken/get -> 200") ||
		!strings.HasPrefix(lines[1], "POST /accesstoken/get -> 401") {
		t.Errorf("log = %q", lines)
	}
	for _, l := range lines {
		assertNoSecrets(t, s, l)
		if strings.Contains(l, "AAAAAAAAAAAAAAAAAAAAAA==") {
			t.Errorf("log line leaks the sent secret: %s", l)
		}
	}
}
