// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package keyset_test

import (
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keyset"
)

func exampleKeySet() keys.KeySet {
	return keys.KeySet{
		MerchantSerialNumber:   keys.ExampleMerchantSerialNumber,
		Environment:            keys.EnvironmentTest,
		ClientID:               keys.ExampleClientID,
		ClientSecret:           keys.ExampleClientSecret,
		SubscriptionKeyPrimary: keys.ExampleSubscriptionKey,
	}
}

var (
	verifiedAt = clock.Start.Add(-48 * time.Hour)
	changedAt  = clock.Start.Add(-30 * 24 * time.Hour)
	yes, no    = true, false
)

func covered(active string) keyset.Covered {
	return keyset.Covered{Active: active, Known: true}
}

// proposed is the example key set as a plan proposes it, every value known.
func proposed(edit ...func(*keyset.Proposed)) keyset.Proposed {
	p := keyset.Proposed{KeySet: exampleKeySet(), KeysKnown: true, EnvironmentKnown: true, Verify: &yes,
		Covered: covered(keys.SubscriptionKeyPrimary)}
	for _, e := range edit {
		e(&p)
	}
	return p
}

// stored is the example key set as an earlier apply stored it.
func stored(edit ...func(*keyset.Stored)) *keyset.Stored {
	s := &keyset.Stored{Environment: keys.EnvironmentTest, Verify: true, VerifiedAt: verifiedAt, KeysChangedAt: changedAt,
		Fingerprint: exampleKeySet().Fingerprint(), Covered: covered(keys.SubscriptionKeyPrimary), KeySet: exampleKeySet(),
		Active: keys.SubscriptionKeyPrimary}
	for _, e := range edit {
		e(s)
	}
	return s
}

var (
	kept      = func(at time.Time) keyset.Instant { return keyset.Instant{At: at} }
	unknown   = keyset.Instant{Unknown: true}
	null      = keyset.Instant{}
	otherKeys = func(p *keyset.Proposed) { p.KeySet.SubscriptionKeyPrimary = "00000000000000000000000000000000" }
)

// TestPlan_decidesWhatThePlanShows covers every plan-time decision of the key set: when the
// last verification stands, when the keys are proven again, when the key age moves, when the
// environment replaces, and when a new write-only key set is told refresh cannot check it.
func TestPlan_decidesWhatThePlanShows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		proposed      keyset.Proposed
		prior         *keyset.Stored
		fingerprint   string
		verifiedAt    keyset.Instant
		keysChangedAt keyset.Instant
		replace       bool
		noRefresh     bool
	}{
		{"create", proposed(), nil, exampleKeySet().Fingerprint(), unknown, unknown, false, false},
		{"create, keys unknown", proposed(func(p *keyset.Proposed) { p.KeysKnown = false }), nil, "", unknown, unknown, false, false},
		{"create without verify", proposed(func(p *keyset.Proposed) { p.Verify = &no }), nil,
			exampleKeySet().Fingerprint(), null, unknown, false, false},
		{"create, verify unknown", proposed(func(p *keyset.Proposed) { p.Verify = nil }), nil,
			exampleKeySet().Fingerprint(), unknown, unknown, false, false},
		{"create with write-only secrets", proposed(func(p *keyset.Proposed) { p.WriteOnly = true }), nil,
			exampleKeySet().Fingerprint(), unknown, unknown, false, true},
		{"create with write-only secrets, not verified", proposed(func(p *keyset.Proposed) { p.WriteOnly, p.Verify = true, &no }), nil,
			exampleKeySet().Fingerprint(), null, unknown, false, false},
		{"update with write-only secrets says nothing again", proposed(func(p *keyset.Proposed) { p.WriteOnly = true }), stored(),
			exampleKeySet().Fingerprint(), kept(verifiedAt), kept(changedAt), false, false},
		{"imported, write-only secrets at the first apply", proposed(func(p *keyset.Proposed) { p.WriteOnly = true }),
			stored(func(s *keyset.Stored) { s.Fingerprint, s.VerifiedAt, s.KeysChangedAt = "", time.Time{}, time.Time{} }),
			exampleKeySet().Fingerprint(), unknown, unknown, false, true},
		{"nothing changed", proposed(), stored(), exampleKeySet().Fingerprint(), kept(verifiedAt), kept(changedAt), false, false},
		{"keys changed", proposed(otherKeys), stored(), "", unknown, unknown, false, false},
		{"keys not known yet", proposed(func(p *keyset.Proposed) { p.KeysKnown = false }), stored(), "", unknown, unknown, false, false},
		{"active key switched", proposed(func(p *keyset.Proposed) { p.Covered = covered(keys.SubscriptionKeySecondary) }), stored(),
			exampleKeySet().Fingerprint(), unknown, kept(changedAt), false, false},
		{"secrets version bumped", proposed(func(p *keyset.Proposed) { p.Covered.SecretsVersion = "2" }), stored(),
			exampleKeySet().Fingerprint(), unknown, kept(changedAt), false, false},
		{"rotation trigger changed", proposed(func(p *keyset.Proposed) { p.Covered.Triggers = "rotated=2027" }), stored(),
			exampleKeySet().Fingerprint(), unknown, kept(changedAt), false, false},
		{"rotation trigger unknown", proposed(func(p *keyset.Proposed) { p.Covered.Known = false }), stored(),
			exampleKeySet().Fingerprint(), unknown, kept(changedAt), false, false},
		{"verify turned off", proposed(func(p *keyset.Proposed) { p.Verify = &no }), stored(),
			exampleKeySet().Fingerprint(), null, kept(changedAt), false, false},
		{"verify turned on again", proposed(), stored(func(s *keyset.Stored) { s.Verify, s.VerifiedAt = false, time.Time{} }),
			exampleKeySet().Fingerprint(), unknown, kept(changedAt), false, false},
		{"refused at the last refresh, same keys", proposed(), stored(func(s *keyset.Stored) {
			s.FingerprintBeforeRejection, s.Fingerprint, s.VerifiedAt = s.Fingerprint, keyset.FingerprintRejected, time.Time{}
		}), exampleKeySet().Fingerprint(), unknown, kept(changedAt), false, false},
		{"refused at the last refresh, new keys", proposed(otherKeys), stored(func(s *keyset.Stored) {
			s.FingerprintBeforeRejection, s.Fingerprint, s.VerifiedAt = s.Fingerprint, keyset.FingerprintRejected, time.Time{}
		}), "", unknown, unknown, false, false},
		{"imported: no keys applied yet", proposed(), stored(func(s *keyset.Stored) {
			s.Fingerprint, s.VerifiedAt, s.KeysChangedAt = "", time.Time{}, time.Time{}
		}), exampleKeySet().Fingerprint(), unknown, unknown, false, false},
		{"environment changed", proposed(func(p *keyset.Proposed) { p.KeySet.Environment = keys.EnvironmentProduction }), stored(),
			"", unknown, unknown, true, false},
		{"environment not known yet", proposed(func(p *keyset.Proposed) {
			p.KeySet.Environment, p.EnvironmentKnown, p.KeysKnown = "", false, false
		}), stored(), "", unknown, unknown, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.fingerprint == "" && tc.proposed.KeysKnown {
				tc.fingerprint = tc.proposed.KeySet.Fingerprint()
			}
			got := keyset.Plan(tc.proposed, tc.prior)
			if got.Fingerprint != tc.fingerprint {
				t.Errorf("fingerprint %q, want %q", got.Fingerprint, tc.fingerprint)
			}
			if got.VerifiedAt != tc.verifiedAt {
				t.Errorf("verified_at %+v, want %+v", got.VerifiedAt, tc.verifiedAt)
			}
			if got.KeysChangedAt != tc.keysChangedAt {
				t.Errorf("keys_changed_at %+v, want %+v", got.KeysChangedAt, tc.keysChangedAt)
			}
			if got.Replace != tc.replace {
				t.Errorf("replace %v, want %v", got.Replace, tc.replace)
			}
			if got.NoRefreshCheck != tc.noRefresh {
				t.Errorf("no-refresh note %v, want %v", got.NoRefreshCheck, tc.noRefresh)
			}
		})
	}
}

func TestCheckable_needsVerifiedKeysInState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		s     *keyset.Stored
		check bool
	}{
		{"verified plain keys", stored(), true},
		{"refused at the last refresh", stored(func(s *keyset.Stored) { s.Fingerprint, s.VerifiedAt = keyset.FingerprintRejected, time.Time{} }), true},
		{"verify false", stored(func(s *keyset.Stored) { s.Verify, s.VerifiedAt = false, time.Time{} }), false},
		{"never verified", stored(func(s *keyset.Stored) { s.VerifiedAt = time.Time{} }), false},
		{"write-only secrets", stored(func(s *keyset.Stored) { s.KeySet.ClientSecret, s.KeySet.SubscriptionKeyPrimary = "", "" }), false},
		{"imported", stored(func(s *keyset.Stored) { s.KeySet = keys.KeySet{MerchantSerialNumber: "123456", Environment: "test"} }), false},
	}
	for _, tc := range tests {
		if got := keyset.Checkable(*tc.s); got != tc.check {
			t.Errorf("%s: Checkable = %v, want %v", tc.name, got, tc.check)
		}
	}
}
