// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package keyset

import (
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// FingerprintRejected is the fingerprint a refresh stores for keys the API refused. No real
// fingerprint has this shape, so the next plan always shows the key set as changed.
const FingerprintRejected = "rejected"

// Covered is what a verification covers besides the key material: when any of it changes,
// the keys are proven again.
type Covered struct {
	Active         string // the active subscription key slot
	SecretsVersion string // secrets_wo_version as text, "" when not set
	Triggers       string // rotation_triggers in one canonical text, "" when not set
	// Known is false when any of them is not known at plan time.
	Known bool
}

// Stored is what the state holds of a key set.
type Stored struct {
	Environment string
	Verify      bool
	// VerifiedAt is when the keys were last proven; zero when never, or since refused.
	VerifiedAt time.Time
	// KeysChangedAt is when the key material last changed; zero when not known.
	KeysChangedAt time.Time
	// Fingerprint is the stored fingerprint: "" when no keys were applied yet (an import),
	// FingerprintRejected after a refresh found the keys refused.
	Fingerprint string
	// FingerprintBeforeRejection is the fingerprint a refusal replaced, so that keys proven
	// again unchanged keep their age.
	FingerprintBeforeRejection string
	Covered                    Covered
	// KeySet is the stored key material; its secrets are empty when write-only or imported.
	KeySet keys.KeySet
	Active string
}

// Proposed is what a plan proposes for a key set, as far as it is known.
type Proposed struct {
	// KeySet is the configured key material, write-only secrets included.
	KeySet keys.KeySet
	// KeysKnown: every value of KeySet is known.
	KeysKnown bool
	// EnvironmentKnown: KeySet.Environment is known.
	EnvironmentKnown bool
	// Verify is the verify argument; nil while unknown.
	Verify  *bool
	Covered Covered
	// WriteOnly: a secret comes through a write-only argument, so the state will hold none.
	WriteOnly bool
}

// Instant is a planned time: a known value, unknown until apply, or null (zero and known).
type Instant struct {
	At      time.Time
	Unknown bool
}

// IsNull reports a known null.
func (i Instant) IsNull() bool { return !i.Unknown && i.At.IsZero() }

// Planned is what a plan can say before apply.
type Planned struct {
	// Fingerprint of the configured keys; "" while they are not all known.
	Fingerprint   string
	VerifiedAt    Instant
	KeysChangedAt Instant
	// Replace: the environment changed, which replaces the key set (keys never cross).
	Replace bool
	// NoRefreshCheck: a new (or just imported) key set whose secrets are write-only, which
	// refresh can never check; the plan says so once, at its first apply.
	NoRefreshCheck bool
}

// Plan decides what a plan shows for a key set; prior is nil when it is created.
func Plan(p Proposed, prior *Stored) Planned {
	var out Planned
	if p.KeysKnown {
		out.Fingerprint = p.KeySet.Fingerprint()
	}
	out.VerifiedAt = plannedVerifiedAt(p, out.Fingerprint, prior)
	out.KeysChangedAt = plannedKeysChangedAt(out.Fingerprint, prior)
	out.Replace = prior != nil && p.EnvironmentKnown && prior.Environment != p.KeySet.Environment
	firstApply := prior == nil || prior.Fingerprint == ""
	out.NoRefreshCheck = firstApply && p.WriteOnly && (p.Verify == nil || *p.Verify)
	return out
}

// Proves reports whether an apply of the plan proves the keys: verify is on and the plan did
// not keep the last verification.
func (p Planned) Proves(verify bool) bool {
	return verify && (p.VerifiedAt.Unknown || p.VerifiedAt.At.IsZero())
}

// plannedVerifiedAt keeps the last verification while nothing it covered changed; otherwise
// the keys are proven again at apply.
func plannedVerifiedAt(p Proposed, fingerprint string, prior *Stored) Instant {
	if p.Verify != nil && !*p.Verify {
		return Instant{}
	}
	if prior == nil || prior.VerifiedAt.IsZero() || !prior.Verify || fingerprint == "" ||
		prior.Fingerprint != fingerprint || !p.Covered.Known || !prior.Covered.Known || prior.Covered != p.Covered {
		return Instant{Unknown: true}
	}
	return Instant{At: prior.VerifiedAt}
}

// plannedKeysChangedAt moves only when the key material does: a re-verification (a trigger,
// a bumped version, a switch of the active key) leaves it.
func plannedKeysChangedAt(fingerprint string, prior *Stored) Instant {
	if prior == nil || fingerprint == "" || prior.KeysChangedAt.IsZero() {
		return Instant{Unknown: true}
	}
	last := prior.Fingerprint
	if last == FingerprintRejected {
		last = prior.FingerprintBeforeRejection
	}
	if last != fingerprint {
		return Instant{Unknown: true}
	}
	return Instant{At: prior.KeysChangedAt}
}
