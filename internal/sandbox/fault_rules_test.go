// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// tokenStatus sends a token request for a key set straight to the handler.
func tokenStatus(s *Sandbox, ks keys.KeySet) int {
	return serve(s, credentials(ks)).Code
}

func TestFaultRule_firstTwoTokenRequestsForOneMSN(t *testing.T) {
	s, err := New(Options{Generate: 10})
	if err != nil {
		t.Fatal(err)
	}
	target, other := currentKeySet(t, s, "100003", keys.EnvironmentTest), currentKeySet(t, s, "100004", keys.EnvironmentTest)
	addRule(t, s, FaultRule{Route: RouteAccessToken, MerchantSerialNumber: "100003", Mode: Fault503, Count: 2})

	got := []int{
		tokenStatus(s, other), tokenStatus(s, target), tokenStatus(s, other),
		tokenStatus(s, target), tokenStatus(s, target), tokenStatus(s, other),
	}

	want := []int{200, 503, 200, 503, 200, 200}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses = %v, want %v: the rule answers only the first two requests for 100003", got, want)
		}
	}
	if rules := s.FaultRules(); rules[0].Fired != 2 {
		t.Errorf("Fired = %d, want 2", rules[0].Fired)
	}
}

func TestFaultRule_matchesTheSalesUnitAndClientARequestIsFor(t *testing.T) {
	s, srv := newServer(t, Options{})
	unit := demoKeySet(t, DemoMSN, keys.EnvironmentProduction)
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	partnerKS := demoPartnerKeySet(t)

	// By MSN: in the path, in Merchant-Serial-Number, or the key set's own.
	addRule(t, s, FaultRule{Route: "GET /management/**", MerchantSerialNumber: "234567", Mode: Fault502})
	for _, tt := range []struct {
		name   string
		r      response
		status int
	}{
		{"another unit in the path", partner.get("/management/v1/sales-units/123456"), http.StatusOK},
		{"the unit in the path", partner.get("/management/v1/sales-units/234567"), http.StatusBadGateway},
		{"the unit in the MSN header", partner.with(HeaderMerchantSerialNumber, "234567").get("/management/v1/sales-units"), http.StatusBadGateway},
		{"the unit's own keys", newMgmt(t, s, srv, prodKeys(t, "234567")).get("/management/v1/sales-units"), http.StatusBadGateway},
	} {
		if tt.r.status != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, tt.r.status, tt.r.body, tt.status)
		}
	}
	s.ClearFaultRules()

	// By client_id: the header on token requests, the subscription key's key set on API calls.
	addRule(t, s, FaultRule{ClientID: strings.ToUpper(partnerKS.ClientID), Mode: Fault429})
	if code := tokenStatus(s, unit); code != http.StatusOK {
		t.Errorf("another client's token request: %d", code)
	}
	if code := tokenStatus(s, partnerKS); code != http.StatusTooManyRequests {
		t.Errorf("the partner's token request: %d, want 429", code)
	}
	if r := partner.get("/management/v1/sales-units"); r.status != http.StatusTooManyRequests {
		t.Errorf("the partner's API call: %d, want 429", r.status)
	}
}

func TestFaultRule_routes(t *testing.T) {
	for _, tt := range []struct {
		route, method, path string
		match               bool
	}{
		{"", http.MethodGet, "/anything", true},
		{"POST /accesstoken/get", http.MethodPost, "/accesstoken/get", true},
		{"POST /accesstoken/get", http.MethodPost, "/accessToken/Get", true},
		{"POST /accesstoken/get", http.MethodGet, "/accesstoken/get", false},
		{"/accesstoken/get", http.MethodGet, "/accesstoken/get", true},
		{RouteSalesUnit, http.MethodGet, "/management/v1/sales-units/123456", true},
		{RouteSalesUnit, http.MethodGet, "/management/v1/sales-units", false},
		{"GET /management/v1/sales-units/*", http.MethodGet, "/management/v1/sales-units/1/x", false},
		{"/management/**", http.MethodDelete, "/management/v1/product-orders/x", true},
		{"/management/{rest...}", http.MethodGet, "/management", true}, // the rest may be nothing
		{"/management/**", http.MethodGet, "/miami/v1/token", false},
		{"/**", http.MethodPost, "/miami/v1/token", true},
		{RouteMerchant, http.MethodGet, "/management/v1/merchants/business:NO:ORG/914532884", true},
	} {
		rt, err := parseRoute(tt.route)
		if err != nil {
			t.Fatalf("%q: %v", tt.route, err)
		}
		if got := rt.matches(tt.method, tt.path); got != tt.match {
			t.Errorf("route %q on %s %s: %v, want %v", tt.route, tt.method, tt.path, got, tt.match)
		}
	}
}

func TestFaultRule_probabilityFiresOnAShare(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	addRule(t, s, FaultRule{Mode: Fault503, Probability: 0.25})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	faulted := 0
	for range 2000 {
		if tokenStatus(s, ks) == http.StatusServiceUnavailable {
			faulted++
		}
	}
	if faulted < 400 || faulted > 600 {
		t.Errorf("%d of 2000 faulted, want about 500", faulted)
	}
	if got := s.FaultRules()[0].Fired; got != faulted {
		t.Errorf("Fired = %d, want %d", got, faulted)
	}
}

func TestFaultRule_latenciesAddUpAndTheFirstModeAnswers(t *testing.T) {
	s, srv := newServer(t, Options{})
	addRule(t, s, FaultRule{Route: RouteAccessToken, Latency: 40 * time.Millisecond})
	addRule(t, s, FaultRule{Latency: 30 * time.Millisecond, Mode: Fault500, Count: 1})
	addRule(t, s, FaultRule{Mode: Fault502, Count: 1}) // not reached while the 500 rule fires
	creds := credentials(demoKeySet(t, DemoMSN, keys.EnvironmentTest))

	began := time.Now()
	first := postToken(t, s, srv, creds)
	took := time.Since(began)

	if first.status != http.StatusInternalServerError || took < 70*time.Millisecond {
		t.Errorf("first: %d after %v, want the 500 after 40+30 ms", first.status, took)
	}
	if r := postToken(t, s, srv, creds); r.status != http.StatusBadGateway {
		t.Errorf("second: %d, want the 502 rule now that the 500 rule is spent", r.status)
	}
	if r := postToken(t, s, srv, creds); r.status != http.StatusOK {
		t.Errorf("third: %d, want 200 with latency only", r.status)
	}
	rules := s.FaultRules()
	if rules[0].Fired != 3 || rules[1].Fired != 1 || rules[2].Fired != 1 {
		t.Errorf("fired = %d, %d, %d, want 3, 1, 1", rules[0].Fired, rules[1].Fired, rules[2].Fired)
	}
}

// Rules are counted under the sandbox's lock: "the first 5" are exactly five however many
// requests arrive at once, and adding or clearing rules while requests run is safe.
func TestFaultRule_countIsExactUnderConcurrentRequests(t *testing.T) {
	s, err := New(Options{Generate: 20})
	if err != nil {
		t.Fatal(err)
	}
	addRule(t, s, FaultRule{Route: RouteAccessToken, Mode: Fault503, Count: 5})
	sets := s.KeySets()
	var mu sync.Mutex
	faulted := 0
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			for range 5 {
				if tokenStatus(s, sets[i%len(sets)]) == http.StatusServiceUnavailable {
					mu.Lock()
					faulted++
					mu.Unlock()
				}
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			r, err := s.AddFaultRule(FaultRule{Route: "GET /management/**", Mode: Fault500})
			if err != nil {
				t.Error(err)
				return
			}
			_ = s.FaultRules()
			_ = s.RemoveFaultRule(r.ID)
		}
	})
	wg.Wait()
	if faulted != 5 {
		t.Errorf("%d requests faulted, want exactly 5", faulted)
	}
}

func TestFaultRule_neverTouchesAdminRoutes(t *testing.T) {
	s, srv := newServer(t, Options{FaultRules: []FaultRule{{Route: "/**", Mode: FaultReset}}})
	if r := send(t, s, srv, http.MethodGet, "/_sandbox/health", nil, ""); r.status != http.StatusOK {
		t.Errorf("health: %d", r.status)
	}
	if _, err := s.AddFaultRule(FaultRule{Route: "GET /_sandbox/health", Mode: Fault503}); err == nil {
		t.Error("a rule for an admin route was accepted")
	}
}

func TestParseFaultRule(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want FaultRule
	}{
		{"mode=503", FaultRule{Mode: Fault503}},
		{"POST /accesstoken/get mode=503 count=2 msn=100003",
			FaultRule{Route: "POST /accesstoken/get", Mode: Fault503, Count: 2, MerchantSerialNumber: "100003"}},
		{"  /management/** mode=random probability=0.1 latency=200ms ",
			FaultRule{Route: "/management/**", Mode: FaultRandom, Probability: 0.1, Latency: 200 * time.Millisecond}},
		{"latency=1s merchant_serial_number=123456", FaultRule{Latency: time.Second, MerchantSerialNumber: "123456"}},
		{"mode=401 client_id=fb492b5e-7907-4d83-ba20-c7fb60ca35de",
			FaultRule{Mode: Fault401, ClientID: "fb492b5e-7907-4d83-ba20-c7fb60ca35de"}},
		{`{"route":"POST /accesstoken/get","mode":"reset","count":1}`, FaultRule{Route: "POST /accesstoken/get", Mode: FaultReset, Count: 1}},
	} {
		got, err := ParseFaultRule(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseFaultRule(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{
		"", "POST /accesstoken/get", "mode=teapot", "mode=503 mode=500", "mode=503 count=-1", "mode=503 count=two",
		"mode=503 probability=0", "mode=503 probability=1.5", "mode=503 probability=NaN", "latency=-1s",
		"latency=11m", "mode=503 msn=12", "mode=503 client_id=nope", "mode=503 colour=red",
		"mode=503 POST /accesstoken/get", "post /accesstoken/get mode=503", "GET accesstoken mode=503",
		"GET /_sandbox/health mode=503", "GET /a//b mode=503", "GET /a/ mode=503", "/a/**/b mode=503",
		"GET /a\x00 mode=503", `{"mode":"503"} x`, `{"mode":"503","colour":"red"}`, `{"mode":"503","id":2}`,
	} {
		if r, err := ParseFaultRule(in); err == nil {
			t.Errorf("ParseFaultRule(%q) = %+v, want an error", in, r)
		}
	}
}

func TestFaultRule_jsonHasTheAdminShape(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	added := addRule(t, s, FaultRule{Route: RouteAccessToken, Mode: Fault503, Count: 2, Probability: 0.5, Latency: 250 * time.Millisecond})
	b, err := json.Marshal(added)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"id":1,"route":"POST /accesstoken/get","mode":"503","count":2,"probability":0.5,"latency":"250ms","fired":0}`
	if string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}

// FuzzParseFaultRule: any text either fails to parse or gives a rule that passes Check and
// survives both of its written forms (the flag's and the admin endpoint's JSON) unchanged.
// Nothing panics, and a parsed rule never reaches an admin route.
func FuzzParseFaultRule(f *testing.F) {
	for _, seed := range []string{
		"mode=503", "POST /accesstoken/get mode=503 count=2 msn=100003", "/management/** mode=random probability=0.1 latency=200ms",
		"GET /management/v1/sales-units/{msn} mode=404 client_id=fb492b5e-7907-4d83-ba20-c7fb60ca35de",
		`{"route":"/miami/v1/token","mode":"timeout","latency":"1.5s"}`, "latency=1ns", "mode=503 probability=1e-9",
		"GET /_sandbox/x mode=503", "mode=503 count=99999999999999999999", "mode= latency=0s", "{", "{}", "=", "==",
		"GET /%41 mode=503", "GET /{x...}/y mode=503", "\xff mode=503", "mode=503 probability=0x1p-2",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r, err := ParseFaultRule(in)
		if err != nil {
			return
		}
		if err := r.Check(); err != nil {
			t.Fatalf("ParseFaultRule(%q) = %+v, which Check refuses: %v", in, r, err)
		}
		if math.IsNaN(r.Probability) || r.Probability < 0 || r.Probability > 1 || r.Count < 0 || r.Latency < 0 {
			t.Fatalf("ParseFaultRule(%q) = %+v: out of range", in, r)
		}
		again, err := ParseFaultRule(r.String())
		if err != nil || again != r {
			t.Fatalf("ParseFaultRule(%q).String() = %q parses to %+v, %v; want %+v", in, r.String(), again, err, r)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		fromJSON, err := DecodeFaultRule(b)
		if err != nil || fromJSON != r {
			t.Fatalf("rule %+v as JSON %s decodes to %+v, %v", r, b, fromJSON, err)
		}
		rt, _ := parseRoute(r.Route)
		if rt.matches(http.MethodGet, "/_sandbox/health") && r.Route != "" {
			// Only the catch-all "" and /** shapes could; the sandbox keeps admin routes apart.
			if !strings.Contains(r.Route, "**") && !strings.Contains(r.Route, "...}") && !strings.Contains(r.Route, "*") && !strings.Contains(r.Route, "{") {
				t.Fatalf("rule %q names an admin route", r.Route)
			}
		}
		// A request the rule might meet is answered without a panic.
		s, err := New(Options{FaultRules: []FaultRule{r}})
		if err != nil {
			t.Fatalf("New refuses a parsed rule: %v", err)
		}
		if r.Latency > 0 || r.Mode == FaultTimeout || r.Mode == FaultRandom {
			return // real waiting; the mode's answer is tested elsewhere
		}
		req := httptest.NewRequest(http.MethodPost, "/accesstoken/get", nil)
		func() {
			defer func() {
				if p := recover(); p != nil && p != http.ErrAbortHandler {
					t.Fatalf("panic: %v", p)
				}
			}()
			s.ServeHTTP(httptest.NewRecorder(), req)
		}()
	})
}
