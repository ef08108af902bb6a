// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// Errors of the state-changing methods. Admin endpoints map them to 404 and 409.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
)

// KeySetError lists what is wrong with a key set's formats, in the words of package keys.
type KeySetError struct {
	Problems []keys.Problem
}

func (e *KeySetError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return "invalid key set: " + strings.Join(parts, "; ")
}

// unitKey names the owner of a key set: a sales unit (the same MSN in test and production is
// two sales units), or a partner, whose keys belong to no sales unit (msn is empty).
type unitKey struct {
	environment string
	msn         string
	partner     string
}

func (k unitKey) String() string {
	if k.partner != "" {
		return "partner " + k.partner + " (" + k.environment + ")"
	}
	return k.msn + " (" + k.environment + ")"
}

// grant is what the sandbox remembers about an access token it issued.
type grant struct {
	unit     unitKey
	clientID string
	expires  time.Time
}

// state is everything Reset throws away. Its maps are the indexes that make a token exchange
// O(1): by client_id and by subscription key.
type state struct {
	units      map[unitKey]SalesUnit
	keySets    map[unitKey]keys.KeySet
	byClientID map[string]unitKey // lower case: Azure AD application IDs ignore case
	bySubKey   map[string]unitKey
	tokens     map[[sha256.Size]byte]grant
	// sweptAt is the token count after the last sweep of expired tokens.
	sweptAt int

	// The Management API's objects (management_state.go).
	managementState
}

func newState(d *Data) (*state, error) {
	st := &state{
		units:      make(map[unitKey]SalesUnit, len(d.SalesUnits)),
		keySets:    make(map[unitKey]keys.KeySet, len(d.KeySets)),
		byClientID: make(map[string]unitKey, len(d.KeySets)),
		bySubKey:   make(map[string]unitKey, 2*len(d.KeySets)),
		tokens:     make(map[[sha256.Size]byte]grant),
	}
	for i, u := range d.SalesUnits {
		u = u.normalized().clone()
		if err := u.check(); err != nil {
			return nil, fmt.Errorf("sales_units[%d]: %w", i, err)
		}
		k := unitKey{environment: u.Environment, msn: u.MerchantSerialNumber}
		if _, dup := st.units[k]; dup {
			return nil, fmt.Errorf("sales_units[%d]: sales unit %s is listed twice", i, k)
		}
		st.units[k] = u
	}
	for i, ks := range d.KeySets {
		if _, err := st.addKeySet(ks, ""); err != nil {
			return nil, fmt.Errorf("key_sets[%d]: %w", i, err)
		}
	}
	if err := st.loadManagement(d); err != nil {
		return nil, err
	}
	return st, nil
}

// addKeySet adds a complete key set. A sales unit that does not exist yet is created as an
// API sales unit, so that a data file may be just a list of key sets.
func (st *state) addKeySet(ks keys.KeySet, name string) (keys.KeySet, error) {
	if problems := ks.Problems(); len(problems) > 0 {
		return keys.KeySet{}, &KeySetError{Problems: problems}
	}
	k := unitKey{environment: ks.Environment, msn: ks.MerchantSerialNumber}
	u, exists := st.units[k]
	if exists && u.Kind == KindVippsnummer {
		return keys.KeySet{}, fmt.Errorf("%w: sales unit %s is a Vippsnummer sales unit, which has no API keys", ErrConflict, k)
	}
	if _, has := st.keySets[k]; has {
		return keys.KeySet{}, fmt.Errorf("%w: sales unit %s already has a key set; regenerate its keys instead", ErrConflict, k)
	}
	if err := st.checkUnused(ks, k); err != nil {
		return keys.KeySet{}, err
	}
	if !exists {
		u = SalesUnit{MerchantSerialNumber: ks.MerchantSerialNumber, Environment: ks.Environment, Name: name}.normalized()
	} else if name != "" {
		u.Name = name
	}
	if err := u.check(); err != nil {
		return keys.KeySet{}, err
	}
	st.units[k] = u
	st.index(k, ks)
	return ks, nil
}

// checkUnused makes sure no other sales unit uses ks's client_id or subscription keys: the
// token endpoint finds a key set by them. Errors name the attribute, never the value.
func (st *state) checkUnused(ks keys.KeySet, owner unitKey) error {
	if k, used := st.byClientID[strings.ToLower(ks.ClientID)]; used && k != owner {
		return fmt.Errorf("%w: %s is already used by another key set", ErrConflict, keys.AttrClientID)
	}
	for _, f := range []struct{ attr, value string }{
		{keys.AttrSubscriptionKeyPrimary, ks.SubscriptionKeyPrimary},
		{keys.AttrSubscriptionKeySecondary, ks.SubscriptionKeySecondary},
	} {
		if f.value == "" {
			continue
		}
		if k, used := st.bySubKey[f.value]; used && k != owner {
			return fmt.Errorf("%w: %s is already used by another key set", ErrConflict, f.attr)
		}
	}
	return nil
}

func (st *state) index(k unitKey, ks keys.KeySet) {
	st.keySets[k] = ks
	st.byClientID[strings.ToLower(ks.ClientID)] = k
	st.bySubKey[ks.SubscriptionKeyPrimary] = k
	if ks.SubscriptionKeySecondary != "" {
		st.bySubKey[ks.SubscriptionKeySecondary] = k
	}
}

func (st *state) unindex(k unitKey) {
	ks, ok := st.keySets[k]
	if !ok {
		return
	}
	delete(st.keySets, k)
	delete(st.byClientID, strings.ToLower(ks.ClientID))
	delete(st.bySubKey, ks.SubscriptionKeyPrimary)
	if ks.SubscriptionKeySecondary != "" {
		delete(st.bySubKey, ks.SubscriptionKeySecondary)
	}
}

// regeneratableKeys are the key set attributes the portal has a regenerate button for.
var regeneratableKeys = []string{
	keys.AttrClientID, keys.AttrClientSecret,
	keys.AttrSubscriptionKeyPrimary, keys.AttrSubscriptionKeySecondary,
}

// regenerate replaces the named keys (all of them when attrs is empty) of a sales unit with
// fresh ones from r, as the business portal's regenerate buttons do. The old values stop
// working at once. An API sales unit without keys in this environment gets a full key set.
func (st *state) regenerate(k unitKey, attrs []string, r io.Reader) (keys.KeySet, error) {
	u, ok := st.units[k]
	if !ok {
		return keys.KeySet{}, fmt.Errorf("%w: no sales unit %s", ErrNotFound, k)
	}
	if u.Kind == KindVippsnummer {
		return keys.KeySet{}, fmt.Errorf("%w: sales unit %s is a Vippsnummer sales unit, which has no API keys", ErrConflict, k)
	}
	for _, a := range attrs {
		if !slices.Contains(regeneratableKeys, a) {
			return keys.KeySet{}, fmt.Errorf("cannot regenerate %q: must be one of %s", a, strings.Join(regeneratableKeys, ", "))
		}
	}
	fresh, err := keys.Generate(r, k.msn, k.environment)
	if err != nil {
		return keys.KeySet{}, err
	}
	ks, had := st.keySets[k]
	if !had || len(attrs) == 0 {
		ks = fresh
	} else {
		for _, a := range attrs {
			switch a {
			case keys.AttrClientID:
				ks.ClientID = fresh.ClientID
			case keys.AttrClientSecret:
				ks.ClientSecret = fresh.ClientSecret
			case keys.AttrSubscriptionKeyPrimary:
				ks.SubscriptionKeyPrimary = fresh.SubscriptionKeyPrimary
			case keys.AttrSubscriptionKeySecondary:
				ks.SubscriptionKeySecondary = fresh.SubscriptionKeySecondary
			}
		}
	}
	if err := st.checkUnused(ks, k); err != nil {
		return keys.KeySet{}, err // 122 random bits collided: practically never
	}
	st.unindex(k)
	st.index(k, ks)
	return ks, nil
}

func tokenDigest(token string) [sha256.Size]byte { return sha256.Sum256([]byte(token)) }

// remember stores a grant under the token's digest, so the map holds 32 bytes per token rather
// than the 1000+ character token. Expired grants are swept whenever the map has doubled since
// the last sweep, which keeps the cost per token constant.
func (st *state) remember(token string, g grant, now time.Time) {
	st.tokens[tokenDigest(token)] = g
	if n := len(st.tokens); n >= 1024 && n >= 2*st.sweptAt {
		for d, old := range st.tokens {
			if !now.Before(old.expires) {
				delete(st.tokens, d)
			}
		}
		st.sweptAt = len(st.tokens)
	}
}

// data returns the state as Data, sorted by environment (test first) and MSN.
func (st *state) data() *Data {
	d := &Data{
		SalesUnits: make([]SalesUnit, 0, len(st.units)),
		KeySets:    make([]keys.KeySet, 0, len(st.keySets)),
	}
	for _, u := range st.units {
		d.SalesUnits = append(d.SalesUnits, u.clone())
	}
	for k, ks := range st.keySets {
		if k.partner == "" { // partner key sets are listed by fillManagement
			d.KeySets = append(d.KeySets, ks)
		}
	}
	slices.SortFunc(d.SalesUnits, func(a, b SalesUnit) int {
		return compareUnits(unitKey{environment: a.Environment, msn: a.MerchantSerialNumber},
			unitKey{environment: b.Environment, msn: b.MerchantSerialNumber})
	})
	slices.SortFunc(d.KeySets, func(a, b keys.KeySet) int {
		return compareUnits(unitKey{environment: a.Environment, msn: a.MerchantSerialNumber},
			unitKey{environment: b.Environment, msn: b.MerchantSerialNumber})
	})
	st.fillManagement(d)
	return d
}

// compareUnits orders test before production, then MSNs numerically (they are digit strings,
// so a shorter one is smaller).
func compareUnits(a, b unitKey) int {
	if a.environment != b.environment {
		return cmp.Compare(envRank(a.environment), envRank(b.environment))
	}
	if len(a.msn) != len(b.msn) {
		return cmp.Compare(len(a.msn), len(b.msn))
	}
	return strings.Compare(a.msn, b.msn)
}

func envRank(env string) int { return slices.Index(keys.Environments(), env) }
