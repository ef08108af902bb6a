package sandbox

import (
	"errors"
	"fmt"
	"net/http"
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
	// Latency is added to every API response.
	Latency time.Duration
	// FaultRate is the share (0..1) of API requests answered with a random fault from
	// FaultModes (or from the FaultModes option when set).
	FaultRate float64
	// FaultModes narrows the matrix FaultRate draws from; nil means all of FaultModes().
	FaultModes []string
	// Fault, when set, is the fault every API request gets (see FaultModes()).
	Fault string
	// RateLimit is how many API requests per second (of Clock) are answered before
	// 429 with Retry-After; 0 means unlimited.
	RateLimit int
	// Logf, when set, receives one line per request. Lines never contain secrets.
	Logf func(format string, args ...any)
}

// Sandbox is the local twin of the Vipps MobilePay APIs. It is safe for concurrent use.
type Sandbox struct {
	opts        Options
	clock       clock.Clock
	initial     *Data // the starting state, generated units included; never changed
	faultMatrix []string
	mux         *http.ServeMux

	mu sync.RWMutex // guards st; never held across network I/O
	st *state

	ctlMu       sync.Mutex // guards the fields below
	stats       map[string]int
	fault       string
	window      int64 // Unix second of the rate-limit window
	windowCount int
}

// New returns a sandbox serving opts.Data (DemoData when nil) plus any generated units.
func New(opts Options) (*Sandbox, error) {
	if err := CheckFault(opts.Fault); err != nil {
		return nil, err
	}
	if opts.FaultRate < 0 || opts.FaultRate > 1 {
		return nil, fmt.Errorf("fault rate must be between 0 and 1, not %v", opts.FaultRate)
	}
	for _, m := range opts.FaultModes {
		if err := CheckFault(m); err != nil || m == "" {
			return nil, fmt.Errorf("fault modes: unknown fault mode %q", m)
		}
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
		opts:        opts,
		clock:       clock.OrReal(opts.Clock),
		initial:     initial,
		faultMatrix: opts.FaultModes,
		st:          st,
		stats:       make(map[string]int),
		fault:       opts.Fault,
	}
	if len(s.faultMatrix) == 0 {
		s.faultMatrix = FaultModes()
	}
	s.routes()
	return s, nil
}

func (s *Sandbox) routes() {
	s.mux = http.NewServeMux()

	s.api("POST /accesstoken/get", s.handleAccessToken)
	s.managementRoutes()

	s.mux.HandleFunc("GET /_sandbox/health", s.handleHealth)
	s.mux.HandleFunc("GET /_sandbox/key-sets", s.handleListKeySets)
	s.mux.HandleFunc("POST /_sandbox/key-sets", s.handleAddKeySet)
	s.mux.HandleFunc("POST /_sandbox/sales-units/{msn}/regenerate-keys", s.handleRegenerateKeys)
	s.mux.HandleFunc("GET /_sandbox/data", s.handleData)
	s.mux.HandleFunc("GET /_sandbox/stats", s.handleStats)
	s.mux.HandleFunc("POST /_sandbox/reset", s.handleReset)
	s.mux.HandleFunc("POST /_sandbox/fault", s.handleSetFault)
	s.mux.HandleFunc("GET /_sandbox/partner-keys", s.handleListPartnerKeySets)
	s.mux.HandleFunc("GET /_sandbox/product-orders", s.handleListProductOrders)
	s.mux.HandleFunc("POST /_sandbox/product-orders/{id}/advance", s.handleAdvanceProductOrder)

	// Everything else, including a known path with the wrong method, is what APIM answers
	// for an operation it does not have.
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		apimError(http.StatusNotFound, apimNotFound).write(w)
	})
}

// api registers an API route. Every request to it is counted under its pattern, then may be
// rate limited, delayed and faulted before the handler sees it.
func (s *Sandbox) api(pattern string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		s.ctlMu.Lock()
		s.stats[pattern]++
		s.ctlMu.Unlock()

		limited := s.overRateLimit()
		mode := ""
		if !limited {
			mode = s.pickFault()
		}
		if !sleep(r.Context(), s.opts.Latency) {
			return // the client gave up; nobody reads an answer
		}
		switch {
		case limited:
			note(w, "rate-limited")
			rateLimited(true).write(w)
		case mode != "":
			note(w, "fault="+mode)
			s.writeFault(w, r, pattern, mode)
		default:
			h(w, r)
		}
	})
}

// ServeHTTP serves the API routes and the /_sandbox/ admin routes.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.opts.Logf == nil {
		s.mux.ServeHTTP(w, r)
		return
	}
	start := time.Now()
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
	out := make(map[string]int, len(s.stats))
	for k, v := range s.stats {
		out[k] = v
	}
	return out
}

// Reset restores the starting state (generated units included) and the starting fault mode,
// forgets issued tokens and zeroes the counters.
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
	s.fault = s.opts.Fault
	s.window, s.windowCount = 0, 0
	s.ctlMu.Unlock()
}

// SetFault makes every API request get the fault mode ("" turns it off). It panics on an
// unknown mode, so that a typo in a test fails loudly; check input with CheckFault first.
func (s *Sandbox) SetFault(mode string) {
	if err := CheckFault(mode); err != nil {
		panic("sandbox: " + err.Error())
	}
	s.ctlMu.Lock()
	s.fault = mode
	s.ctlMu.Unlock()
}
