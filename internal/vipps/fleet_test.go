// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// simulatedTime is a Config.Sleep for fleet tests: a discrete-event clock. Requests take no
// time; when every busy worker is waiting, the fake clock jumps to the earliest wake-up. So a
// fleet meets a rate limit (counted by the same clock) exactly as it would in real time,
// without the test waiting for it.
type simulatedTime struct {
	mu       sync.Mutex
	clk      *clock.Fake
	busy     int // workers with work in hand
	sleepers []*simSleeper
}

type simSleeper struct {
	wake time.Time
	done chan struct{}
}

func (s *simulatedTime) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	sl := &simSleeper{wake: s.clk.Now().Add(d), done: make(chan struct{})}
	s.sleepers = append(s.sleepers, sl)
	s.advance()
	s.mu.Unlock()
	select {
	case <-sl.done:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		s.sleepers = slices.DeleteFunc(s.sleepers, func(o *simSleeper) bool { return o == sl })
		s.advance()
		s.mu.Unlock()
		return ctx.Err()
	}
}

// work runs f as a busy worker.
func (s *simulatedTime) work(f func()) {
	s.mu.Lock()
	s.busy++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.busy--
		s.advance()
		s.mu.Unlock()
	}()
	f()
}

// advance wakes the earliest sleepers once every busy worker sleeps. Called with mu held.
func (s *simulatedTime) advance() {
	for len(s.sleepers) > 0 && len(s.sleepers) >= s.busy {
		slices.SortFunc(s.sleepers, func(a, b *simSleeper) int { return a.wake.Compare(b.wake) })
		if first := s.sleepers[0].wake; first.After(s.clk.Now()) {
			s.clk.Set(first)
		}
		now := s.clk.Now()
		for len(s.sleepers) > 0 && !s.sleepers[0].wake.After(now) {
			close(s.sleepers[0].done)
			s.sleepers = s.sleepers[1:]
		}
	}
}

// transientFaults are fault rules that give 5 % of requests one of the sandbox's transient
// faults, as -fault-rate 0.05 does, without the timeout fault: it hangs in real time while
// simulated time stands still, which would look like an API that answers no one (the hang
// tests cover that).
func transientFaults() []sandbox.FaultRule {
	var modes []string
	for _, m := range sandbox.TransientFaultModes() {
		if m != sandbox.FaultTimeout {
			modes = append(modes, m)
		}
	}
	rules := make([]sandbox.FaultRule, len(modes))
	for i, m := range modes {
		rules[i] = sandbox.FaultRule{Mode: m, Probability: 0.05 / float64(len(modes))}
	}
	return rules
}

// fleetCredentials are the credentials of every subscription key of the first n generated
// test key sets: what verifying n key sets asks the token endpoint.
func fleetCredentials(t *testing.T, s *sandbox.Sandbox, n int) [][]Credentials {
	t.Helper()
	var out [][]Credentials
	for _, ks := range s.KeySets() {
		msn, err := strconv.Atoi(ks.MerchantSerialNumber)
		if ks.Environment != keys.EnvironmentTest || err != nil || msn < sandbox.FirstGeneratedMSN || msn >= sandbox.FirstGeneratedMSN+n {
			continue
		}
		primary := credentialsFromKeySet(ks)
		secondary := primary
		secondary.SubscriptionKey = ks.SubscriptionKeySecondary
		out = append(out, []Credentials{primary, secondary})
		if len(out) == n {
			return out
		}
	}
	t.Fatalf("the sandbox has %d generated key sets, want %d", len(out), n)
	return nil
}

// runFleet verifies every key set with parallel workers, as Terraform does with
// -parallelism, and returns the error of each key set that failed.
func runFleet(c *Client, fleet [][]Credentials, parallel int, work func(func())) map[string]error {
	var mu sync.Mutex
	failed := map[string]error{}
	next := make(chan []Credentials)
	var wg sync.WaitGroup
	for range parallel {
		wg.Go(func() {
			for creds := range next {
				work(func() {
					for _, cr := range creds {
						if _, err := c.AccessToken(context.Background(), cr); err != nil {
							mu.Lock()
							failed[cr.MerchantSerialNumber] = err
							mu.Unlock()
							return
						}
					}
				})
			}
		})
	}
	for _, creds := range fleet {
		next <- creds
	}
	close(next)
	wg.Wait()
	return failed
}

func TestFleet_rateLimitAndTransientFaultsFailNoKeySet(t *testing.T) {
	// Issue 11: 300 key sets at parallelism 20 against a limit of 20 requests a second and 5 %
	// transient faults. With defaults (four retries, the default retry timeout), not one fails.
	const fleetSize, parallel = 300, 20
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{
		Clock: clk, Generate: fleetSize, RateLimit: 20, FaultRules: transientFaults(),
	})
	sim := &simulatedTime{clk: clk}
	c := New(Config{BaseURL: srv.URL, MaxRetries: DefaultMaxRetries, Clock: clk, Sleep: sim.Sleep})
	began := clk.Now()

	failed := runFleet(c, fleetCredentials(t, s, fleetSize), parallel, sim.work)

	for msn, err := range failed {
		t.Errorf("key set %s failed: %v", msn, err)
	}
	stats := s.Stats()
	requests, tokens := 0, 0
	for route, n := range stats {
		requests += n
		if route == tokenRoute {
			tokens = n
		}
	}
	// The limit is what the fleet met: more requests than key sets, and no faster than 20 a
	// second in simulated time.
	took := clk.Now().Sub(began)
	if tokens <= 2*fleetSize || took < time.Duration(2*fleetSize/20)*time.Second {
		t.Errorf("%d token requests in %v of simulated time; want retries, at no more than 20 a second", tokens, took)
	}
	t.Logf("%d key sets verified with %d token requests (%d API requests) in %v of simulated time", fleetSize, tokens, requests, took)
}

func TestFleet_unresponsiveAPIFailsEveryKeySetAfterOneTimeoutAndOneProbe(t *testing.T) {
	// A hanging API. The first parallel wave of requests waits out the request timeout; the
	// host has answered no one, so each is retried at most once, as the one probe allowed at a
	// time, and every later request fails at once. With the defaults (30 s per attempt, a
	// 30 s retry budget, 10 s per probe) 20 key sets at parallelism 10 so fail in about 40 s,
	// and a fleet of any size in not much more: only probes wait. (The benchmark measures
	// the real thing; here the timeout is shortened, and waits are recorded, not slept.)
	const fleetSize, parallel = 20, 10
	const requestTimeout = 500 * time.Millisecond
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, Generate: fleetSize, Fault: sandbox.FaultTimeout})
	sl := &sleeper{after: func(_ int, d time.Duration) { clk.Advance(d) }}
	c := New(Config{BaseURL: srv.URL, MaxRetries: DefaultMaxRetries, RequestTimeout: requestTimeout,
		Clock: clk, Sleep: sl.Sleep})

	failed := runFleet(c, fleetCredentials(t, s, fleetSize), parallel, func(f func()) { f() })

	if len(failed) != fleetSize {
		t.Fatalf("%d of %d key sets failed, want all", len(failed), fleetSize)
	}
	notSent := 0
	for msn, err := range failed {
		var tErr *TransportError
		if !errors.As(err, &tErr) {
			t.Errorf("key set %s: err = %v, want a *TransportError", msn, err)
			continue
		}
		if tErr.Attempts > 2 {
			t.Errorf("key set %s: %d attempts, want at most 2 (one timeout and one probe)", msn, tErr.Attempts)
		}
		if errors.Is(err, ErrUnresponsive) {
			notSent++
		}
	}
	if notSent == 0 {
		t.Error("every key set was sent; want the ones after the first wave held back")
	}
	if sent := s.Stats()[tokenRoute]; sent >= fleetSize+parallel {
		t.Errorf("the API got %d requests; want fewer than %d (one wave, then probes)", sent, fleetSize+parallel)
	}
}

func TestFleet_unresponsiveHostRecoversAtTheNextAnswer(t *testing.T) {
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, Fault: sandbox.FaultTimeout})
	sl := &sleeper{}
	c := newClient(srv.URL, clk, sl, func(cfg *Config) { cfg.MaxRetries, cfg.RequestTimeout = 0, 200*time.Millisecond })
	creds := demoCredentials(t, s)
	if _, err := c.AccessToken(context.Background(), creds); err == nil {
		t.Fatal("a hanging API answered")
	}
	s.ClearFaultRules()
	// The next request is the probe: it goes out, the API answers, and the host is trusted again.
	if _, err := c.AccessToken(context.Background(), creds); err != nil {
		t.Fatalf("the probe after the API came back: %v", err)
	}
	other := credentialsOf(t, s, "234567", keys.EnvironmentTest)
	if _, err := c.AccessToken(context.Background(), other); err != nil {
		t.Fatalf("a request after the host answered again: %v", err)
	}
}

func TestFleet_gatewayTimeoutAfterTheRequestTimeoutCountsAsNoAnswer(t *testing.T) {
	// A gateway that waits as long as the client would and then answers 504 is a hanging API
	// too (the sandbox's timeout fault does this after 30 s, the default request timeout): the
	// request is retried once, as the probe, not max-retries times.
	const requestTimeout = 2 * time.Second
	clk := newClock()
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clk.Advance(requestTimeout) // the gateway's wait, on the client's clock
		writeAPIM(w, http.StatusGatewayTimeout, "Gateway timeout")
	}))
	sl := &sleeper{}
	c := newClient(srv.URL, clk, sl, func(cfg *Config) { cfg.MaxRetries, cfg.RequestTimeout = 4, requestTimeout })
	creds := Credentials{Environment: keys.EnvironmentTest, ClientID: keys.ExampleClientID,
		ClientSecret: keys.ExampleClientSecret, SubscriptionKey: keys.ExampleSubscriptionKey}

	_, err := c.AccessToken(context.Background(), creds)
	if !errors.Is(err, ErrServer) || attemptsOf(err) != 2 {
		t.Errorf("err = %v, want the 504 after 2 attempts (one, and one probe)", err)
	}
	// A quick 504 is an ordinary server error, retried max-retries times.
	quick := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeAPIM(w, http.StatusGatewayTimeout, "Gateway timeout")
	}))
	c = newClient(quick.URL, clk, sl, func(cfg *Config) { cfg.MaxRetries, cfg.RequestTimeout = 4, requestTimeout })
	if _, err := c.AccessToken(context.Background(), creds); attemptsOf(err) != 5 {
		t.Errorf("err = %v, want the 504 after 5 attempts", err)
	}
}

func TestClient_sharesRetryAfterWithEveryRequestToTheHost(t *testing.T) {
	// One request is told to wait 2 s. Another request that starts during that wait waits for
	// the rest of it before its first attempt, instead of finding the limit itself.
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	h := &failFirst{n: 1, next: s, answer: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "2")
		writeAPIM(w, http.StatusTooManyRequests, "Rate limit is exceeded.")
	}}
	srv := newServer(t, h)
	sl := &sleeper{}
	c := newClient(srv.URL, clk, sl, nil)
	var otherErr error
	sl.after = func(n int, _ time.Duration) {
		if n == 1 { // the first request is waiting; the clock has not moved
			_, otherErr = c.AccessToken(context.Background(), credentialsOf(t, s, "234567", keys.EnvironmentTest))
		}
	}
	if _, err := c.AccessToken(context.Background(), demoCredentials(t, s)); err != nil {
		t.Fatalf("the request that got the 429: %v", err)
	}
	if otherErr != nil {
		t.Fatalf("the other request: %v", otherErr)
	}
	waits := sl.Waits()
	if len(waits) != 2 || !afterRetryAfter(2*time.Second)(waits[0]) || !afterRetryAfter(2*time.Second)(waits[1]) {
		t.Errorf("waits = %v, want two of 2 s to 3 s: the one told, and the other before its first attempt", waits)
	}
	if n := s.Stats()[tokenRoute]; n != 2 {
		t.Errorf("the sandbox answered %d token requests, want 2 (the 429 came from in front of it)", n)
	}
}

func TestDo_givesUpAtOnceWhenRetryAfterExceedsTheRetryTimeout(t *testing.T) {
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, &failFirst{n: 1, next: s, answer: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "45")
		writeAPIM(w, http.StatusTooManyRequests, "Rate limit is exceeded.")
	}})
	sl := &sleeper{}
	c := newClient(srv.URL, clk, sl, func(cfg *Config) { cfg.RetryTimeout = 20 * time.Second })

	_, err = c.AccessToken(context.Background(), demoCredentials(t, s))
	if !errors.Is(err, ErrRateLimited) || attemptsOf(err) != 1 {
		t.Errorf("err = %v, want the 429 after one attempt", err)
	}
	if len(sl.Waits()) != 0 {
		t.Errorf("waited %v for a pause beyond the retry timeout", sl.Waits())
	}
	// Another request within the pause is not sent at all.
	_, err = c.AccessToken(context.Background(), credentialsOf(t, s, "234567", keys.EnvironmentTest))
	if !errors.Is(err, ErrRateLimited) || attemptsOf(err) != 0 {
		t.Errorf("err = %v, want ErrRateLimited without an attempt", err)
	}
	if n := s.Stats()[tokenRoute]; n != 0 {
		t.Errorf("the sandbox got %d token requests, want none", n)
	}
}

func TestFleet_everyErrorOfAHangingAPINamesTheURLAndAllButTheFirstAreRepeats(t *testing.T) {
	// Issue 19: against a hanging API, 9 of 20 key sets said "Nothing answered at ." and
	// "POST /accesstoken/get failed: not sent: …". Every error names the URL; the first says the
	// cause, and the rest say they repeat it, so a caller can report it once in full.
	const fleetSize, parallel = 20, 10
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, Generate: fleetSize, Fault: sandbox.FaultTimeout})
	sl := &sleeper{after: func(_ int, d time.Duration) { clk.Advance(d) }}
	c := New(Config{BaseURL: srv.URL, MaxRetries: DefaultMaxRetries, RequestTimeout: 500 * time.Millisecond,
		Clock: clk, Sleep: sl.Sleep})

	failed := runFleet(c, fleetCredentials(t, s, fleetSize), parallel, func(f func()) { f() })

	if len(failed) != fleetSize {
		t.Fatalf("%d of %d key sets failed, want all", len(failed), fleetSize)
	}
	firsts, notSent := 0, 0
	for msn, err := range failed {
		if want := "POST " + srv.URL + "/accesstoken/get failed: "; !strings.Contains(err.Error(), want) {
			t.Errorf("key set %s: err = %q, want it to say %q", msn, err, want)
		}
		if errors.Is(err, ErrUnresponsive) {
			notSent++
		}
		if !IsRepeat(err) {
			firsts++
		}
	}
	if notSent == 0 {
		t.Error("no key set was held back; the test did not reach the errors of issue 19")
	}
	if firsts != 1 {
		t.Errorf("%d errors are not repeats, want 1 (the first to report the hanging API)", firsts)
	}
}

func TestDo_aRequestHeldBackByRetryAfterNamesTheURLAndRepeatsTheCause(t *testing.T) {
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, &failFirst{n: 1, next: s, answer: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "45")
		writeAPIM(w, http.StatusTooManyRequests, "Rate limit is exceeded.")
	}})
	c := newClient(srv.URL, clk, &sleeper{}, func(cfg *Config) { cfg.RetryTimeout = 20 * time.Second })

	_, first := c.AccessToken(context.Background(), demoCredentials(t, s))
	_, held := c.AccessToken(context.Background(), credentialsOf(t, s, "234567", keys.EnvironmentTest))
	if IsRepeat(first) || !IsRepeat(held) {
		t.Errorf("repeat: first %v, held back %v; want only the one held back", IsRepeat(first), IsRepeat(held))
	}
	if want := "POST " + srv.URL + "/accesstoken/get"; !strings.Contains(held.Error(), want) {
		t.Errorf("err = %q, want it to name %s", held, want)
	}
	// A refusal of a key is about the key set, never a repeat.
	bad := demoCredentials(t, s)
	bad.ClientSecret = credentialsOf(t, s, "234567", keys.EnvironmentTest).ClientSecret
	clk.Advance(time.Minute)
	for range 2 {
		if _, err := c.AccessToken(context.Background(), bad); !errors.Is(err, ErrKeysRejected) || IsRepeat(err) {
			t.Errorf("err = %v, repeat %v; want a refusal that is no repeat", err, IsRepeat(err))
		}
	}
}

func TestDo_retriesATimeoutWhileTheHostAnswersOthers(t *testing.T) {
	// Issue 18: with the defaults, the retry budget (30 s) is no longer than one attempt may
	// take (30 s), so an attempt that timed out was never retried, although the API answered
	// every other request meanwhile: one slow request failed a key set. Here both are 1 s; the
	// hanging attempt moves the client's clock by its timeout while another key set's request is
	// answered.
	const timeout = time.Second
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	slow, other := demoCredentials(t, s), credentialsOf(t, s, "234567", keys.EnvironmentTest)
	var c *Client
	var slowAttempts atomic.Int32
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("client_id") == slow.ClientID && slowAttempts.Add(1) == 1 {
			clk.Advance(timeout) // the attempt's wait, on the client's clock
			if _, err := c.AccessToken(context.Background(), other); err != nil {
				t.Errorf("the other key set: %v", err)
			}
			<-r.Context().Done()
			return
		}
		s.ServeHTTP(w, r)
	}))
	c = newClient(srv.URL, clk, &sleeper{}, func(cfg *Config) {
		cfg.MaxRetries, cfg.RequestTimeout, cfg.RetryTimeout = DefaultMaxRetries, timeout, timeout
	})

	if _, err := c.AccessToken(context.Background(), slow); err != nil {
		t.Fatalf("one slow attempt failed the key set: %v", err)
	}
	if n := slowAttempts.Load(); n != 2 {
		t.Errorf("%d attempts, want 2: the timeout, and its retry", n)
	}
}

func TestDo_theLastRequestOfARunThatTimesOutGetsItsProbe(t *testing.T) {
	// The fleet fault test at 300 key sets: the last refresh of a plan hung, no other request
	// was out to be answered meanwhile, so the host counted as unresponsive and, with the
	// defaults (the retry budget no longer than one attempt), the request gave up without the
	// probe the policy allows it: one unlucky request failed the plan. Both are 1 s here.
	const timeout = time.Second
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	creds := demoCredentials(t, s)
	var attempts atomic.Int32
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			clk.Advance(timeout) // the attempt's wait, on the client's clock
			<-r.Context().Done()
			return
		}
		s.ServeHTTP(w, r)
	}))
	c := newClient(srv.URL, clk, &sleeper{}, func(cfg *Config) {
		cfg.MaxRetries, cfg.RequestTimeout, cfg.RetryTimeout = DefaultMaxRetries, timeout, timeout
	})

	if _, err := c.AccessToken(context.Background(), creds); err != nil {
		t.Fatalf("one hung attempt with no other traffic failed the key set: %v", err)
	}
	if n := attempts.Load(); n != 2 {
		t.Errorf("%d attempts, want 2: the timeout, and the probe", n)
	}
}

func TestDo_timeoutsOnAHostThatAnswersOthersAreRetriedMaxRetriesTimes(t *testing.T) {
	// Retrying a timeout does not go on for ever: each counts against max_retries.
	const timeout, maxRetries = 200 * time.Millisecond, 2
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk, Generate: maxRetries + 1})
	if err != nil {
		t.Fatal(err)
	}
	fleet := fleetCredentials(t, s, maxRetries+1)
	slow := demoCredentials(t, s)
	var c *Client
	var slowAttempts atomic.Int32
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("client_id") == slow.ClientID {
			n := slowAttempts.Add(1)
			clk.Advance(timeout)
			if _, err := c.AccessToken(context.Background(), fleet[n-1][0]); err != nil {
				t.Errorf("another key set: %v", err)
			}
			<-r.Context().Done()
			return
		}
		s.ServeHTTP(w, r)
	}))
	c = newClient(srv.URL, clk, &sleeper{}, func(cfg *Config) {
		cfg.MaxRetries, cfg.RequestTimeout, cfg.RetryTimeout = maxRetries, timeout, 10*time.Minute
	})

	_, err = c.AccessToken(context.Background(), slow)
	var tErr *TransportError
	if !errors.As(err, &tErr) || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if n := slowAttempts.Load(); n != maxRetries+1 || tErr.Attempts != maxRetries+1 {
		t.Errorf("%d attempts (the error says %d), want %d", n, tErr.Attempts, maxRetries+1)
	}
}

func TestFleet_aHostThatRefusesEveryRequestWith429FailsTheFleetWithinOneRetryBudget(t *testing.T) {
	// Issue 18: a host that answers every request with 429 for good. Each key set used to wait
	// out its own retry budget, so 50 key sets at parallelism 10 took five budgets (152 s) and 25
	// attempts each. Once one request has been refused for its whole budget with no other answer
	// from the host, the others stop waiting, and later ones are sent one at a time as probes.
	const fleetSize, parallel = 50, 10
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, Generate: fleetSize, Fault: sandbox.Fault429})
	sim := &simulatedTime{clk: clk}
	c := New(Config{BaseURL: srv.URL, MaxRetries: DefaultMaxRetries, Clock: clk, Sleep: sim.Sleep})
	began := clk.Now()

	failed := runFleet(c, fleetCredentials(t, s, fleetSize), parallel, sim.work)

	took := clk.Now().Sub(began)
	if len(failed) != fleetSize {
		t.Fatalf("%d of %d key sets failed, want all", len(failed), fleetSize)
	}
	for msn, err := range failed {
		if !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), srv.URL) {
			t.Errorf("key set %s: err = %v, want ErrRateLimited naming %s", msn, err, srv.URL)
		}
	}
	if limit := DefaultRetryTimeout + backoffMax + retryAfterJitterMax; took > limit {
		t.Errorf("the fleet took %v of simulated time to fail, want at most %v (one retry budget and one wait)", took, limit)
	}
	if sent := s.Stats()[tokenRoute]; sent > parallel*25+fleetSize {
		t.Errorf("the host got %d token requests, want at most %d (one budget's worth per worker, then one probe each)",
			sent, parallel*25+fleetSize)
	}
	t.Logf("%d key sets failed in %v of simulated time with %d token requests", fleetSize, took, s.Stats()[tokenRoute])

	// Once the host answers again, the next request is its probe and succeeds.
	s.ClearFaultRules()
	if _, err := c.AccessToken(context.Background(), demoCredentials(t, s)); err != nil {
		t.Fatalf("after the host stopped refusing: %v", err)
	}
	if _, err := c.AccessToken(context.Background(), credentialsOf(t, s, "234567", keys.EnvironmentTest)); err != nil {
		t.Fatalf("a request after the probe: %v", err)
	}
}

func TestFleet_aHostThatFailsEveryRequestWith503FailsTheFleetWithOneRequestPerKeySet(t *testing.T) {
	// A partner's run: 1,000 key sets against an API answering 503 to everything took 9 min 31 s
	// and 5,000 requests, every key set retrying with backoff. Once one request's retries have
	// run out with no sound answer from the host meanwhile, the others are not retried.
	const fleetSize, parallel = 50, 10
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, Generate: fleetSize, Fault: sandbox.Fault503})
	sim := &simulatedTime{clk: clk}
	c := New(Config{BaseURL: srv.URL, MaxRetries: DefaultMaxRetries, Clock: clk, Sleep: sim.Sleep})
	began := clk.Now()

	failed := runFleet(c, fleetCredentials(t, s, fleetSize), parallel, sim.work)

	took := clk.Now().Sub(began)
	if len(failed) != fleetSize {
		t.Fatalf("%d of %d key sets failed, want all", len(failed), fleetSize)
	}
	for msn, err := range failed {
		if !errors.Is(err, ErrServer) || !strings.Contains(err.Error(), "HTTP 503") {
			t.Errorf("key set %s: err = %v, want the server error", msn, err)
		}
	}
	if sent, limit := s.Stats()[tokenRoute], parallel*(DefaultMaxRetries+1)+fleetSize; sent > limit {
		t.Errorf("the host got %d token requests, want at most %d (the first wave's retries, then one each)", sent, limit)
	}
	if limit := 2 * DefaultRetryTimeout; took > limit {
		t.Errorf("the fleet took %v of simulated time to fail, want at most %v", took, limit)
	}
	t.Logf("%d key sets failed in %v of simulated time with %d token requests", fleetSize, took, s.Stats()[tokenRoute])

	// A sound answer ends it: the next failure is retried again, and gets through.
	s.ClearFaultRules()
	if _, err := c.AccessToken(context.Background(), demoCredentials(t, s)); err != nil {
		t.Fatalf("after the host recovered: %v", err)
	}
	if _, err := s.AddFaultRule(sandbox.FaultRule{Route: "POST /accesstoken/get", Mode: sandbox.Fault503, Count: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AccessToken(context.Background(), credentialsOf(t, s, "234567", keys.EnvironmentTest)); err != nil {
		t.Fatalf("one 503 after the host recovered was not retried: %v", err)
	}
}

func TestDo_aRequestLeftUnansweredWhileOthersAreAnsweredSaysSo(t *testing.T) {
	// A partner's run: one MSN hung while 1,999 requests to the same host were answered, and its
	// error said to check that the server was running. OthersAnswered tells the two apart. The
	// hanging request's connection is cut when the test says, so no timing decides the outcome.
	s, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hanging := demoCredentials(t, s)
	for _, tt := range []struct {
		name   string
		others bool
	}{{"alone", false}, {"while another request is answered", true}} {
		arrived, release := make(chan struct{}), make(chan struct{})
		srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("client_id") != hanging.ClientID {
				s.ServeHTTP(w, r)
				return
			}
			close(arrived)
			<-release
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close()
			}
		}))
		c := New(Config{BaseURL: srv.URL, MaxRetries: 0})
		done := make(chan error, 1)
		go func() { _, err := c.AccessToken(context.Background(), hanging); done <- err }()
		<-arrived
		if tt.others {
			if _, err := c.AccessToken(context.Background(), credentialsOf(t, s, "234567", keys.EnvironmentTest)); err != nil {
				t.Fatalf("the other request: %v", err)
			}
		}
		close(release)
		if err := <-done; err == nil || OthersAnswered(err) != tt.others {
			t.Errorf("%s: err = %v, OthersAnswered %v; want an error, %v", tt.name, err, OthersAnswered(err), tt.others)
		}
	}
}
