// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package keys

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Attribute names of a key set, as users write them in configuration.
const (
	AttrMerchantSerialNumber     = "merchant_serial_number"
	AttrEnvironment              = "environment"
	AttrClientID                 = "client_id"
	AttrClientSecret             = "client_secret"
	AttrSubscriptionKey          = "subscription_key"
	AttrSubscriptionKeyPrimary   = "subscription_key_primary"
	AttrSubscriptionKeySecondary = "subscription_key_secondary"
	AttrActiveSubscriptionKey    = "active_subscription_key"
)

// secretAttributes are the attributes that hold a secret. Vipps MobilePay lists client_id among
// the API keys to keep secret, so it counts; the MSN and the environment do not.
var secretAttributes = []string{
	AttrClientID, AttrClientSecret, AttrSubscriptionKey, AttrSubscriptionKeyPrimary, AttrSubscriptionKeySecondary,
}

// SecretAttributes lists the attributes that hold a secret: the one list that validation,
// log masking and HTTP redaction all start from.
func SecretAttributes() []string { return slices.Clone(secretAttributes) }

// IsSecret reports whether an attribute holds a secret.
func IsSecret(attribute string) bool { return slices.Contains(secretAttributes, attribute) }

// KeySet is one sales unit's API keys in one environment.
type KeySet struct {
	MerchantSerialNumber     string `json:"merchant_serial_number"`
	Environment              string `json:"environment"`
	ClientID                 string `json:"client_id"`
	ClientSecret             string `json:"client_secret"`
	SubscriptionKeyPrimary   string `json:"subscription_key_primary"`
	SubscriptionKeySecondary string `json:"subscription_key_secondary,omitempty"`
}

// Problem is one thing wrong with one attribute of a key set.
type Problem struct {
	Attribute string
	Problem   string
}

// String is the sentence every diagnostic and function uses: the attribute name, its
// problem and a closing period, as in `client_id must be a GUID: ... .`.
func (p Problem) String() string { return p.Attribute + " " + p.Problem + "." }

// Check returns the problem with one named attribute's value, or "" when it is fine or the
// attribute has no format rule. Both subscription key slots follow the subscription key rule.
func Check(attribute, value string) string {
	switch attribute {
	case AttrMerchantSerialNumber:
		return CheckMerchantSerialNumber(value)
	case AttrEnvironment:
		return CheckEnvironment(value)
	case AttrClientID:
		return CheckClientID(value)
	case AttrClientSecret:
		return CheckClientSecret(value)
	case AttrSubscriptionKey, AttrSubscriptionKeyPrimary, AttrSubscriptionKeySecondary:
		return CheckSubscriptionKey(value)
	}
	return ""
}

// Problems returns every problem with a key set, in attribute order. Empty attributes are
// skipped for the optional secondary key only; every other attribute is required.
func (k KeySet) Problems() []Problem {
	fields := []struct{ attr, value string }{
		{AttrMerchantSerialNumber, k.MerchantSerialNumber},
		{AttrEnvironment, k.Environment},
		{AttrClientID, k.ClientID},
		{AttrClientSecret, k.ClientSecret},
		{AttrSubscriptionKeyPrimary, k.SubscriptionKeyPrimary},
		{AttrSubscriptionKeySecondary, k.SubscriptionKeySecondary},
	}
	var problems []Problem
	for _, f := range fields {
		if f.attr == AttrSubscriptionKeySecondary && f.value == "" {
			continue
		}
		if p := Check(f.attr, f.value); p != "" {
			problems = append(problems, Problem{Attribute: f.attr, Problem: p})
		}
	}
	if p := CheckSecondaryDiffers(k.SubscriptionKeyPrimary, k.SubscriptionKeySecondary); p != "" {
		problems = append(problems, Problem{Attribute: AttrSubscriptionKeySecondary, Problem: p})
	}
	return problems
}

// CheckSecondaryDiffers returns the problem of a secondary subscription key that is the primary
// again, or "" (also when either is empty). The portal issues two different keys so that one
// serves while the other is regenerated; the same key twice leaves nothing serving then.
func CheckSecondaryDiffers(primary, secondary string) string {
	primary, secondary = strings.TrimSpace(primary), strings.TrimSpace(secondary)
	if primary == "" || secondary == "" || !sameSubscriptionKey(primary, secondary) {
		return ""
	}
	return ProblemSameSubscriptionKey
}

// ProblemSameSubscriptionKey is CheckSecondaryDiffers' problem.
const ProblemSameSubscriptionKey = "is the same key as " + AttrSubscriptionKeyPrimary + ": the business portal " +
	"shows two different keys, so paste the secondary one there, or leave " + AttrSubscriptionKeySecondary + " out"

// sameSubscriptionKey compares hexadecimal keys in either case, as the gateway accepts them.
func sameSubscriptionKey(a, b string) bool {
	if hex32Pattern.MatchString(a) && hex32Pattern.MatchString(b) {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// LooksSwapped reports whether a client_secret and a subscription key look as if each had been
// pasted in the other's place: the secret is 32 hexadecimal characters, as the portal shows
// subscription keys, and the key is padded Base64 that would pass as a client_secret. Both
// shapes are valid for the other attribute, so this is a hint, never a refusal.
func LooksSwapped(clientSecret, subscriptionKey string) bool {
	return hex32Pattern.MatchString(clientSecret) && strings.HasSuffix(subscriptionKey, "=") &&
		checkClientSecret(subscriptionKey) == ""
}

// Fingerprints are "sha256:" and the first FingerprintHexDigits hexadecimal digits of a SHA-256
// digest of the key material. 64 bits tell one key set's keys from its next ones with certainty
// for practical purposes; the whole digest would cost every key set 48 more bytes of state.
const (
	fingerprintPrefix    = "sha256:"
	FingerprintHexDigits = 16
)

// Fingerprint is a stable, non-secret digest of a key set's key material: the same keys give
// the same fingerprint, and any change of a secret changes it. It lets downstream resources
// react to rotation without seeing the secrets.
func (k KeySet) Fingerprint() string {
	h := sha256.New()
	for _, v := range []string{
		k.Environment, k.MerchantSerialNumber, k.ClientID, k.ClientSecret,
		k.SubscriptionKeyPrimary, k.SubscriptionKeySecondary,
	} {
		// Length prefixes keep ("ab","c") and ("a","bc") apart.
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(v)))
		h.Write(n[:])
		h.Write([]byte(v))
	}
	return fingerprintPrefix + hex.EncodeToString(h.Sum(nil))[:FingerprintHexDigits]
}

// ShortFingerprint turns a fingerprint of earlier builds (the key set's schema version 0), the whole digest
// ("sha256:" and 64 hexadecimal digits), into today's, which is its beginning. Anything else,
// today's fingerprints included, is returned unchanged.
func ShortFingerprint(fingerprint string) string {
	digest, ok := strings.CutPrefix(fingerprint, fingerprintPrefix)
	if !ok || len(digest) != sha256.Size*2 {
		return fingerprint
	}
	if _, err := hex.DecodeString(digest); err != nil {
		return fingerprint
	}
	return fingerprintPrefix + digest[:FingerprintHexDigits]
}

// Generate returns a fresh, well-formed key set for a sales unit, shaped like the keys the
// business portal issues. It reads randomness from r (crypto/rand when nil).
func Generate(r io.Reader, msn, environment string) (KeySet, error) {
	if r == nil {
		r = rand.Reader
	}
	buf := make([]byte, 16+32+16+16)
	if _, err := io.ReadFull(r, buf); err != nil {
		return KeySet{}, fmt.Errorf("generate key set: %w", err)
	}
	if primary, secondary := buf[48:64], buf[64:80]; bytes.Equal(primary, secondary) {
		secondary[15] ^= 1 // only a broken source repeats itself; the portal's two keys always differ
	}
	id := buf[0:16]
	id[6] = (id[6] & 0x0f) | 0x40 // version 4
	id[8] = (id[8] & 0x3f) | 0x80 // RFC 4122 variant
	return KeySet{
		MerchantSerialNumber: msn,
		Environment:          environment,
		ClientID: fmt.Sprintf("%x-%x-%x-%x-%x",
			id[0:4], id[4:6], id[6:8], id[8:10], id[10:16]),
		ClientSecret:             base64.StdEncoding.EncodeToString(buf[16:48]),
		SubscriptionKeyPrimary:   hex.EncodeToString(buf[48:64]),
		SubscriptionKeySecondary: hex.EncodeToString(buf[64:80]),
	}, nil
}

// Credentials are what one token exchange sends: a sales unit's keys with one of its
// subscription keys, or partner keys acting for the merchant named by MerchantSerialNumber.
type Credentials struct {
	Environment          string
	ClientID             string
	ClientSecret         string
	SubscriptionKey      string
	MerchantSerialNumber string
}

// Missing names the credentials that are empty, in the user's words.
func (c Credentials) Missing() []string {
	var out []string
	if c.ClientID == "" {
		out = append(out, AttrClientID)
	}
	if c.ClientSecret == "" {
		out = append(out, AttrClientSecret)
	}
	if c.SubscriptionKey == "" {
		out = append(out, AttrSubscriptionKey)
	}
	return out
}

// SubscriptionKeyAttribute returns the attribute of a subscription key slot ("primary" or
// "secondary").
func SubscriptionKeyAttribute(slot string) string {
	if slot == SubscriptionKeySecondary {
		return AttrSubscriptionKeySecondary
	}
	return AttrSubscriptionKeyPrimary
}

// SubscriptionKey returns the subscription key in a slot ("primary" or "secondary").
func (k KeySet) SubscriptionKey(slot string) string {
	if slot == SubscriptionKeySecondary {
		return k.SubscriptionKeySecondary
	}
	return k.SubscriptionKeyPrimary
}

// Slots lists the subscription key slots the key set holds, the active one first: the order in
// which verification proves them. A secondary active slot without a secondary key falls back to
// the primary.
func (k KeySet) Slots(active string) []string {
	if k.SubscriptionKeySecondary == "" {
		return []string{SubscriptionKeyPrimary}
	}
	if active == SubscriptionKeySecondary {
		return []string{SubscriptionKeySecondary, SubscriptionKeyPrimary}
	}
	return []string{SubscriptionKeyPrimary, SubscriptionKeySecondary}
}

// Credentials returns what a token exchange with the subscription key in slot sends.
func (k KeySet) Credentials(slot string) Credentials {
	return Credentials{
		Environment:          k.Environment,
		ClientID:             k.ClientID,
		ClientSecret:         k.ClientSecret,
		SubscriptionKey:      k.SubscriptionKey(slot),
		MerchantSerialNumber: k.MerchantSerialNumber,
	}
}

// CredentialsJSON is the key set as one JSON object in the shape applications read, with the
// subscription key of the active slot. Its base_url is the environment's public API, which is
// what an application calls; a provider's base_url override (a sandbox, a proxy) is where the
// provider's own requests go and never appears here, so changing it changes nothing stored.
func (k KeySet) CredentialsJSON(active string) string {
	baseURL, _ := BaseURL(k.Environment)
	b, _ := json.Marshal(map[string]string{ // a map: its keys come out sorted, as they always have
		"client_id":              k.ClientID,
		"client_secret":          k.ClientSecret,
		"subscription_key":       k.SubscriptionKey(k.Slots(active)[0]),
		"merchant_serial_number": k.MerchantSerialNumber,
		"base_url":               baseURL,
	})
	return string(b)
}
