// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// faultCase is how the client must handle one of the sandbox's fault modes on the token
// endpoint.
type faultCase struct {
	retried   bool  // retried, so it recovers once the fault clears
	limited   bool  // a rate limit: retried within the retry timeout, not counted by max retries
	hang      bool  // no answer: retried once, as the probe of a host that answers no one
	kind      error // the sentinel of the final error; nil for a *TransportError
	message   string
	firstWait func(time.Duration) bool
}

// within says what the first wait must be.
func within(lo, hi time.Duration) func(time.Duration) bool {
	return func(d time.Duration) bool { return d >= lo && d <= hi }
}

// firstBackoff is the range of the first wait without Retry-After.
var firstBackoff = within(backoffBase/2, backoffBase)

// afterRetryAfter is the range of the wait after a Retry-After of d: never sooner, and at most
// half of it later.
func afterRetryAfter(d time.Duration) func(time.Duration) bool {
	return within(d, d+min(d/2, retryAfterJitterMax))
}

var faultMatrix = map[string]faultCase{
	sandbox.Fault429:             {retried: true, limited: true, kind: ErrRateLimited, message: "Rate limit is exceeded", firstWait: afterRetryAfter(time.Second)},
	sandbox.Fault429NoRetryAfter: {retried: true, limited: true, kind: ErrRateLimited, message: "Rate limit is exceeded", firstWait: firstBackoff},
	sandbox.Fault500:             {retried: true, kind: ErrServer, message: "Internal server error", firstWait: firstBackoff},
	sandbox.Fault502:             {retried: true, kind: ErrServer, message: "Bad gateway", firstWait: firstBackoff},
	sandbox.Fault503:             {retried: true, kind: ErrServer, message: "Service unavailable", firstWait: firstBackoff},
	sandbox.Fault504:             {retried: true, kind: ErrServer, message: "Gateway timeout", firstWait: firstBackoff},
	sandbox.FaultReset:           {retried: true, firstWait: firstBackoff},
	sandbox.FaultTimeout:         {retried: true, hang: true, message: "timed out waiting for an answer", firstWait: firstBackoff},
	sandbox.FaultHTML:            {retried: true, kind: ErrServer, message: "HTML error page: 502 Bad Gateway", firstWait: firstBackoff},
	// A truncated 200 is a broken answer, not a refusal: retried like a 502.
	sandbox.FaultMalformedJSON: {retried: true, kind: ErrMalformedResponse, message: "not valid JSON", firstWait: firstBackoff},
	sandbox.Fault401:           {kind: ErrKeysRejected, message: "invalid subscription key"},
	// A gateway 403 does not say a key is wrong: reported, never taken for a refusal.
	sandbox.Fault403: {kind: ErrForbidden, message: "Forbidden"},
	sandbox.Fault404: {kind: ErrNotFound, message: "Resource not found"},
}

func TestFaultMatrix_coversEverySandboxFaultMode(t *testing.T) {
	for _, mode := range sandbox.FaultModes() {
		if _, ok := faultMatrix[mode]; !ok {
			t.Errorf("fault mode %q has no case in faultMatrix", mode)
		}
	}
}

// faultClient returns a client of a sandbox that answers every request with mode, and a
// sleeper that clears the fault at the first wait when clearAtFirstWait is set.
func faultClient(t *testing.T, mode string, maxRetries int, clearAtFirstWait bool) (*sandbox.Sandbox, *Client, *sleeper) {
	t.Helper()
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, Fault: mode})
	sl := &sleeper{}
	if clearAtFirstWait {
		sl.after = func(int, time.Duration) { s.ClearFaultRules() }
	}
	c := newClient(srv.URL, clk, sl, func(cfg *Config) {
		cfg.MaxRetries = maxRetries
		// The timeout fault hangs for 30 s; every other answer comes at once, however busy the
		// machine, and a timed-out attempt would be retried and blur what the test checks.
		cfg.RequestTimeout = 5 * time.Second
		if mode == sandbox.FaultTimeout {
			cfg.RequestTimeout = 100 * time.Millisecond
		}
	})
	return s, c, sl
}

func TestAccessToken_recoversFromRetriedFaultsAndFailsFastOnOthers(t *testing.T) {
	for mode, fc := range faultMatrix {
		t.Run(mode, func(t *testing.T) {
			s, c, sl := faultClient(t, mode, 3, true)
			tok, err := c.AccessToken(context.Background(), demoCredentials(t, s))
			waits := sl.Waits()
			requests := s.Stats()[tokenRoute]

			if !fc.retried {
				checkTypedError(t, err, fc, 1)
				if len(waits) != 0 || requests != 1 {
					t.Errorf("waited %v and sent %d requests, want no retry", waits, requests)
				}
				return
			}
			if err != nil {
				t.Fatalf("did not recover once the fault cleared: %v", err)
			}
			if tok.Token == "" {
				t.Error("recovered without a token")
			}
			if len(waits) != 1 || !fc.firstWait(waits[0]) {
				t.Errorf("waits = %v, want one wait in the expected range", waits)
			}
			if requests < 2 {
				t.Errorf("token requests = %d, want at least 2", requests)
			}
		})
	}
}

func TestAccessToken_failsWithTypedErrorWhenFaultPersists(t *testing.T) {
	const maxRetries = 2
	for mode, fc := range faultMatrix {
		t.Run(mode, func(t *testing.T) {
			s, c, sl := faultClient(t, mode, maxRetries, false)
			_, err := c.AccessToken(context.Background(), demoCredentials(t, s))

			attempts := 1
			switch {
			case fc.limited:
				attempts = attemptsOf(err) // checked below: as many as the retry timeout allows
			case fc.hang:
				attempts = 2
			case fc.retried:
				attempts = maxRetries + 1
			}
			checkTypedError(t, err, fc, attempts)
			waits := sl.Waits()
			if got := len(waits); got != attempts-1 {
				t.Errorf("waits = %v, want %d", waits, attempts-1)
			}
			if fc.limited {
				var total time.Duration
				for _, w := range waits {
					total += w
				}
				// The clock stands still here, so the last wait may also be stretched to the
				// longest pause asked for so far, with jitter.
				if attempts <= maxRetries+1 || total > DefaultRetryTimeout || total < DefaultRetryTimeout-backoffMax-retryAfterJitterMax {
					t.Errorf("%d attempts after waits of %v in all; want more than %d (max retries does not count 429s), "+
						"waiting most of the %v retry timeout and no longer", attempts, total, maxRetries+1, DefaultRetryTimeout)
				}
			}
			// A reset request may be replayed by net/http itself; every other fault is seen
			// exactly once per attempt.
			if n := s.Stats()[tokenRoute]; n != attempts && mode != sandbox.FaultReset {
				t.Errorf("token requests = %d, want %d", n, attempts)
			}
		})
	}
}

// attemptsOf is the number of attempts a typed error says were made.
func attemptsOf(err error) int {
	var apiErr *APIError
	var tErr *TransportError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.Attempts
	case errors.As(err, &tErr):
		return tErr.Attempts
	}
	return 0
}

// checkTypedError checks that err is the typed error fc describes, after attempts attempts.
func checkTypedError(t *testing.T, err error, fc faultCase, attempts int) {
	t.Helper()
	if err == nil {
		t.Fatal("succeeded, want an error")
	}
	if fc.message != "" && !strings.Contains(err.Error(), fc.message) {
		t.Errorf("err = %q, want it to say %q", err, fc.message)
	}
	if fc.kind == nil {
		var tErr *TransportError
		if !errors.As(err, &tErr) {
			t.Fatalf("err = %#v, want a *TransportError", err)
		}
		if tErr.Operation == "" || tErr.Path != "/accesstoken/get" || tErr.Attempts != attempts {
			t.Errorf("TransportError = %+v, want the operation, path and %d attempts", tErr, attempts)
		}
		return
	}
	if !errors.Is(err, fc.kind) {
		t.Errorf("err = %v, want errors.Is %v", err, fc.kind)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %#v, want an *APIError", err)
	}
	if apiErr.Operation == "" || apiErr.StatusCode == 0 || apiErr.Message == "" ||
		apiErr.MerchantSerialNumber != sandbox.DemoMSN {
		t.Errorf("APIError = %+v, want operation, status, message and MSN %s", apiErr, sandbox.DemoMSN)
	}
	if fc.kind != ErrMalformedResponse && apiErr.Attempts != attempts {
		t.Errorf("Attempts = %d, want %d", apiErr.Attempts, attempts)
	}
	if attempts > 1 && !strings.Contains(err.Error(), fmt.Sprintf("after %d attempts", attempts)) {
		t.Errorf("err = %q, want it to say how many attempts were made", err)
	}
}

func TestAccessToken_respectsMaxRetries(t *testing.T) {
	for _, maxRetries := range []int{0, 1, 4, -1} {
		t.Run(fmt.Sprint(maxRetries), func(t *testing.T) {
			s, c, sl := faultClient(t, sandbox.Fault503, maxRetries, false)
			_, err := c.AccessToken(context.Background(), demoCredentials(t, s))
			want := max(maxRetries, 0) + 1
			if n := s.Stats()[tokenRoute]; n != want {
				t.Errorf("token requests = %d, want %d", n, want)
			}
			if len(sl.Waits()) != want-1 {
				t.Errorf("waits = %v, want %d", sl.Waits(), want-1)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Attempts != want {
				t.Errorf("err = %v, want an *APIError after %d attempts", err, want)
			}
		})
	}
}

func TestAccessToken_backsOffExponentiallyWithJitter(t *testing.T) {
	s, c, sl := faultClient(t, sandbox.Fault503, 8, false)
	c.cfg.RetryTimeout = 10 * time.Minute // eight doublings take longer than the default
	if _, err := c.AccessToken(context.Background(), demoCredentials(t, s)); !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrServer", err)
	}
	waits := sl.Waits()
	if len(waits) != 8 {
		t.Fatalf("waits = %v, want 8", waits)
	}
	for i, d := range waits {
		hi := min(backoffBase<<i, backoffMax)
		if d < hi/2 || d > hi {
			t.Errorf("wait %d = %v, want between %v and %v", i+1, d, hi/2, hi)
		}
	}
}

func TestAccessToken_honoursRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter func(now time.Time) string
		want       func(time.Duration) bool
	}{
		{"seconds", func(time.Time) string { return "3" }, afterRetryAfter(3 * time.Second)},
		{"fraction of a second", func(time.Time) string { return "0.25" }, afterRetryAfter(250 * time.Millisecond)},
		{"HTTP-date", func(now time.Time) string { return now.Add(7 * time.Second).Format(http.TimeFormat) }, afterRetryAfter(7 * time.Second)},
		{"HTTP-date in the past", func(now time.Time) string { return now.Add(-time.Minute).Format(http.TimeFormat) }, firstBackoff},
		{"zero", func(time.Time) string { return "0" }, firstBackoff},
		{"unreadable", func(time.Time) string { return "soon" }, firstBackoff},
		{"beyond the cap", func(time.Time) string { return "3600" }, afterRetryAfter(retryAfterMax)},
		{"does not fit a duration", func(time.Time) string { return "99999999999999" }, afterRetryAfter(retryAfterMax)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			s, err := sandbox.New(sandbox.Options{Clock: clk})
			if err != nil {
				t.Fatal(err)
			}
			h := &failFirst{n: 1, next: s, answer: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", tt.retryAfter(clk.Now()))
				writeAPIM(w, http.StatusTooManyRequests, "Rate limit is exceeded.")
			}}
			srv := newServer(t, h)
			sl := &sleeper{}
			c := newClient(srv.URL, clk, sl, func(cfg *Config) { cfg.RetryTimeout = 10 * time.Minute })
			if _, err := c.AccessToken(context.Background(), demoCredentials(t, s)); err != nil {
				t.Fatalf("AccessToken: %v", err)
			}
			if waits := sl.Waits(); len(waits) != 1 || !tt.want(waits[0]) {
				t.Errorf("waits = %v", waits)
			}
		})
	}
}

func TestAccessToken_waitsOutTheSandboxRateLimit(t *testing.T) {
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, RateLimit: 1})
	sl := &sleeper{after: func(_ int, d time.Duration) { clk.Advance(d) }}
	c := newClient(srv.URL, clk, sl, nil)

	for _, msn := range []string{sandbox.DemoMSN, "234567"} {
		if _, err := c.AccessToken(context.Background(), credentialsOf(t, s, msn, "test")); err != nil {
			t.Fatalf("MSN %s: %v", msn, err)
		}
	}
	if waits := sl.Waits(); len(waits) != 1 || !afterRetryAfter(time.Second)(waits[0]) {
		t.Errorf("waits = %v, want one of 1s to 1.5s (the sandbox's Retry-After and jitter)", waits)
	}
	if n := s.Stats()[tokenRoute]; n != 3 {
		t.Errorf("token requests = %d, want 3", n)
	}
}

func TestAccessToken_doesNotRetryRefusedKeys(t *testing.T) {
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk})
	sl := &sleeper{}
	c := newClient(srv.URL, clk, sl, nil)
	good := demoCredentials(t, s)
	other := credentialsOf(t, s, "234567", "test")
	production := credentialsOf(t, s, sandbox.DemoMSN, "production")

	tests := []struct {
		name     string
		edit     func(*Credentials)
		status   int
		code     string
		contains string
	}{
		{"unknown client_id", func(c *Credentials) { c.ClientID = "fb492b5e-7907-4d83-ba20-c7fb60ca35df" }, 400, "unauthorized_client", "AADSTS700016"},
		{"wrong client_secret", func(c *Credentials) { c.ClientSecret = other.ClientSecret }, 401, "invalid_client", "AADSTS7000215"},
		{"unknown subscription key", func(c *Credentials) { c.SubscriptionKey = "00000000000000000000000000000000" }, 401, "", "invalid subscription key"},
		{"another unit's subscription key", func(c *Credentials) { c.SubscriptionKey = other.SubscriptionKey }, 401, "", "invalid subscription key"},
		{"production keys in test", func(c *Credentials) { *c = production; c.Environment = "test" }, 401, "", "invalid subscription key"},
		{"MSN of another unit", func(c *Credentials) { c.MerchantSerialNumber = "234567" }, 401, "", "invalid subscription key"},
		{"Vippsnummer MSN", func(c *Credentials) { c.MerchantSerialNumber = sandbox.DemoMSNVippsnummerTest }, 401, "", "has no API keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			creds := good
			tt.edit(&creds)
			before := s.Stats()[tokenRoute]
			_, err := c.AccessToken(context.Background(), creds)
			if !errors.Is(err, ErrKeysRejected) {
				t.Fatalf("err = %v, want ErrKeysRejected", err)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %#v, want an *APIError", err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Code != tt.code || !strings.Contains(apiErr.Message, tt.contains) {
				t.Errorf("APIError = %+v, want HTTP %d, code %q, message with %q", apiErr, tt.status, tt.code, tt.contains)
			}
			if apiErr.MerchantSerialNumber != creds.MerchantSerialNumber {
				t.Errorf("MSN = %q, want %q", apiErr.MerchantSerialNumber, creds.MerchantSerialNumber)
			}
			if n := s.Stats()[tokenRoute] - before; n != 1 {
				t.Errorf("token requests = %d, want 1", n)
			}
		})
	}
	if len(sl.Waits()) != 0 {
		t.Errorf("waited %v, want no retries", sl.Waits())
	}
}

func TestAccessToken_stopsRetryingWhenContextEndsDuringAnAttempt(t *testing.T) {
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, Fault: sandbox.FaultTimeout})
	sl := &sleeper{}
	c := newClient(srv.URL, clk, sl, nil) // 5 s per attempt: the context ends first
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	began := time.Now()
	_, err := c.AccessToken(ctx, demoCredentials(t, s))
	if took := time.Since(began); took > stuck {
		t.Errorf("took %v, want about 50ms", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if len(sl.Waits()) != 0 {
		t.Errorf("waited %v after the context ended", sl.Waits())
	}
}

func TestDo_stopsRetryingWhenContextEndsDuringAWait(t *testing.T) {
	s, srv := newSandbox(t, sandbox.Options{Fault: sandbox.Fault503})
	c := New(Config{BaseURL: srv.URL, MaxRetries: 10}) // the real Sleep
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)

	began := time.Now()
	_, err := c.do(ctx, request{operation: "test", method: http.MethodPost, path: "/accesstoken/get",
		environment: "test", token: true})
	if took := time.Since(began); took > stuck {
		t.Errorf("took %v, want about 50ms", took)
	}
	if !errors.Is(err, ErrServer) {
		t.Errorf("err = %v, want the last answer (ErrServer)", err)
	}
	if n := s.Stats()[tokenRoute]; n > 2 {
		t.Errorf("requests = %d, want at most 2 in 50ms of backoff", n)
	}
}

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"1", time.Second},
		{" 2 ", 2 * time.Second},
		{"1.5", 1500 * time.Millisecond},
		{"0", 0},
		{"-5", 0},
		{"120", 2 * time.Minute},
		{"121", retryAfterMax},
		{"1e30", retryAfterMax},
		{"NaN", 0},
		{"Inf", 0},
		{"-Inf", 0},
		{"soon", 0},
		{start.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{start.Add(time.Hour).Format(http.TimeFormat), retryAfterMax},
		{start.Add(-time.Second).Format(http.TimeFormat), 0},
		{start.Add(30 * time.Second).Format(time.RFC850), 30 * time.Second},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, start); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
