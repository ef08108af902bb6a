// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// Options configure a Sandbox. The zero value serves DemoData with no faults.
type Options struct {
	// Data is the initial state; nil means DemoData().
	Data *Data
	// Generate adds this many synthetic test sales units with key sets, MSNs from
	// FirstGeneratedMSN up (skipping MSNs Data already uses in test). Their keys are derived
	// from the MSN, so they are the same on every run.
	Generate int
	// Clock tells the time for tokens, product orders and rate-limit windows; nil means the
	// system clock.
	Clock clock.Clock
	// FaultRules are the starting fault rules, tried in order after the three shorthands
	// below (which become rules of their own, in this order: Latency, Fault, FaultRate).
	FaultRules []FaultRule
	// Latency is added to every API response: FaultRule{Latency: Latency}.
	Latency time.Duration
	// Fault, when set, is the fault every API request gets: FaultRule{Mode: Fault}.
	Fault string
	// FaultRate is the share (0..1) of API requests answered with a random transient fault:
	// FaultRule{Mode: FaultRandom, Probability: FaultRate}.
	FaultRate float64
	// RateLimit is how many API requests per second (of Clock) are answered before
	// 429 with Retry-After; 0 means unlimited.
	RateLimit int
	// Logf, when set, receives one line per request. Lines never contain secrets.
	Logf func(format string, args ...any)
	// AdminHosts are host names or IP addresses, besides the loopback ones, under which the
	// /_sandbox/ admin routes answer (see adminRefusal): the command's -listen address when it
	// is not a loopback one.
	AdminHosts []string
}

// Sandbox is the local twin of the Vipps MobilePay APIs. It is safe for concurrent use.
type Sandbox struct {
	opts       Options
	clock      clock.Clock
	initial    *Data       // the starting state, generated units included; never changed
	startRules []FaultRule // the starting fault rules, shorthands included; never changed
	mux        *http.ServeMux
	admin      *http.ServeMux
	apiPaths   [][]string // the path segments of every API route, for matching paths as the gateway does

	mu sync.RWMutex // guards st; never held across network I/O, never taken while holding ctlMu
	st *state

	ctlMu       sync.Mutex // guards the fields below
	stats       map[string]int
	rules       []*activeRule
	nextRuleID  int
	window      int64 // Unix second of the rate-limit window
	windowCount int
}

// New returns a sandbox serving opts.Data (DemoData when nil) plus any generated units.
func New(opts Options) (*Sandbox, error) {
	if err := CheckFault(opts.Fault); err != nil {
		return nil, err
	}
	if !(opts.FaultRate >= 0 && opts.FaultRate <= 1) { // NaN too
		return nil, fmt.Errorf("fault rate must be between 0 and 1, not %v", opts.FaultRate)
	}
	if opts.RateLimit < 0 {
		return nil, errors.New("rate limit must not be negative")
	}
	if opts.Latency < 0 {
		return nil, errors.New("latency must not be negative")
	}
	if opts.Generate < 0 || opts.Generate > MaxGenerate {
		return nil, fmt.Errorf("generate must be between 0 and %d", MaxGenerate)
	}
	startRules, err := faultRules(opts)
	if err != nil {
		return nil, err
	}

	var initial *Data
	if opts.Data != nil {
		initial = opts.Data.clone()
	} else {
		initial = DemoData()
	}
	if opts.Generate > 0 {
		units, sets, err := generatedUnits(initial, opts.Generate)
		if err != nil {
			return nil, err
		}
		initial.SalesUnits = append(initial.SalesUnits, units...)
		initial.KeySets = append(initial.KeySets, sets...)
	}
	st, err := newState(initial)
	if err != nil {
		return nil, fmt.Errorf("sandbox data: %w", err)
	}

	s := &Sandbox{
		opts:       opts,
		clock:      clock.OrReal(opts.Clock),
		initial:    initial,
		startRules: startRules,
		st:         st,
		stats:      make(map[string]int),
	}
	s.resetFaultRules()
	s.routes()
	return s, nil
}

func (s *Sandbox) routes() {
	s.mux = http.NewServeMux()

	s.api(RouteAccessToken, s.handleAccessToken)
	s.api(RouteMiamiToken, s.handleMiamiToken)
	s.managementRoutes()

	s.admin = http.NewServeMux()
	for pattern, h := range map[string]http.HandlerFunc{
		"GET /_sandbox/health":                             s.handleHealth,
		"GET /_sandbox/key-sets":                           s.handleListKeySets,
		"POST /_sandbox/key-sets":                          s.handleAddKeySet,
		"POST /_sandbox/sales-units/{msn}/regenerate-keys": s.handleRegenerateKeys,
		"GET /_sandbox/data":                               s.handleData,
		"GET /_sandbox/stats":                              s.handleStats,
		"POST /_sandbox/reset":                             s.handleReset,
		"GET /_sandbox/fault-rules":                        s.handleListFaultRules,
		"POST /_sandbox/fault-rules":                       s.handleAddFaultRule,
		"DELETE /_sandbox/fault-rules":                     s.handleClearFaultRules,
		"DELETE /_sandbox/fault-rules/{id}":                s.handleRemoveFaultRule,
		"GET /_sandbox/partner-keys":                       s.handleListPartnerKeySets,
		"GET /_sandbox/product-orders":                     s.handleListProductOrders,
		"POST /_sandbox/product-orders/{id}/advance":       s.handleAdvanceProductOrder,
	} {
		s.admin.HandleFunc(pattern, h)
	}
	s.mux.HandleFunc("/_sandbox/", s.serveAdmin)

	// Everything else, including a known API path with the wrong method, is what APIM answers
	// for an operation it does not have.
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		apimError(http.StatusNotFound, apimNotFound).write(w)
	})
}

// api registers an API route. Every request to it is counted under its pattern, then may be
// rate limited, and meets the fault rules (latency, a fault) before the handler sees it.
func (s *Sandbox) api(pattern string, h http.HandlerFunc) {
	_, path, _ := strings.Cut(pattern, " ")
	s.apiPaths = append(s.apiPaths, strings.Split(path, "/"))
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		s.ctlMu.Lock()
		s.stats[pattern]++
		s.ctlMu.Unlock()

		limited := s.overRateLimit()
		var f firing
		if !limited {
			f = s.fireRules(r)
		}
		if !sleep(r.Context(), f.latency) {
			return // the client gave up; nobody reads an answer
		}
		switch {
		case limited:
			note(w, "rate-limited")
			rateLimited(true).write(w)
		case f.mode != "":
			note(w, fmt.Sprintf("fault=%s, rule %d", f.mode, f.ruleID))
			s.writeFault(w, r, pattern, f.mode)
		default:
			h(w, r)
		}
	})
}

// gatewayPath returns r with its path spelt as the API route it names, if it names one in
// another case: the gateway matches paths case-insensitively (widely deployed plugins call
// POST /accessToken/get), ServeMux does not. Only the route's own words change; wildcard
// segments keep their case, since a business identifier scheme is "business:FI:Y-tunnus".
func (s *Sandbox) gatewayPath(r *http.Request) *http.Request {
	r = singleSlashes(r)
	given := strings.Split(r.URL.EscapedPath(), "/")
	for _, route := range s.apiPaths {
		if len(route) != len(given) {
			continue
		}
		segs := slices.Clone(given)
		changed, ok := false, true
		for i, want := range route {
			switch {
			case strings.HasPrefix(want, "{"), segs[i] == want:
			case strings.EqualFold(segs[i], want):
				segs[i], changed = want, true
			default:
				ok = false
			}
			if !ok {
				break
			}
		}
		if !ok {
			continue
		}
		if !changed {
			return r
		}
		path, err := url.PathUnescape(strings.Join(segs, "/"))
		if err != nil {
			return r
		}
		u := *r.URL
		u.Path, u.RawPath = path, strings.Join(segs, "/")
		r2 := new(http.Request)
		*r2 = *r
		r2.URL = &u
		return r2
	}
	return r
}

// singleSlashes serves a path with repeated slashes (a base URL ending in "/" joined to a path
// starting with one: //accesstoken/get) as the path with single ones. ServeMux would answer it
// with a redirect, which no API gateway sends and many clients do not follow.
func singleSlashes(r *http.Request) *http.Request {
	escaped := r.URL.EscapedPath()
	if !strings.Contains(escaped, "//") {
		return r
	}
	for strings.Contains(escaped, "//") {
		escaped = strings.ReplaceAll(escaped, "//", "/")
	}
	path, err := url.PathUnescape(escaped)
	if err != nil {
		return r
	}
	u := *r.URL
	u.Path, u.RawPath = path, escaped
	r2 := new(http.Request)
	*r2 = *r
	r2.URL = &u
	return r2
}

// serveAdmin serves the /_sandbox/ routes to the requests adminRefusal lets through. A path that is no admin route is 404, and a known
// one with the wrong method 405 with Allow, both in the admin error shape.
func (s *Sandbox) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if refusal := s.adminRefusal(r); refusal != "" {
		writeAdminJSON(w, http.StatusForbidden, adminError{Message: refusal})
		return
	}
	if _, pattern := s.admin.Handler(r); pattern != "" {
		s.admin.ServeHTTP(w, r)
		return
	}
	probe := &statusProbe{header: http.Header{}}
	s.admin.ServeHTTP(probe, r)
	status := cmp.Or(probe.status, http.StatusNotFound)
	msg := "no admin endpoint " + r.URL.Path + "; see the sandbox section of the README"
	if status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", probe.header.Get("Allow"))
		msg = r.Method + " is not allowed on " + r.URL.Path + "; use " + probe.header.Get("Allow")
	}
	writeAdminJSON(w, status, adminError{Message: msg})
}

// statusProbe records what ServeMux would answer, without answering.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(code int)        { p.status = code }

// ServeHTTP serves the API routes and the /_sandbox/ admin routes.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r = s.gatewayPath(r)
	if s.opts.Logf == nil {
		s.mux.ServeHTTP(w, r)
		return
	}
	start := time.Now() // real time: how long the answer took, for the request log
	rec := &recorder{ResponseWriter: w}
	defer func() {
		// Only the method and path: headers and query strings are where secrets travel.
		status := "no response"
		if rec.status != 0 {
			status = fmt.Sprint(rec.status)
		}
		s.opts.Logf("%s %s -> %s %s%s", r.Method, r.URL.Path, status,
			time.Since(start).Round(time.Microsecond), rec.note)
	}()
	s.mux.ServeHTTP(rec, r)
}

// recorder remembers the status for the request log.
type recorder struct {
	http.ResponseWriter
	status int
	note   string
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (for the reset fault).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func note(w http.ResponseWriter, s string) {
	if rec, ok := w.(*recorder); ok {
		rec.note = " (" + s + ")"
	}
}

// KeySets returns every key set, secrets included, test before production, by MSN.
func (s *Sandbox) KeySets() []keys.KeySet {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.st.data().KeySets
}

// Data returns a copy of the current state, in the shape LoadData reads.
func (s *Sandbox) Data() *Data {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.st.data()
}

// AddKeySet adds a key set to a sales unit, creating an API sales unit named name (or
// "Sales unit <msn>") when there is none. An empty environment means test. Missing client_id,
// client_secret and subscription keys are generated. It fails with a *KeySetError for malformed
// values and with ErrConflict when the unit already has keys, is a Vippsnummer unit, or a
// value is used by another key set.
func (s *Sandbox) AddKeySet(ks keys.KeySet, name string) (keys.KeySet, error) {
	if ks.Environment == "" {
		ks.Environment = keys.EnvironmentTest
	}
	fresh, err := keys.Generate(nil, ks.MerchantSerialNumber, ks.Environment)
	if err != nil {
		return keys.KeySet{}, err
	}
	fill := func(v *string, generated string) {
		if *v == "" {
			*v = generated
		}
	}
	fill(&ks.ClientID, fresh.ClientID)
	fill(&ks.ClientSecret, fresh.ClientSecret)
	fill(&ks.SubscriptionKeyPrimary, fresh.SubscriptionKeyPrimary)
	fill(&ks.SubscriptionKeySecondary, fresh.SubscriptionKeySecondary)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addKeySet(ks, name)
}

// RegenerateKeys does what the business portal's regenerate buttons do for all four keys of a
// sales unit: it returns the new key set, and the old keys stop working at once. Access tokens
// already issued stay valid until they expire. An empty environment means test.
func (s *Sandbox) RegenerateKeys(msn, environment string) (keys.KeySet, error) {
	return s.regenerate(msn, environment, nil)
}

// RegenerateKey regenerates one key of a sales unit's key set (client_id, client_secret,
// subscription_key_primary or subscription_key_secondary), as one portal button does.
func (s *Sandbox) RegenerateKey(msn, environment, attribute string) (keys.KeySet, error) {
	return s.regenerate(msn, environment, []string{attribute})
}

func (s *Sandbox) regenerate(msn, environment string, attrs []string) (keys.KeySet, error) {
	if environment == "" {
		environment = keys.EnvironmentTest
	}
	var problems []keys.Problem
	if p := keys.CheckMerchantSerialNumber(msn); p != "" {
		problems = append(problems, keys.Problem{Attribute: keys.AttrMerchantSerialNumber, Problem: p})
	}
	if p := keys.CheckEnvironment(environment); p != "" {
		problems = append(problems, keys.Problem{Attribute: keys.AttrEnvironment, Problem: p})
	}
	if len(problems) > 0 {
		return keys.KeySet{}, &KeySetError{Problems: problems}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.regenerate(unitKey{environment: environment, msn: msn}, attrs, nil)
}

// Stats returns how many requests each API route got, keyed "METHOD /pattern", faulted and
// rate-limited ones included. Admin routes are not counted.
func (s *Sandbox) Stats() map[string]int {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	return maps.Clone(s.stats)
}

// Reset restores the starting state (generated units included) and the starting fault rules
// (none of them fired yet), forgets issued tokens and zeroes the counters.
func (s *Sandbox) Reset() {
	st, err := newState(s.initial)
	if err != nil {
		panic(fmt.Sprintf("sandbox: starting state no longer valid: %v", err)) // New checked it
	}
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
	s.ctlMu.Lock()
	s.stats = make(map[string]int)
	s.window, s.windowCount = 0, 0
	s.ctlMu.Unlock()
	s.resetFaultRules()
}
