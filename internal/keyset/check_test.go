// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package keyset_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keyset"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// world is a sandbox behind a real HTTP server and a checker of it, with a fake clock and no
// retries, so every outcome comes from one answer.
type world struct {
	sb     *sandbox.Sandbox
	url    string
	clk    *clock.Fake
	lookup *vipps.Credentials
}

func newWorld(t *testing.T, lookup bool) *world {
	t.Helper()
	clk := clock.NewFake(clock.Start)
	sb, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	w := &world{sb: sb, url: srv.URL, clk: clk}
	if lookup {
		p := sb.PartnerKeySets()[0]
		creds := p.Credentials(keys.SubscriptionKeyPrimary)
		w.lookup = &creds
	}
	return w
}

// run is the checker of one Terraform run: a client of its own, whose token cache starts empty.
func (w *world) run() keyset.Checker {
	return keyset.Checker{Client: vipps.New(vipps.Config{BaseURL: w.url, Clock: w.clk}), Clock: w.clk, Lookup: w.lookup}
}

func (w *world) keySet(t *testing.T, msn, environment string) keys.KeySet {
	t.Helper()
	for _, ks := range w.sb.KeySets() {
		if ks.MerchantSerialNumber == msn && ks.Environment == environment {
			return ks
		}
	}
	t.Fatalf("no key set for MSN %s in %s", msn, environment)
	return keys.KeySet{}
}

const wrongKey = "00000000000000000000000000000000"

// swapDigits is the commonest MSN typo: two neighbouring digits swapped.
func swapDigits(msn string) string {
	b := []byte(msn)
	b[len(b)-2], b[len(b)-1] = b[len(b)-1], b[len(b)-2]
	return string(b)
}

// TestCheck_namesTheLikeliestCauseOfEveryRefusal gives each kind of wrong key set to the
// checker and expects the cause the evidence points at, and the key the answer named.
func TestCheck_namesTheLikeliestCauseOfEveryRefusal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		msn, env string
		lookup   bool
		edit     func(ks *keys.KeySet)
		refused  string
		cause    keyset.Cause
	}{
		{"keys of the other environment", sandbox.DemoMSN, keys.EnvironmentTest, false,
			func(ks *keys.KeySet) { ks.Environment = keys.EnvironmentProduction },
			keys.AttrSubscriptionKeyPrimary, keyset.CauseOtherEnvironment},
		{"a swapped digit in the MSN", sandbox.DemoMSN, keys.EnvironmentTest, false,
			func(ks *keys.KeySet) { ks.MerchantSerialNumber = swapDigits(ks.MerchantSerialNumber) },
			keys.AttrSubscriptionKeyPrimary, keyset.CauseKeysOfAnotherUnit},
		{"keys of another unit, aimed at a Vippsnummer unit", sandbox.DemoMSN, keys.EnvironmentProduction, true,
			func(ks *keys.KeySet) { ks.MerchantSerialNumber = sandbox.DemoMSNVippsnummerProduction },
			keys.AttrSubscriptionKeyPrimary, keyset.CauseNoSuchUnit},
		{"a regenerated idle key", sandbox.DemoMSN, keys.EnvironmentTest, false,
			func(ks *keys.KeySet) { ks.SubscriptionKeySecondary = wrongKey },
			keys.AttrSubscriptionKeySecondary, keyset.CauseKeyReplaced},
		{"a mistyped active key beside a working idle one", sandbox.DemoMSN, keys.EnvironmentTest, false,
			func(ks *keys.KeySet) { ks.SubscriptionKeyPrimary = wrongKey },
			keys.AttrSubscriptionKeyPrimary, keyset.CauseKeyReplaced},
		{"the only subscription key mistyped", sandbox.DemoMSN, keys.EnvironmentTest, false,
			func(ks *keys.KeySet) { ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary = wrongKey, "" },
			keys.AttrSubscriptionKeyPrimary, keyset.CauseWrongSubscriptionKey},
		{"an unknown client_id", sandbox.DemoMSN, keys.EnvironmentTest, false,
			func(ks *keys.KeySet) { ks.ClientID = "00000000-0000-4000-8000-000000000000" },
			keys.AttrClientID, keyset.CauseUnknownClientID},
		{"a regenerated client_secret", sandbox.DemoMSN, keys.EnvironmentTest, false,
			func(ks *keys.KeySet) { ks.ClientSecret = "Y8Kteew6GE2ZmeycEt6egA==" },
			keys.AttrClientSecret, keyset.CauseWrongClientSecret},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, tc.lookup)
			ks := w.keySet(t, tc.msn, tc.env)
			tc.edit(&ks)
			for _, purpose := range []keyset.Purpose{keyset.Create, keyset.Open, keyset.Invoke} {
				out := w.run().Check(context.Background(), ks, keys.SubscriptionKeyPrimary, purpose)
				if out.Status != keyset.Rejected {
					t.Fatalf("purpose %d: status %d (%v), want rejected", purpose, out.Status, out.Err)
				}
				if out.Rejection.Credential != tc.refused || out.Rejection.Cause != tc.cause {
					t.Errorf("purpose %d: refused %q for cause %d, want %q for cause %d", purpose,
						out.Rejection.Credential, out.Rejection.Cause, tc.refused, tc.cause)
				}
			}
		})
	}
}

// TestCheck_provesGoodKeysAndLooksAtTheSalesUnit: a production key set is proven with each of
// its keys and its unit read, at one token exchange per key; a refresh asks nothing more.
func TestCheck_provesGoodKeysAndLooksAtTheSalesUnit(t *testing.T) {
	t.Parallel()
	w := newWorld(t, false)
	ks := w.keySet(t, sandbox.DemoMSN, keys.EnvironmentProduction)

	checker := w.run()
	out := checker.Check(context.Background(), ks, keys.SubscriptionKeyPrimary, keyset.Create)
	if out.Status != keyset.Verified || out.Err != nil {
		t.Fatalf("status %d: %v", out.Status, out.Err)
	}
	if out.Proof.SalesUnit == nil || out.Proof.SalesUnit.MerchantSerialNumber != sandbox.DemoMSN {
		t.Errorf("sales unit %+v, want MSN %s", out.Proof.SalesUnit, sandbox.DemoMSN)
	}
	if out.Fingerprint != ks.Fingerprint() || !out.At.Equal(clock.Start) || out.UnitInactive() {
		t.Errorf("fingerprint %s at %s, unit inactive %v", out.Fingerprint, out.At, out.UnitInactive())
	}
	before := w.sb.Stats()
	refresh := checker.Check(context.Background(), ks, keys.SubscriptionKeyPrimary, keyset.Refresh)
	if refresh.Status != keyset.Verified || refresh.Proof.SalesUnit != nil {
		t.Errorf("refresh: status %d, sales unit %+v: a refresh proves the keys only", refresh.Status, refresh.Proof.SalesUnit)
	}
	if after := w.sb.Stats(); after["GET /management/v1/sales-units/{msn}"] != before["GET /management/v1/sales-units/{msn}"] {
		t.Error("a refresh asked the Management API")
	}
}

func refusingDialer(context.Context, string, string) (net.Conn, error) {
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
}

// TestCheck_saysWhyKeysWereNotChecked: every way of getting no verdict is not checked, with its
// reason, never rejected.
func TestCheck_saysWhyKeysWereNotChecked(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	redirect := httptest.NewServer(http.RedirectHandler("https://login.example/", http.StatusFound))
	t.Cleanup(redirect.Close)
	forbidden := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"statusCode":403,"message":"Forbidden"}`))
	}))
	t.Cleanup(forbidden.Close)
	unavailable := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(unavailable.Close)
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	plain := httptest.NewServer(sb)
	t.Cleanup(plain.Close)

	tests := []struct {
		name    string
		ctx     context.Context
		cfg     vipps.Config
		failure vipps.Failure
	}{
		{"nothing answers", context.Background(), vipps.Config{BaseURL: "http://127.0.0.1:9",
			HTTPClient: &http.Client{Transport: &http.Transport{DialContext: refusingDialer}}}, vipps.FailureUnanswered},
		{"Terraform was interrupted", cancelled, vipps.Config{BaseURL: plain.URL}, vipps.FailureCancelled},
		{"https:// to a plain HTTP server", context.Background(),
			vipps.Config{BaseURL: strings.Replace(plain.URL, "http://", "https://", 1)}, vipps.FailurePlainHTTP},
		{"a redirect", context.Background(), vipps.Config{BaseURL: redirect.URL}, vipps.FailureRedirected},
		{"a 403 that names no key", context.Background(), vipps.Config{BaseURL: forbidden.URL}, vipps.FailureForbidden},
		{"a 503 that outlasts the retries", context.Background(), vipps.Config{BaseURL: unavailable.URL}, vipps.FailureTemporary},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.cfg.RequestTimeout = 5 * time.Second
			checker := keyset.Checker{Client: vipps.New(tc.cfg)}
			out := checker.Check(tc.ctx, ks, keys.SubscriptionKeyPrimary, keyset.Update)
			if out.Status != keyset.NotChecked || out.Failure != tc.failure || out.Err == nil {
				t.Errorf("status %d, failure %d (%v), want not checked for failure %d", out.Status, out.Failure, out.Err, tc.failure)
			}
		})
	}
}

// TestRefresh_refusalIsDriftAndProofHealsIt: a refresh that finds stored keys refused marks the
// state rejected; once the keys work again, the next refresh restores their fingerprint (and
// proof time), so the plan after it is empty. An answerless refresh changes nothing.
func TestRefresh_refusalIsDriftAndProofHealsIt(t *testing.T) {
	t.Parallel()
	w := newWorld(t, false)
	ks := w.keySet(t, sandbox.DemoMSN, keys.EnvironmentTest)
	s := *stored(func(s *keyset.Stored) { s.KeySet, s.Fingerprint = ks, ks.Fingerprint() })

	if r := w.run().Refresh(context.Background(), s); r.Drifted || r.Healed || r.Stored != s {
		t.Fatalf("working keys: drifted %v, healed %v, state changed %v", r.Drifted, r.Healed, r.Stored != s)
	}

	rule, err := w.sb.AddFaultRule(sandbox.FaultRule{Route: "POST /accesstoken/get", Mode: sandbox.Fault401})
	if err != nil {
		t.Fatal(err)
	}
	drift := w.run().Refresh(context.Background(), s)
	if !drift.Drifted || drift.Stored.Fingerprint != keyset.FingerprintRejected || !drift.Stored.VerifiedAt.IsZero() ||
		drift.Stored.FingerprintBeforeRejection != ks.Fingerprint() || drift.Outcome.Rejection.Credential == "" {
		t.Fatalf("refused keys: %+v", drift)
	}
	again := w.run().Refresh(context.Background(), drift.Stored)
	if !again.Drifted || again.Stored.FingerprintBeforeRejection != ks.Fingerprint() {
		t.Errorf("refused twice lost the fingerprint before the refusal: %+v", again.Stored)
	}

	if err := w.sb.RemoveFaultRule(rule.ID); err != nil {
		t.Fatal(err)
	}
	w.clk.Advance(time.Hour)
	healed := w.run().Refresh(context.Background(), drift.Stored)
	if !healed.Healed || healed.Stored.Fingerprint != ks.Fingerprint() || !healed.Stored.VerifiedAt.Equal(w.clk.Now()) ||
		!healed.Stored.KeysChangedAt.Equal(changedAt) {
		t.Fatalf("keys that work again: %+v", healed)
	}
	next := keyset.Plan(proposed(func(p *keyset.Proposed) { p.KeySet = ks }), &healed.Stored)
	if next.VerifiedAt.Unknown || next.KeysChangedAt.Unknown {
		t.Errorf("the plan after healing still changes the key set: %+v", next)
	}

	if _, err := w.sb.AddFaultRule(sandbox.FaultRule{Route: "POST /accesstoken/get", Mode: sandbox.Fault503}); err != nil {
		t.Fatal(err)
	}
	outage := w.run().Refresh(context.Background(), s)
	if outage.Drifted || outage.Stored != s || outage.Outcome.Status != keyset.NotChecked {
		t.Errorf("an outage changed the state or counted as drift: %+v", outage)
	}
}

// TestApply_provesOnlyWhatThePlanLeftOpen: the plan's kept verification stands without a call;
// otherwise the keys are proven, and the key age moves only with the key material.
func TestApply_provesOnlyWhatThePlanLeftOpen(t *testing.T) {
	t.Parallel()
	w := newWorld(t, false)
	ks := w.keySet(t, sandbox.DemoMSN, keys.EnvironmentTest)
	prior := stored(func(s *keyset.Stored) { s.KeySet, s.Fingerprint = ks, ks.Fingerprint() })
	tokens := func() int { return w.sb.Stats()["POST /accesstoken/get"] }
	checker := w.run()

	kept := keyset.Plan(proposed(func(p *keyset.Proposed) { p.KeySet = ks }), prior)
	before := tokens()
	a := checker.Apply(context.Background(), ks, keys.SubscriptionKeyPrimary, true, kept, keyset.Update)
	if !a.OK() || !a.VerifiedAt.Equal(verifiedAt) || !a.KeysChangedAt.Equal(changedAt) || tokens() != before {
		t.Errorf("kept verification: %+v, %d token requests", a, tokens()-before)
	}

	reverify := keyset.Plan(proposed(func(p *keyset.Proposed) { p.KeySet, p.Covered.Triggers = ks, "rotated=1" }), prior)
	a = checker.Apply(context.Background(), ks, keys.SubscriptionKeyPrimary, true, reverify, keyset.Update)
	if !a.OK() || !a.VerifiedAt.Equal(w.clk.Now()) || !a.KeysChangedAt.Equal(changedAt) || a.Outcome.Status != keyset.Verified {
		t.Errorf("re-verification: %+v", a)
	}

	wrong := ks
	wrong.SubscriptionKeyPrimary = wrongKey
	changed := keyset.Plan(proposed(func(p *keyset.Proposed) { p.KeySet = wrong }), prior)
	a = checker.Apply(context.Background(), wrong, keys.SubscriptionKeyPrimary, true, changed, keyset.Update)
	if a.OK() || a.Outcome.Status != keyset.Rejected {
		t.Errorf("a wrong key was applied: %+v", a)
	}

	off := keyset.Plan(proposed(func(p *keyset.Proposed) { p.KeySet, p.Verify = wrong, &no }), prior)
	a = checker.Apply(context.Background(), wrong, keys.SubscriptionKeyPrimary, false, off, keyset.Update)
	if !a.OK() || !a.VerifiedAt.IsZero() || !a.KeysChangedAt.Equal(w.clk.Now()) {
		t.Errorf("verify = false: %+v", a)
	}
}
