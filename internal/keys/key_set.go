package keys

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
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
)

// IsSecret reports whether an attribute holds a secret. Vipps MobilePay lists client_id among
// the API keys to keep secret, so it counts; the MSN and the environment do not.
func IsSecret(attribute string) bool {
	switch attribute {
	case AttrClientID, AttrClientSecret, AttrSubscriptionKey, AttrSubscriptionKeyPrimary, AttrSubscriptionKeySecondary:
		return true
	}
	return false
}

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
	return problems
}

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
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
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
