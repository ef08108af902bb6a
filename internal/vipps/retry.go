// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The retry policy of one request, and what a client learns about an API host that every
// request to it shares:
//
//   - A failed attempt (HTTP 429, 500, 502, 503, 504, or no answer) is retried after a backoff:
//     the answer's Retry-After plus jitter, or else exponential backoff with jitter.
//   - MaxRetries bounds retries after server errors and failed connections. A 429 is the API
//     saying "later", not a failure: it is retried for as long as the retry budget allows.
//     MaxRetries 0 turns every retry off.
//   - The retry budget (RetryTimeout) is time: no wait runs past RetryTimeout after the
//     request began, so no retry starts later than that. An attempt that got no answer while
//     the host answered other requests does not count against it: the API is up and this one
//     request was unlucky, so it is retried (within MaxRetries) even when its wait alone took
//     the whole budget, as it does with the default 30 s request timeout and 30 s budget.
//   - A Retry-After holds back every request of the client to that host, not only the one
//     that got it: a fleet waits once, instead of each key set finding the limit by itself.
//   - An attempt that gets no answer within RequestTimeout (or a 504 after most of it: a
//     gateway that waited for the API in vain), while no other request to the host got an
//     answer either, marks the host unresponsive until it answers again. Meanwhile only
//     one attempt at a time goes out, as a probe bounded by probeTimeout, and a request makes
//     at most one (the request whose own wait found the host unresponsive too, past its
//     retry budget: alone at the end of a run, it had no one else's answer to go by); every
//     other request fails at once with ErrUnresponsive. A hanging API so
//     fails a whole fleet in about RequestTimeout + probeTimeout, instead of RequestTimeout
//     for each key set times its retries.
//   - A request that was refused with 429 for at least half its retry budget, until the budget
//     ran out, while no request to the host got any other answer, marks the host refusing
//     until it answers anything but 429. As for an unresponsive host, the others then stop at
//     their next wake-up and later ones go out one at a time as probes, so a host that refuses
//     everything fails a fleet in one retry budget, not one budget per wave of key sets.
//   - A request whose retries after server errors (5xx) ran out while no request to the host got
//     a sound answer (a 2xx, or a 4xx other than 429) marks the host failing until it gives one.
//     Meanwhile a server error is not retried: every request still goes out once, so the first
//     sound answer ends it, but an outage fails a fleet of 1,000 key sets in one request each
//     instead of five and their backoff (9.5 minutes at parallelism 10).
//
// The shared state is a few atomics per host: no lock on the path of a request.

// RetriedStatuses are the HTTP statuses a request is retried after: the API saying "later"
// (429) and the server-side failures worth another try. Anything else is final.
var RetriedStatuses = []int{
	http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
	http.StatusServiceUnavailable, http.StatusGatewayTimeout,
}

// DefaultRetryTimeout is the retry budget of one request when Config.RetryTimeout is zero.
// With DefaultRequestTimeout, an attempt that got no answer at all is not retried: the
// budget is spent by then.
const DefaultRetryTimeout = 30 * time.Second

// Backoff bounds. The first retry waits about backoffBase; each next one doubles, up to
// backoffMax. A Retry-After the API sends wins, up to retryAfterMax, plus up to half of it
// again (at most retryAfterJitterMax), so a fleet told to wait does not return all at once.
const (
	backoffBase         = 500 * time.Millisecond
	backoffMax          = 10 * time.Second
	retryAfterMax       = 2 * time.Minute
	retryAfterJitterMax = 5 * time.Second
	// probeTimeout bounds the probe of an unresponsive host (RequestTimeout if shorter).
	probeTimeout = 10 * time.Second
)

// ErrUnresponsive: the request was not sent (or not sent again) because the API host has
// answered nothing within the request timeout, neither this request nor any other.
var ErrUnresponsive = errors.New("the API is not answering")

// backoff returns how long to wait before attempt+1: the API's Retry-After when it gave one,
// plus jitter; else exponential backoff with equal jitter, in [d/2, d].
func backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return withJitter(min(retryAfter, retryAfterMax))
	}
	d := backoffBase << min(attempt-1, 16)
	if d > backoffMax || d <= 0 {
		d = backoffMax
	}
	half := d / 2
	return half + rand.N(half+1) //nolint:gosec // jitter needs no cryptographic randomness
}

// withJitter returns d plus a random part of up to half of d (at most retryAfterJitterMax):
// never sooner than asked.
func withJitter(d time.Duration) time.Duration {
	spread := min(d/2, retryAfterJitterMax)
	if spread <= 0 {
		return d
	}
	return d + rand.N(spread+1) //nolint:gosec // jitter needs no cryptographic randomness
}

// parseRetryAfter reads a Retry-After header in delay-seconds or HTTP-date form. It returns 0
// when the header is absent or unreadable, which means "back off as usual".
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		// Compare before converting: a huge value, NaN or Inf does not fit a Duration, and a
		// negative result would read as "do not retry".
		switch {
		case math.IsNaN(secs) || math.IsInf(secs, 0) || secs <= 0:
			return 0
		case secs >= retryAfterMax.Seconds():
			return retryAfterMax
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return min(d, retryAfterMax)
		}
	}
	return 0
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// apiHost is what a client knows about one API host (one base URL), shared by all requests.
type apiHost struct {
	name string // the host, as "not sent" errors say it
	base string // scheme and host, as every error's Host says it
	path string // the base URL's own path, which every request's path follows
	// reported holds the causes (see causeOf) that errors of this client have reported for the
	// host; a later error of a cause held here is a repeat.
	reported sync.Map
	// notBefore is when the host asked requests to resume (Unix nanoseconds by the client's
	// clock; 0 for never asked).
	notBefore atomic.Int64
	// answers counts HTTP answers of any status: an attempt that times out while it stays the
	// same got no answer while no one else did either.
	answers      atomic.Uint64
	unresponsive atomic.Bool
	// accepted counts HTTP answers other than 429: a request refused with 429 for its whole
	// budget while it stays the same was refused along with everyone else.
	accepted atomic.Uint64
	refusing atomic.Bool
	probing  atomic.Bool // held by the one attempt let through while unresponsive or refusing
	// sound counts answers that were neither 429 nor 5xx: a request whose server errors used
	// up its retries while it stays the same failed along with everyone else.
	sound   atomic.Uint64
	failing atomic.Bool
}

// host returns the shared state of the host behind base, made on first use.
func (c *Client) host(base string) *apiHost {
	if h, ok := c.hosts.Load(base); ok {
		return h.(*apiHost) //nolint:forcetypeassert // hosts holds nothing else
	}
	name, scheme, path := base, "", ""
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		name, scheme, path = u.Host, u.Scheme+"://", strings.TrimRight(u.EscapedPath(), "/")
	}
	h, _ := c.hosts.LoadOrStore(base, &apiHost{name: name, base: scheme + name, path: path})
	return h.(*apiHost) //nolint:forcetypeassert // hosts holds nothing else
}

// report marks a request's final error as a repeat when an earlier error already reported its
// cause for the host, and returns it. An error of a request its caller gave up on is left as
// it is: it says "cancelled", not the cause.
func (h *apiHost) report(ctx context.Context, err error) error {
	cause := causeOf(err)
	if cause == "" || ctx.Err() != nil {
		return err
	}
	_, seen := h.reported.LoadOrStore(cause, struct{}{})
	var apiErr *APIError
	var tErr *TransportError
	switch {
	case errors.As(err, &apiErr):
		apiErr.repeat = seen
	case errors.As(err, &tErr):
		tErr.repeat = seen
	}
	return err
}

// holdOff makes every request to the host wait until t.
func (h *apiHost) holdOff(t time.Time) {
	until := t.UnixNano()
	for {
		cur := h.notBefore.Load()
		if cur >= until || h.notBefore.CompareAndSwap(cur, until) {
			return
		}
	}
}

// heldFor is how much longer the host asked requests to wait, at now.
func (h *apiHost) heldFor(now time.Time) time.Duration {
	nb := h.notBefore.Load()
	if nb == 0 {
		return 0
	}
	return max(time.Duration(nb-now.UnixNano()), 0)
}

// retryState is the retry bookkeeping of one request.
type retryState struct {
	c        *Client
	h        *apiHost
	began    time.Time
	accepted uint64        // the host's accepted count when the request began
	sound    uint64        // the host's sound count when the request began
	answers  uint64        // the host's answers count when the request began
	waited   time.Duration // the sum of the waits asked for (a fake clock may stand still)
	hung     time.Duration // time in attempts that got no answer while the host answered others
	retries  int           // retries after errors, which MaxRetries bounds
	probed   bool          // this request has been the probe of an unresponsive or refusing host
	probe    bool          // the current attempt is that probe
}

func (c *Client) newRetryState(base string) *retryState {
	h := c.host(base)
	return &retryState{c: c, h: h, began: c.cfg.Clock.Now(), accepted: h.accepted.Load(), sound: h.sound.Load(),
		answers: h.answers.Load()}
}

func (c *Client) retryTimeout() time.Duration {
	if c.cfg.RetryTimeout > 0 {
		return c.cfg.RetryTimeout
	}
	return DefaultRetryTimeout
}

// spent is how much of the retry budget the request has used: the time since it began, but
// for attempts that hung while the host answered others.
func (r *retryState) spent() time.Duration {
	return max(r.c.cfg.Clock.Now().Sub(r.began)-r.hung, r.waited)
}

// fits reports whether a wait of d still ends within the retry budget.
func (r *retryState) fits(d time.Duration) bool {
	return r.spent()+d <= r.c.retryTimeout()
}

func (r *retryState) sleep(ctx context.Context, d time.Duration) error {
	r.waited += d
	return r.c.cfg.Sleep(ctx, d)
}

// gateWait is how long the host's Retry-After still holds this request back, with jitter.
func (r *retryState) gateWait() time.Duration {
	held := r.h.heldFor(r.c.cfg.Clock.Now())
	if held == 0 {
		return 0
	}
	return withJitter(held)
}

// admit decides whether the next attempt goes out, and returns its timeout.
func (r *retryState) admit() (time.Duration, bool) {
	timeout := r.c.cfg.RequestTimeout
	unresponsive := r.h.unresponsive.Load()
	if !unresponsive && !r.h.refusing.Load() {
		return timeout, true
	}
	if r.probed || !r.h.probing.CompareAndSwap(false, true) {
		return 0, false
	}
	r.probed, r.probe = true, true
	if unresponsive {
		timeout = min(timeout, probeTimeout)
	}
	return timeout, true
}

func (r *retryState) release() {
	if r.probe {
		r.probe = false
		r.h.probing.Store(false)
	}
}

// send makes one attempt with its own deadline, and records what it says about the host. An
// attempt that hit that deadline is a timeout to retry like any transport failure (attempt
// itself cannot tell it from the caller giving up).
func (r *retryState) send(ctx context.Context, req request, target string, n int, timeout time.Duration) (*response, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	seen := r.h.answers.Load()
	began := r.c.cfg.Clock.Now()
	resp, retryAfter, err := r.c.attempt(actx, req, target, n)
	var apiErr *APIError
	took := r.c.cfg.Clock.Now().Sub(began)
	switch {
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusGatewayTimeout && took >= timeout/2:
		// A gateway that waited most of the timeout for the API and gave up: no sign of life.
		r.noAnswer(seen, took)
	case err == nil || apiErr != nil:
		r.h.answers.Add(1)
		r.h.unresponsive.Store(false)
		if apiErr == nil || apiErr.StatusCode != http.StatusTooManyRequests {
			r.h.accepted.Add(1)
			r.h.refusing.Store(false)
		}
		if apiErr == nil || (apiErr.StatusCode < http.StatusInternalServerError && apiErr.StatusCode != http.StatusTooManyRequests) {
			r.h.sound.Add(1)
			r.h.failing.Store(false)
		}
	case ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded):
		retryAfter = 0
		r.noAnswer(seen, took)
		var tErr *TransportError
		if errors.As(err, &tErr) {
			tErr.timedOut = true
		}
	}
	return resp, retryAfter, err
}

// noAnswer records an attempt that got no answer in took. If no other request got one either
// since it began (answers is still seen), the host answers no one; otherwise the host is up and
// the attempt was unlucky, and its wait does not count against the retry budget.
func (r *retryState) noAnswer(seen uint64, took time.Duration) {
	if r.h.answers.Load() == seen {
		r.h.unresponsive.Store(true)
		return
	}
	r.hung += took
}

// next decides whether a failed attempt is retried, and after how long.
func (r *retryState) next(ctx context.Context, attempt int, retryAfter time.Duration, err error) (time.Duration, bool) {
	rateLimited := errors.Is(err, ErrRateLimited)
	wait := backoff(attempt, retryAfter)
	switch {
	case retryAfter > 0:
		r.h.holdOff(r.c.cfg.Clock.Now().Add(min(retryAfter, retryAfterMax))) // every request waits, not only this one
	case retryAfter == 0 && rateLimited:
		r.h.holdOff(r.c.cfg.Clock.Now().Add(wait))
	}
	if retryAfter < 0 || ctx.Err() != nil || r.c.cfg.MaxRetries == 0 {
		return 0, false
	}
	if r.probed && (r.h.unresponsive.Load() || (rateLimited && r.h.refusing.Load())) {
		return 0, false // this request has had its probe of a host that answers no one, or refuses everyone
	}
	serverError := errors.Is(err, ErrServer)
	if serverError && r.h.failing.Load() {
		return 0, false // the host fails every request: this one has had its try
	}
	if !rateLimited {
		if r.retries >= r.c.cfg.MaxRetries {
			r.markFailing(serverError)
			return 0, false
		}
		r.retries++
	}
	// Another request may have been told to wait longer.
	if held := r.h.heldFor(r.c.cfg.Clock.Now()); held > wait {
		wait = withJitter(held)
	}
	if !r.fits(wait) {
		if !rateLimited && !r.probed && r.h.unresponsive.Load() && !errors.Is(err, ErrUnresponsive) {
			// This request's own wait marked the host unresponsive, which proves little when no
			// other request was out to be answered (the last key sets of a run): it gets the one
			// probe a request may make, bounded by probeTimeout, before it gives up.
			return wait, true
		}
		if rateLimited && r.h.accepted.Load() == r.accepted && r.spent() >= r.c.retryTimeout()/2 {
			r.h.refusing.Store(true) // refused for its whole budget, as was every other request
		}
		r.markFailing(serverError)
		return 0, false
	}
	return wait, true
}

// markFailing marks the host failing when this request's retries after server errors ran out
// while no request to the host got a sound answer.
func (r *retryState) markFailing(serverError bool) {
	if serverError && r.h.sound.Load() == r.sound {
		r.h.failing.Store(true)
	}
}

// notSent is the error of a request the client held back before it was ever sent.
func (r *retryState) notSent(req request, wait time.Duration) error {
	if r.h.unresponsive.Load() {
		return &TransportError{Operation: req.operation, Method: req.method, Host: r.h.base, Path: r.h.path + req.path, MerchantSerialNumber: req.msn,
			Err:      fmt.Errorf("not sent: %w: %s answered no request within the request timeout (%s)", ErrUnresponsive, r.h.name, r.c.cfg.RequestTimeout),
			timedOut: true}
	}
	if r.h.refusing.Load() {
		return &APIError{Operation: req.operation, Method: req.method, Host: r.h.base, Path: r.h.path + req.path, MerchantSerialNumber: req.msn,
			Message: fmt.Sprintf("not sent: %s has answered every request with HTTP 429 for a whole retry budget (%s)",
				r.h.name, r.c.retryTimeout()),
			kind: ErrRateLimited}
	}
	return &APIError{Operation: req.operation, Method: req.method, Host: r.h.base, Path: r.h.path + req.path, MerchantSerialNumber: req.msn,
		Message: fmt.Sprintf("not sent: %s asked to wait %s more (Retry-After), beyond the retry budget of %s",
			r.h.name, wait.Round(time.Second), r.c.retryTimeout()),
		kind: ErrRateLimited}
}
