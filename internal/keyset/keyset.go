// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package keyset is the key set's use case, in plain Go: what to prove when, and what the
// answer means. The resource, the ephemeral key set and the verify action hand it the keys they
// were given and get back a typed Outcome: verified, rejected with its likely cause, or not
// checked and why. The plan-time decisions (fingerprint, verified_at, keys_changed_at, when to
// prove the keys again) are pure functions of their inputs (plan.go).
//
// It knows nothing of Terraform: the adapters in internal/provider translate Terraform values
// in, and outcomes out into state and diagnostics.
package keyset

import (
	"context"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// Purpose is why a key set is checked. It decides how much is proven.
type Purpose int

const (
	// Create and Update: the resource's keys are proven before they are stored.
	Create Purpose = iota + 1
	Update
	// Refresh re-checks keys already stored; only a refusal counts, and it is drift.
	Refresh
	// Open: the ephemeral key set proves the keys it hands on.
	Open
	// Invoke: the verify action proves keys on demand.
	Invoke
)

// options are what a purpose proves. Every purpose proves each subscription key, the active
// one first: the idle key is the one usually regenerated in the portal. A refresh asks nothing
// more, so a fleet's scheduled plan costs one token exchange per key; the others also look at
// the sales unit and, on a refusal, gather what tells its likely causes apart.
func (p Purpose) options(active string, lookup *vipps.Credentials) vipps.VerifyOptions {
	if p == Refresh {
		return vipps.VerifyOptions{Active: active}
	}
	return vipps.VerifyOptions{Active: active, CheckSalesUnit: true, Lookup: lookup, Investigate: true}
}

// Checker proves key sets through the run's one client.
type Checker struct {
	Client *vipps.Client
	Clock  clock.Clock
	// Lookup, when set, are production keys (the provider's own) that may ask the Management
	// API about a refused production key set's MSN.
	Lookup *vipps.Credentials
}

// Status is what a check came to.
type Status int

const (
	// Verified: every subscription key got an access token.
	Verified Status = iota + 1
	// Rejected: an answer named a key as wrong.
	Rejected
	// NotChecked: no answer said either way.
	NotChecked
)

// Outcome is what one check of a key set found.
type Outcome struct {
	Status      Status
	KeySet      keys.KeySet // whose check this is; callers word the outcome with its MSN
	At          time.Time   // when the check ended
	Fingerprint string
	// Proof is what the client found: tokens, proven slots, the sales unit.
	Proof vipps.KeySetVerification
	// Rejection says which key and why, when Status is Rejected.
	Rejection Rejection
	// Failure says why, when Status is NotChecked.
	Failure vipps.Failure
	// Err is the client's error, already redacted, when Status is not Verified.
	Err error
}

// UnitInactive reports keys that work for an MSN the Management API does not list as an active
// sales unit they reach: worth a warning, since an inactive unit cannot take payments.
func (o Outcome) UnitInactive() bool {
	return o.Status == Verified && o.Proof.SalesUnitFinding == vipps.SalesUnitNotFound
}

// Check proves a key set for a purpose. active is the subscription key slot requests use.
func (c Checker) Check(ctx context.Context, ks keys.KeySet, active string, purpose Purpose) Outcome {
	v, err := c.Client.VerifyKeySet(ctx, ks, purpose.options(active, c.Lookup))
	out := Outcome{KeySet: ks, At: clock.OrReal(c.Clock).Now(), Fingerprint: ks.Fingerprint(), Proof: v, Err: err}
	switch failure := vipps.Classify(err); failure {
	case vipps.FailureNone:
		out.Status = Verified
	case vipps.FailureKeysRejected:
		out.Status = Rejected
		out.Rejection = Rejection{Credential: v.Refused, Cause: likelyCause(ks, v)}
	default:
		out.Status = NotChecked
		out.Failure = failure
	}
	return out
}

// Rejection is a refusal of a key set: the key the answer named, and the likeliest cause.
type Rejection struct {
	// Credential is the attribute refused: client_id, client_secret,
	// subscription_key_primary or subscription_key_secondary.
	Credential string
	Cause      Cause
}

// Cause is the likeliest reason for a refusal, as far as the evidence goes.
type Cause int

const (
	// CauseUnknown: the refusal named no key the provider knows.
	CauseUnknown Cause = iota
	// CauseNoSuchUnit: the Management API knows no active sales unit with API keys under the
	// MSN: a Vippsnummer unit (which has no keys), an inactive unit, or a mistyped MSN.
	CauseNoSuchUnit
	// CauseKeysOfAnotherUnit: the keys work without the MSN, so they belong to another sales
	// unit than the MSN names (often a mistyped MSN).
	CauseKeysOfAnotherUnit
	// CauseKeyReplaced: one subscription key is refused while another of the set works: it was
	// regenerated in the portal or mistyped.
	CauseKeyReplaced
	// CauseOtherEnvironment: every subscription key of the set is unknown here, which is what
	// keys of the other environment look like.
	CauseOtherEnvironment
	// CauseWrongSubscriptionKey: the set's only subscription key is refused and nothing tells
	// why: mistyped or regenerated, or of the other environment.
	CauseWrongSubscriptionKey
	// CauseUnknownClientID: Azure AD does not know the client_id.
	CauseUnknownClientID
	// CauseWrongClientSecret: Azure AD refused the client_secret.
	CauseWrongClientSecret
)

// likelyCause weighs what the check found. The Management API's word on the MSN comes first:
// it is the only evidence about the sales unit itself.
func likelyCause(ks keys.KeySet, v vipps.KeySetVerification) Cause {
	switch v.Refused {
	case keys.AttrClientID:
		return CauseUnknownClientID
	case keys.AttrClientSecret:
		return CauseWrongClientSecret
	case keys.AttrSubscriptionKeyPrimary, keys.AttrSubscriptionKeySecondary:
	default:
		return CauseUnknown
	}
	switch {
	case v.SalesUnitFinding == vipps.SalesUnitNotFound:
		return CauseNoSuchUnit
	case v.WorksWithoutMSN:
		return CauseKeysOfAnotherUnit
	case len(v.Proven) > 0:
		return CauseKeyReplaced
	case len(v.AlsoRefused) > 0 && len(ks.Slots("")) == len(v.AlsoRefused)+1:
		return CauseOtherEnvironment
	}
	return CauseWrongSubscriptionKey
}

// RejectionOf is the rejection one refused token exchange names, without the evidence a check
// of a whole key set gathers: for components that use one credential (the access token).
func RejectionOf(err error) Rejection {
	switch refused := vipps.RefusedCredential(err); refused {
	case keys.AttrClientID:
		return Rejection{Credential: refused, Cause: CauseUnknownClientID}
	case keys.AttrClientSecret:
		return Rejection{Credential: refused, Cause: CauseWrongClientSecret}
	case keys.AttrSubscriptionKey:
		return Rejection{Credential: refused, Cause: CauseWrongSubscriptionKey}
	}
	return Rejection{}
}
