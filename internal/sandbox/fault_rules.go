// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// FaultRule makes the API requests it matches fail, or answer late, or both. A request matches
// when its method and path fit Route and, where they are set, it is for MerchantSerialNumber
// and from ClientID. A matching rule fires with Probability, at most Count times; each time it
// adds Latency and answers with Mode. Rules are tried in the order they were added: the
// latencies of every rule that fires add up, and the first one with a Mode decides the answer.
//
// Rules never touch the /_sandbox/ admin routes.
type FaultRule struct {
	// Route is "[METHOD ]PATH": "POST /accesstoken/get", "/management/v1/sales-units/*",
	// or a route constant such as RouteCreateProductOrder. "" matches every API route. The
	// path is matched case-insensitively, as the gateway matches it; a segment "*" or
	// "{name}" matches any one segment, and a last segment "**" or "{name...}" matches the
	// rest of the path, nothing included.
	Route string
	// MerchantSerialNumber, when set, limits the rule to requests for that sales unit: those
	// naming it in Merchant-Serial-Number or in the path, and those whose credentials
	// (client_id, Basic authentication or subscription key) are its keys.
	MerchantSerialNumber string
	// ClientID, when set, limits the rule to requests with that client_id, or with a
	// subscription key of that client's key set.
	ClientID string
	// Mode is the fault (see FaultModes, and FaultRandom); "" adds Latency only.
	Mode string
	// Count is how many requests the rule answers before it is spent; 0 means no limit.
	Count int
	// Probability is the chance (0 to 1) that the rule fires on a matching request; 0 means 1.
	Probability float64
	// Latency is added to the answer when the rule fires.
	Latency time.Duration
}

// FaultRuleStatus is a rule as the sandbox holds it: its ID (for removing it) and how many
// requests it has answered. A rule whose Fired has reached its Count is spent and stays listed.
type FaultRuleStatus struct {
	ID int
	FaultRule
	Fired int
}

// MaxFaultLatency bounds a rule's Latency.
const MaxFaultLatency = 10 * time.Minute

// Check returns what is wrong with the rule, or nil.
func (r FaultRule) Check() error {
	if _, err := parseRoute(r.Route); err != nil {
		return err
	}
	if r.MerchantSerialNumber != "" {
		if p := keys.CheckMerchantSerialNumber(r.MerchantSerialNumber); p != "" {
			return fmt.Errorf("%s %s", keys.AttrMerchantSerialNumber, p)
		}
	}
	if r.ClientID != "" {
		if p := keys.CheckClientID(r.ClientID); p != "" {
			return fmt.Errorf("%s %s", keys.AttrClientID, p)
		}
	}
	if err := CheckFault(r.Mode); err != nil {
		return err
	}
	switch {
	case r.Mode == "" && r.Latency == 0:
		return errors.New("a fault rule needs a mode, a latency or both")
	case r.Count < 0:
		return errors.New("count must not be negative (0 means no limit)")
	case math.IsNaN(r.Probability) || r.Probability < 0 || r.Probability > 1:
		return fmt.Errorf("probability must be between 0 and 1, not %v", r.Probability)
	case r.Latency < 0 || r.Latency > MaxFaultLatency:
		return fmt.Errorf("latency must be between 0 and %v, not %v", MaxFaultLatency, r.Latency)
	}
	return nil
}

// String is the rule in the syntax ParseFaultRule reads, fields in a fixed order.
func (r FaultRule) String() string {
	var parts []string
	if r.Route != "" {
		parts = append(parts, r.Route)
	}
	add := func(k, v string) { parts = append(parts, k+"="+v) }
	if r.Mode != "" {
		add("mode", r.Mode)
	}
	if r.Count != 0 {
		add("count", strconv.Itoa(r.Count))
	}
	if r.Probability != 0 {
		add("probability", strconv.FormatFloat(r.Probability, 'g', -1, 64))
	}
	if r.Latency != 0 {
		add("latency", r.Latency.String())
	}
	if r.MerchantSerialNumber != "" {
		add("msn", r.MerchantSerialNumber)
	}
	if r.ClientID != "" {
		add("client_id", r.ClientID)
	}
	return strings.Join(parts, " ")
}

// ParseFaultRule reads a rule as the -fault-rule flag takes it: the route, then key=value
// fields, separated by spaces:
//
//	POST /accesstoken/get mode=503 count=2 msn=100003
//	/management/** mode=random probability=0.1 latency=200ms
//	mode=429 client_id=fb492b5e-7907-4d83-ba20-c7fb60ca35de
//
// The keys are mode, count, probability, latency (a Go duration), msn (or
// merchant_serial_number) and client_id. A text starting with "{" is read as the JSON object
// the admin endpoint takes instead.
func ParseFaultRule(s string) (FaultRule, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") {
		return DecodeFaultRule([]byte(s))
	}
	var r FaultRule
	var route []string
	seen := map[string]bool{}
	for _, field := range strings.Fields(s) {
		k, v, isField := strings.Cut(field, "=")
		if !isField {
			if len(seen) > 0 {
				return FaultRule{}, fmt.Errorf("fault rule: the route goes before the key=value fields, not after (%q)", field)
			}
			route = append(route, field)
			continue
		}
		if k == "merchant_serial_number" {
			k = "msn"
		}
		if seen[k] {
			return FaultRule{}, fmt.Errorf("fault rule: %s is given twice", k)
		}
		seen[k] = true
		var err error
		switch k {
		case "mode":
			r.Mode = v
		case "count":
			r.Count, err = strconv.Atoi(v)
		case "probability":
			r.Probability, err = strconv.ParseFloat(v, 64)
			if err == nil && r.Probability == 0 {
				err = errors.New("must be above 0; leave it out to fire on every request")
			}
		case "latency":
			r.Latency, err = time.ParseDuration(v)
		case "msn":
			r.MerchantSerialNumber = v
		case "client_id":
			r.ClientID = v
		default:
			return FaultRule{}, fmt.Errorf("fault rule: unknown field %q: the fields are mode, count, probability, latency, msn and client_id", k)
		}
		if err != nil {
			return FaultRule{}, fmt.Errorf("fault rule: %s: %w", k, err)
		}
	}
	r.Route = strings.Join(route, " ")
	if err := r.Check(); err != nil {
		return FaultRule{}, fmt.Errorf("fault rule: %w", err)
	}
	return r, nil
}

// faultRuleJSON is a rule as the admin endpoint reads and writes it.
type faultRuleJSON struct {
	ID                   int      `json:"id,omitempty"`
	Route                string   `json:"route,omitempty"`
	MerchantSerialNumber string   `json:"merchant_serial_number,omitempty"`
	ClientID             string   `json:"client_id,omitempty"`
	Mode                 string   `json:"mode,omitempty"`
	Count                int      `json:"count,omitempty"`
	Probability          *float64 `json:"probability,omitempty"`
	Latency              string   `json:"latency,omitempty"`
	Fired                *int     `json:"fired,omitempty"`
}

// DecodeFaultRule reads one rule from exactly one JSON object, as POST /_sandbox/fault-rules
// takes it: {"route":"POST /accesstoken/get","mode":"503","count":2,"latency":"200ms"}.
// Unknown fields are errors.
func DecodeFaultRule(b []byte) (FaultRule, error) {
	var in faultRuleJSON
	if err := decodeOneObject(bytes.NewReader(b), &in); err != nil {
		return FaultRule{}, fmt.Errorf("fault rule: %w", err)
	}
	if in.ID != 0 || in.Fired != nil {
		return FaultRule{}, errors.New("fault rule: id and fired are set by the sandbox, not by the request")
	}
	r := FaultRule{Route: in.Route, MerchantSerialNumber: in.MerchantSerialNumber, ClientID: in.ClientID, Mode: in.Mode, Count: in.Count}
	if in.Probability != nil {
		if *in.Probability == 0 {
			return FaultRule{}, errors.New("fault rule: probability must be above 0; leave it out to fire on every request")
		}
		r.Probability = *in.Probability
	}
	if in.Latency != "" {
		d, err := time.ParseDuration(in.Latency)
		if err != nil {
			return FaultRule{}, fmt.Errorf("fault rule: latency: %w", err)
		}
		r.Latency = d
	}
	if err := r.Check(); err != nil {
		return FaultRule{}, fmt.Errorf("fault rule: %w", err)
	}
	return r, nil
}

// MarshalJSON writes the rule in the shape DecodeFaultRule reads.
func (r FaultRule) MarshalJSON() ([]byte, error) { return json.Marshal(r.toJSON()) }

func (r FaultRule) toJSON() faultRuleJSON {
	out := faultRuleJSON{Route: r.Route, MerchantSerialNumber: r.MerchantSerialNumber, ClientID: r.ClientID, Mode: r.Mode, Count: r.Count}
	if r.Probability != 0 {
		out.Probability = &r.Probability
	}
	if r.Latency != 0 {
		out.Latency = r.Latency.String()
	}
	return out
}

// MarshalJSON writes the rule with its id and how often it fired.
func (s FaultRuleStatus) MarshalJSON() ([]byte, error) {
	out := s.toJSON()
	out.ID, out.Fired = s.ID, &s.Fired
	return json.Marshal(out)
}

// route is a parsed FaultRule.Route.
type route struct {
	method   string   // "" for any
	segments []string // of the path, "" for a wildcard; nil for every path
	rest     bool     // the last pattern segment matches the rest of the path
}

func parseRoute(s string) (route, error) {
	if s == "" {
		return route{}, nil
	}
	if strings.ContainsFunc(s, unicode.IsControl) || !utf8.ValidString(s) {
		return route{}, errors.New("route must be UTF-8 text without control characters")
	}
	method, path, hasMethod := strings.Cut(s, " ")
	if !hasMethod {
		method, path = "", s
	}
	if method != "" && !isMethod(method) {
		return route{}, fmt.Errorf("route %q: the method must be an HTTP method in capitals, such as POST", s)
	}
	if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " ?#=") || strings.Contains(path, "//") ||
		(len(path) > 1 && strings.HasSuffix(path, "/")) {
		return route{}, fmt.Errorf("route %q: want [METHOD ]/path, such as POST /accesstoken/get", s)
	}
	if strings.HasPrefix(strings.ToLower(path), "/_sandbox/") {
		return route{}, errors.New("route: the /_sandbox/ admin routes are never faulted")
	}
	rt := route{method: method}
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, seg := range parts {
		last := i == len(parts)-1
		switch {
		case seg == "**" || (strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "...}")):
			if !last {
				return route{}, fmt.Errorf("route %q: %s may only be the last segment", s, seg)
			}
			rt.rest = true
		case seg == "*" || (strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}")):
			rt.segments = append(rt.segments, "")
		default:
			if unescaped, err := url.PathUnescape(seg); err == nil {
				seg = unescaped
			}
			rt.segments = append(rt.segments, strings.ToLower(seg))
		}
	}
	if rt.segments == nil {
		rt.segments = []string{} // "/**": every path, but a path all the same
	}
	return rt, nil
}

func isMethod(m string) bool {
	return len(m) <= 20 && !strings.ContainsFunc(m, func(r rune) bool { return r < 'A' || r > 'Z' })
}

// matches reports whether a request with method and (unescaped) path is on the route.
func (rt route) matches(method, path string) bool {
	if rt.method != "" && rt.method != method {
		return false
	}
	if rt.segments == nil {
		return true
	}
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(parts) < len(rt.segments) || (!rt.rest && len(parts) != len(rt.segments)) {
		return false
	}
	for i, seg := range rt.segments {
		if seg != "" && seg != strings.ToLower(parts[i]) {
			return false
		}
	}
	return true
}

// activeRule is a rule with what the sandbox needs to apply it.
type activeRule struct {
	FaultRuleStatus
	route route
}

func (a *activeRule) spent() bool { return a.Count > 0 && a.Fired >= a.Count }

// faultRules builds the starting rules: the shorthands of opts first, then opts.FaultRules.
func faultRules(opts Options) ([]FaultRule, error) {
	var rules []FaultRule
	if opts.Latency != 0 {
		rules = append(rules, FaultRule{Latency: opts.Latency})
	}
	if opts.Fault != "" {
		rules = append(rules, FaultRule{Mode: opts.Fault})
	}
	if opts.FaultRate != 0 {
		rules = append(rules, FaultRule{Mode: FaultRandom, Probability: opts.FaultRate})
	}
	rules = append(rules, opts.FaultRules...)
	for i, r := range rules {
		if err := r.Check(); err != nil {
			return nil, fmt.Errorf("fault rule %d (%s): %w", i+1, r, err)
		}
	}
	return rules, nil
}

// AddFaultRule adds a rule after the others and returns it with its ID. It is safe to call
// while requests are served; requests already past the rules are not affected.
func (s *Sandbox) AddFaultRule(r FaultRule) (FaultRuleStatus, error) {
	if err := r.Check(); err != nil {
		return FaultRuleStatus{}, err
	}
	rt, _ := parseRoute(r.Route) // Check parsed it
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	s.nextRuleID++
	a := &activeRule{FaultRuleStatus: FaultRuleStatus{ID: s.nextRuleID, FaultRule: r}, route: rt}
	s.rules = append(s.rules, a)
	return a.FaultRuleStatus, nil
}

// FaultRules lists the rules in the order they are tried, spent ones included.
func (s *Sandbox) FaultRules() []FaultRuleStatus {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	out := make([]FaultRuleStatus, 0, len(s.rules))
	for _, a := range s.rules {
		out = append(out, a.FaultRuleStatus)
	}
	return out
}

// RemoveFaultRule removes one rule; an unknown ID is ErrNotFound.
func (s *Sandbox) RemoveFaultRule(id int) error {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	i := slices.IndexFunc(s.rules, func(a *activeRule) bool { return a.ID == id })
	if i < 0 {
		return fmt.Errorf("%w: no fault rule %d", ErrNotFound, id)
	}
	s.rules = slices.Delete(s.rules, i, i+1)
	return nil
}

// ClearFaultRules removes every rule, the starting ones (from Options and the command's
// flags) included. Reset brings the starting ones back.
func (s *Sandbox) ClearFaultRules() {
	s.ctlMu.Lock()
	s.rules = nil
	s.ctlMu.Unlock()
}

// resetFaultRules replaces the rules with the starting ones, none of them fired yet.
func (s *Sandbox) resetFaultRules() {
	s.ctlMu.Lock()
	s.rules, s.nextRuleID = nil, 0
	s.ctlMu.Unlock()
	for _, r := range s.startRules {
		_, _ = s.AddFaultRule(r) // New checked them
	}
}

// firing is what the rules decided for one request.
type firing struct {
	latency time.Duration
	mode    string // "" for none
	ruleID  int    // the rule that chose mode
}

// fireRules tries the rules on r. The rules that match and fire are counted at once, under
// the lock, so that "the first 2 requests" are exactly two even when many arrive together.
func (s *Sandbox) fireRules(r *http.Request) firing {
	s.ctlMu.Lock()
	needParty := false
	for _, a := range s.rules {
		if !a.spent() && (a.MerchantSerialNumber != "" || a.ClientID != "") {
			needParty = true
			break
		}
	}
	s.ctlMu.Unlock()
	var p party
	if needParty {
		p = s.partyOf(r) // takes s.mu; never while holding ctlMu
	}

	var f firing
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	for _, a := range s.rules {
		if a.spent() || !a.route.matches(r.Method, r.URL.Path) || !p.matches(a.FaultRule) {
			continue
		}
		if a.Probability != 0 && a.Probability < 1 && rand.Float64() >= a.Probability {
			continue
		}
		a.Fired++
		f.latency += a.Latency
		if a.Mode != "" {
			f.mode, f.ruleID = a.Mode, a.ID
			if f.mode == FaultRandom {
				modes := TransientFaultModes()
				f.mode = modes[rand.IntN(len(modes))]
			}
			break
		}
	}
	return f
}

// party is who a request is for and from, as far as the fault rules ask.
type party struct {
	msns      []string
	clientIDs []string
}

func (p party) matches(r FaultRule) bool {
	if r.MerchantSerialNumber != "" && !slices.Contains(p.msns, r.MerchantSerialNumber) {
		return false
	}
	if r.ClientID != "" && !slices.ContainsFunc(p.clientIDs, func(id string) bool { return strings.EqualFold(id, r.ClientID) }) {
		return false
	}
	return true
}

// partyOf finds the sales unit and client a request names: its Merchant-Serial-Number, an
// {msn} in its path, and the key set its client_id (header or Basic authentication) or
// subscription key belongs to.
func (s *Sandbox) partyOf(r *http.Request) party {
	var p party
	add := func(list *[]string, v string) {
		if v != "" && !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	add(&p.msns, merchantSerialNumberHeader(r.Header))
	add(&p.msns, r.PathValue("msn"))
	clientID := r.Header.Get(HeaderClientID)
	if user, _, ok := r.BasicAuth(); ok && clientID == "" {
		clientID = basicCredential(user)
	}
	add(&p.clientIDs, clientID)

	s.mu.RLock()
	defer s.mu.RUnlock()
	owner, ok := s.st.byClientID[strings.ToLower(clientID)]
	if !ok {
		owner, ok = s.st.bySubKey[r.Header.Get(HeaderSubscriptionKey)]
	}
	if ok {
		ks := s.st.keySets[owner]
		add(&p.msns, ks.MerchantSerialNumber)
		add(&p.clientIDs, ks.ClientID)
	}
	return p
}
