// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// start is the fixed time the test clock starts at.
var start = clock.Start

// stuck is how long a call that should return promptly (after a cancel, a client timeout) may
// take before a test calls it stuck: far below the 30 s the timeout fault hangs, far above what
// a loaded machine needs. Tests check that nothing waits for the hang, never how fast it is.
const stuck = 10 * time.Second

// tokenRoute is the sandbox's Stats key for token requests.
const tokenRoute = "POST /accesstoken/get"

func newClock() *clock.Fake { return clock.NewFake(start) }

// sleeper stands in for Config.Sleep: it records each wait instead of sleeping, and calls
// after (when set) with the number of waits so far, so a test can clear a fault or move the
// clock at the moment the client would have slept.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
	after func(n int, d time.Duration)
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	s.waits = append(s.waits, d)
	n := len(s.waits)
	s.mu.Unlock()
	if s.after != nil {
		s.after(n, d)
	}
	return nil
}

func (s *sleeper) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// recordingLogger keeps every debug event the client logs.
type recordingLogger struct {
	mu      sync.Mutex
	entries []string
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(msg)
	for _, name := range names {
		fmt.Fprintf(&b, " %s=%v", name, fields[name])
	}
	l.mu.Lock()
	l.entries = append(l.entries, b.String())
	l.mu.Unlock()
}

func (l *recordingLogger) Entries() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.entries...)
}

// newSandbox starts the sandbox behind a real HTTP server, so headers travel over the wire.
func newSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Sandbox, *httptest.Server) {
	t.Helper()
	s, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// newServer serves h on a real HTTP server.
func newServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns a client of baseURL with a test clock and a recording sleeper, so no test
// ever sleeps for a backoff. edit, when set, changes the config before New.
func newClient(baseURL string, clk *clock.Fake, sl *sleeper, edit func(*Config)) *Client {
	cfg := Config{
		BaseURL:        baseURL,
		MaxRetries:     2,
		RequestTimeout: 5 * time.Second,
		Clock:          clk,
		Sleep:          sl.Sleep,
	}
	if edit != nil {
		edit(&cfg)
	}
	return New(cfg)
}

// credentialsOf returns the sandbox's credentials of a sales unit.
func credentialsOf(t *testing.T, s *sandbox.Sandbox, msn, environment string) Credentials {
	t.Helper()
	for _, ks := range s.KeySets() {
		if ks.MerchantSerialNumber == msn && ks.Environment == environment {
			return credentialsFromKeySet(ks)
		}
	}
	t.Fatalf("the sandbox has no key set for MSN %s in %s", msn, environment)
	return Credentials{}
}

func credentialsFromKeySet(ks keys.KeySet) Credentials {
	return Credentials{
		Environment:          ks.Environment,
		ClientID:             ks.ClientID,
		ClientSecret:         ks.ClientSecret,
		SubscriptionKey:      ks.SubscriptionKeyPrimary,
		MerchantSerialNumber: ks.MerchantSerialNumber,
	}
}

// demoCredentials are the sandbox's test keys of sales unit DemoMSN.
func demoCredentials(t *testing.T, s *sandbox.Sandbox) Credentials {
	t.Helper()
	return credentialsOf(t, s, sandbox.DemoMSN, keys.EnvironmentTest)
}

// writeAPIM answers as Azure API Management does.
func writeAPIM(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"statusCode":%d,"message":%q}`, status, message)
}

// failFirst answers the first n requests with answer and passes the rest to next.
type failFirst struct {
	mu     sync.Mutex
	n      int
	seen   int
	answer func(w http.ResponseWriter, r *http.Request)
	next   http.Handler
}

func (f *failFirst) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.seen++
	fail := f.seen <= f.n
	f.mu.Unlock()
	if fail {
		f.answer(w, r)
		return
	}
	f.next.ServeHTTP(w, r)
}
