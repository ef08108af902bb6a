// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package keyset

import (
	"context"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// Applied is what an apply stores for a key set.
type Applied struct {
	Fingerprint   string
	VerifiedAt    time.Time // zero: null (verify is false)
	KeysChangedAt time.Time
	// Outcome is the check the apply made; Status is zero when it made none (verify is false,
	// or the plan kept the last verification).
	Outcome Outcome
}

// OK reports an apply whose keys may be stored.
func (a Applied) OK() bool { return a.Outcome.Status == 0 || a.Outcome.Status == Verified }

// Apply proves the keys of a created or updated key set, unless verify is false or the plan
// kept the last verification (nothing it covered changed), and fills what the plan left unknown.
func (c Checker) Apply(ctx context.Context, ks keys.KeySet, active string, verify bool, planned Planned, purpose Purpose) Applied {
	now := clock.OrReal(c.Clock).Now()
	out := Applied{Fingerprint: ks.Fingerprint(), KeysChangedAt: planned.KeysChangedAt.At}
	if planned.KeysChangedAt.Unknown || out.KeysChangedAt.IsZero() {
		out.KeysChangedAt = now
	}
	switch {
	case !verify:
		return out
	case !planned.Proves(verify):
		out.VerifiedAt = planned.VerifiedAt.At // the plan's promise stands
		return out
	}
	out.Outcome = c.Check(ctx, ks, active, purpose)
	out.VerifiedAt = out.Outcome.At
	return out
}

// Refreshed is what a refresh does to a stored key set.
type Refreshed struct {
	// Outcome of the check; Status is zero when there was nothing to check with.
	Outcome Outcome
	// Stored is the state to keep: unchanged, marked rejected (drift), or healed.
	Stored Stored
	// Drifted: the keys were refused and the state now says so.
	Drifted bool
	// Healed: keys a refresh had found refused work again; their fingerprint is back.
	Healed bool
}

// Refresh re-checks stored keys. Keys the API now refuses (regenerated in the portal) are
// drift: the fingerprint reads FingerprintRejected, so the plan shows the key set must be
// updated. A refresh that proves keys it had found refused restores them, so the next plan is
// empty again. A check that got no answer changes nothing; the caller reports it.
func (c Checker) Refresh(ctx context.Context, stored Stored) Refreshed {
	out := Refreshed{Stored: stored}
	if !Checkable(stored) {
		return out
	}
	out.Outcome = c.Check(ctx, stored.KeySet, stored.Active, Refresh)
	switch out.Outcome.Status {
	case Rejected:
		out.Drifted = true
		if stored.Fingerprint != FingerprintRejected {
			out.Stored.FingerprintBeforeRejection = stored.Fingerprint
		}
		out.Stored.Fingerprint = FingerprintRejected
		out.Stored.VerifiedAt = time.Time{}
	case Verified:
		if stored.Fingerprint == FingerprintRejected {
			out.Healed = true
			out.Stored.Fingerprint = out.Outcome.Fingerprint
			out.Stored.FingerprintBeforeRejection = ""
			out.Stored.VerifiedAt = out.Outcome.At
		}
	}
	return out
}

// Checkable reports whether a refresh can check a stored key set: it must be verified (or
// refused at the last refresh), and the state must hold its secrets, which an imported key set
// (until its first apply) and write-only secrets never do.
func Checkable(s Stored) bool {
	if !s.Verify || (s.VerifiedAt.IsZero() && s.Fingerprint != FingerprintRejected) {
		return false
	}
	ks := s.KeySet
	return ks.ClientID != "" && ks.ClientSecret != "" && ks.SubscriptionKeyPrimary != ""
}
