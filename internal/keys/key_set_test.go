// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package keys_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// exampleKeySet is MSN 123456 in test with the keys from Vipps MobilePay's API keys page.
func exampleKeySet() keys.KeySet {
	return keys.KeySet{
		MerchantSerialNumber:   keys.ExampleMerchantSerialNumber,
		Environment:            keys.EnvironmentTest,
		ClientID:               keys.ExampleClientID,
		ClientSecret:           keys.ExampleClientSecret,
		SubscriptionKeyPrimary: keys.ExampleSubscriptionKey,
	}
}

func TestCheck_dispatchesByAttributeName(t *testing.T) {
	for _, tc := range []struct {
		attr, value, want string
	}{
		{keys.AttrMerchantSerialNumber, "12", keys.ProblemMerchantSerialNumber},
		{keys.AttrEnvironment, "prod", keys.ProblemEnvironment},
		{keys.AttrClientID, "nope", keys.ProblemClientID},
		{keys.AttrClientSecret, "nope", keys.ProblemClientSecret},
		{keys.AttrSubscriptionKey, "no pe", keys.ProblemSubscriptionKey},
		{keys.AttrSubscriptionKeyPrimary, "no pe", keys.ProblemSubscriptionKey},
		{keys.AttrSubscriptionKeySecondary, "no pe", keys.ProblemSubscriptionKey},
		{"active_subscription_key", "anything", ""},
		{"", "", ""},
	} {
		if got := keys.Check(tc.attr, tc.value); got != tc.want {
			t.Errorf("Check(%q, %q) = %q, want %q", tc.attr, tc.value, got, tc.want)
		}
	}
}

func TestProblem_String(t *testing.T) {
	p := keys.Problem{Attribute: keys.AttrClientID, Problem: keys.ProblemClientID}
	if got, want := p.String(), "client_id "+keys.ProblemClientID+"."; got != want {
		t.Fatalf("String() = %q, want %q", got, want)
	}
}

func TestKeySet_Problems(t *testing.T) {
	withSecondary := exampleKeySet()
	withSecondary.SubscriptionKeySecondary = "da7d5b0e18a84aeda961c0c31b75c2a9"

	badSecondary := exampleKeySet()
	badSecondary.SubscriptionKeySecondary = "not a key"

	production := exampleKeySet()
	production.Environment = keys.EnvironmentProduction

	badSecret := exampleKeySet()
	badSecret.ClientSecret = strings.TrimRight(keys.ExampleClientSecret, "=")

	sameKeyTwice := exampleKeySet()
	sameKeyTwice.SubscriptionKeySecondary = strings.ToUpper(keys.ExampleSubscriptionKey)

	allBad := keys.KeySet{
		MerchantSerialNumber:     "12",
		Environment:              "prod",
		ClientID:                 "{" + keys.ExampleClientID + "}",
		ClientSecret:             "c2VjcmV0",
		SubscriptionKeyPrimary:   "primary key",
		SubscriptionKeySecondary: "secondary key",
	}

	for _, tc := range []struct {
		name string
		ks   keys.KeySet
		want []string // attributes with problems, in order
	}{
		{"example", exampleKeySet(), nil},
		{"example with a secondary key", withSecondary, nil},
		{"production", production, nil},
		{"bad secondary key", badSecondary, []string{keys.AttrSubscriptionKeySecondary}},
		{"the primary key again as the secondary, in upper case", sameKeyTwice, []string{keys.AttrSubscriptionKeySecondary}},
		{"unpadded secret", badSecret, []string{keys.AttrClientSecret}},
		{"empty: every required attribute, never the optional secondary key", keys.KeySet{}, []string{
			keys.AttrMerchantSerialNumber, keys.AttrEnvironment, keys.AttrClientID,
			keys.AttrClientSecret, keys.AttrSubscriptionKeyPrimary,
		}},
		{"everything wrong, in attribute order", allBad, []string{
			keys.AttrMerchantSerialNumber, keys.AttrEnvironment, keys.AttrClientID,
			keys.AttrClientSecret, keys.AttrSubscriptionKeyPrimary, keys.AttrSubscriptionKeySecondary,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			problems := tc.ks.Problems()
			var got []string
			for _, p := range problems {
				got = append(got, p.Attribute)
				want := keys.Check(p.Attribute, fieldOf(tc.ks, p.Attribute))
				if want == "" && p.Attribute == keys.AttrSubscriptionKeySecondary {
					want = keys.CheckSecondaryDiffers(tc.ks.SubscriptionKeyPrimary, tc.ks.SubscriptionKeySecondary)
				}
				if p.Problem != want {
					t.Errorf("%s: problem %q, want %q", p.Attribute, p.Problem, want)
				}
				for _, secret := range secretsOf(tc.ks) {
					// The fixed texts quote the public examples (and so every piece of them);
					// any other value turning up in a problem is a leak.
					if len(secret) >= 4 && strings.Contains(p.String(), secret) && !strings.Contains(fixedTexts, secret) {
						t.Errorf("problem %q quotes a secret", p.String())
					}
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("problems on %v, want %v", got, tc.want)
			}
		})
	}
}

// fixedTexts is every problem text the package can return.
var fixedTexts = strings.Join([]string{
	keys.ProblemMerchantSerialNumber, keys.ProblemEnvironment, keys.ProblemClientID,
	keys.ProblemClientSecret, keys.ProblemSubscriptionKey, keys.ProblemSameSubscriptionKey,
}, "\n")

func fieldOf(k keys.KeySet, attr string) string {
	switch attr {
	case keys.AttrMerchantSerialNumber:
		return k.MerchantSerialNumber
	case keys.AttrEnvironment:
		return k.Environment
	case keys.AttrClientID:
		return k.ClientID
	case keys.AttrClientSecret:
		return k.ClientSecret
	case keys.AttrSubscriptionKeyPrimary:
		return k.SubscriptionKeyPrimary
	case keys.AttrSubscriptionKeySecondary:
		return k.SubscriptionKeySecondary
	}
	panic("unknown attribute " + attr)
}

func secretsOf(k keys.KeySet) []string {
	return []string{k.ClientSecret, k.SubscriptionKeyPrimary, k.SubscriptionKeySecondary}
}

var fingerprintPattern = regexp.MustCompile(`^sha256:[0-9a-f]{16}$`)

func TestKeySet_Fingerprint_isStable(t *testing.T) {
	// Pinned: a change here changes every user's fingerprint, and with it everything that
	// reacts to rotation. Change it only on purpose and say so in the changelog.
	// Schema version 1 shortened it to the digest's first 16 hex digits (ShortFingerprint carries old
	// states over).
	const want = "sha256:6994428b3740cc24"
	k := exampleKeySet()
	if got := k.Fingerprint(); got != want {
		t.Fatalf("Fingerprint() = %s, want %s", got, want)
	}
	if again := exampleKeySet(); again.Fingerprint() != k.Fingerprint() {
		t.Fatal("equal key sets, different fingerprints")
	}
	if !fingerprintPattern.MatchString(k.Fingerprint()) {
		t.Fatalf("Fingerprint() = %q, want sha256:<16 hex>", k.Fingerprint())
	}
}

func TestShortFingerprint_carriesOldFingerprintsOver(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ old, want string }{
		{"sha256:6994428b3740cc248ea291a235736497f819f0008e8536583ded4dea9ec1edb9", exampleKeySet().Fingerprint()},
		{exampleKeySet().Fingerprint(), exampleKeySet().Fingerprint()},
		{"rejected", "rejected"},
		{"", ""},
		{"sha256:a6566321d1f2ce14dc8326928392441b7b9289f1070222d9a43122e0869705ag", "sha256:a6566321d1f2ce14dc8326928392441b7b9289f1070222d9a43122e0869705ag"},
		{"md5:a6566321d1f2ce14dc8326928392441b7b9289f1070222d9a43122e0869705af", "md5:a6566321d1f2ce14dc8326928392441b7b9289f1070222d9a43122e0869705af"},
	} {
		if got := keys.ShortFingerprint(tc.old); got != tc.want {
			t.Errorf("ShortFingerprint(%q) = %q, want %q", tc.old, got, tc.want)
		}
	}
}

func TestKeySet_Fingerprint_changesWithEveryAttribute(t *testing.T) {
	base := exampleKeySet()
	base.SubscriptionKeySecondary = "da7d5b0e18a84aeda961c0c31b75c2a9"
	seen := map[string]string{base.Fingerprint(): "base"}

	mutations := map[string]func(*keys.KeySet){
		"merchant_serial_number":             func(k *keys.KeySet) { k.MerchantSerialNumber = "123457" },
		"environment":                        func(k *keys.KeySet) { k.Environment = keys.EnvironmentProduction },
		"client_id":                          func(k *keys.KeySet) { k.ClientID = "fb492b5e-7907-4d83-ba20-c7fb60ca35df" },
		"client_id case":                     func(k *keys.KeySet) { k.ClientID = strings.ToUpper(k.ClientID) },
		"client_secret":                      func(k *keys.KeySet) { k.ClientSecret = "Y8Kteew6GE2ZmeycEt6egA==" },
		"subscription_key_primary":           func(k *keys.KeySet) { k.SubscriptionKeyPrimary = "0f14ebcab0ec4b29ae0cb90d91b4a84b" },
		"subscription_key_secondary":         func(k *keys.KeySet) { k.SubscriptionKeySecondary = "da7d5b0e18a84aeda961c0c31b75c2a8" },
		"subscription_key_secondary removed": func(k *keys.KeySet) { k.SubscriptionKeySecondary = "" },
		"primary and secondary swapped": func(k *keys.KeySet) {
			k.SubscriptionKeyPrimary, k.SubscriptionKeySecondary = k.SubscriptionKeySecondary, k.SubscriptionKeyPrimary
		},
		// Length prefixes keep neighbouring fields apart.
		"characters moved between fields": func(k *keys.KeySet) {
			k.Environment += k.MerchantSerialNumber[:1]
			k.MerchantSerialNumber = k.MerchantSerialNumber[1:]
		},
	}
	for name, mutate := range mutations {
		k := base
		mutate(&k)
		fp := k.Fingerprint()
		if prev, dup := seen[fp]; dup {
			t.Errorf("%s: same fingerprint as %s", name, prev)
		}
		seen[fp] = name
	}
}

func TestKeySet_Fingerprint_neverContainsASecret(t *testing.T) {
	rng := rand.NewChaCha8([32]byte{1})
	for i := 0; i < 200; i++ {
		k, err := keys.Generate(rng, "123456", keys.EnvironmentTest)
		if err != nil {
			t.Fatal(err)
		}
		fp := k.Fingerprint()
		if !fingerprintPattern.MatchString(fp) {
			t.Fatalf("Fingerprint() = %q, want sha256:<16 hex>", fp)
		}
		for _, secret := range secretsOf(k) {
			// Any 8-character piece of a secret in the digest would leak part of it.
			for j := 0; j+8 <= len(secret); j++ {
				if strings.Contains(fp, strings.ToLower(secret[j:j+8])) {
					t.Fatalf("fingerprint %s contains part of a secret", fp)
				}
			}
		}
	}
}

func TestGenerate_passesEveryCheck(t *testing.T) {
	rng := rand.NewChaCha8([32]byte{2})
	for _, env := range keys.Environments() {
		for i := 0; i < 500; i++ {
			k, err := keys.Generate(rng, "100000", env)
			if err != nil {
				t.Fatal(err)
			}
			if p := k.Problems(); len(p) != 0 {
				t.Fatalf("generated key set %+v has problems: %v", k, p)
			}
			if k.SubscriptionKeySecondary == "" || k.SubscriptionKeySecondary == k.SubscriptionKeyPrimary {
				t.Fatalf("generated key set has no distinct secondary key: %+v", k)
			}
			// Shaped like portal keys: a version 4 GUID, a lower-case 32-hex subscription key.
			if k.ClientID[14] != '4' || !strings.ContainsRune("89ab", rune(k.ClientID[19])) {
				t.Fatalf("client_id %s is not a version 4, RFC 4122 variant GUID", k.ClientID)
			}
			if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(k.SubscriptionKeyPrimary) {
				t.Fatalf("subscription_key_primary %s is not 32 lower-case hex", k.SubscriptionKeyPrimary)
			}
		}
	}
}

func TestGenerate_isDeterministicWithAFixedReader(t *testing.T) {
	seq := make([]byte, 80)
	for i := range seq {
		seq[i] = byte(i)
	}
	want := keys.KeySet{
		MerchantSerialNumber:     "123456",
		Environment:              keys.EnvironmentTest,
		ClientID:                 "00010203-0405-4607-8809-0a0b0c0d0e0f",
		ClientSecret:             "EBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8=",
		SubscriptionKeyPrimary:   "303132333435363738393a3b3c3d3e3f",
		SubscriptionKeySecondary: "404142434445464748494a4b4c4d4e4f",
	}
	for i := 0; i < 2; i++ {
		got, err := keys.Generate(bytes.NewReader(seq), "123456", keys.EnvironmentTest)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("run %d: Generate = %+v, want %+v", i, got, want)
		}
	}

	a, _ := keys.Generate(rand.NewChaCha8([32]byte{3}), "123456", keys.EnvironmentTest)
	b, _ := keys.Generate(rand.NewChaCha8([32]byte{3}), "123456", keys.EnvironmentTest)
	c, _ := keys.Generate(rand.NewChaCha8([32]byte{4}), "123456", keys.EnvironmentTest)
	if a != b {
		t.Fatal("same seed, different key sets")
	}
	if a.Fingerprint() == c.Fingerprint() {
		t.Fatal("different seeds, same key set")
	}
}

func TestGenerate_usesCryptoRandWhenReaderIsNil(t *testing.T) {
	a, err := keys.Generate(nil, "123456", keys.EnvironmentTest)
	if err != nil {
		t.Fatal(err)
	}
	b, err := keys.Generate(nil, "123456", keys.EnvironmentTest)
	if err != nil {
		t.Fatal(err)
	}
	if p := a.Problems(); len(p) != 0 {
		t.Fatalf("problems: %v", p)
	}
	if a.ClientSecret == b.ClientSecret {
		t.Fatal("two key sets from crypto/rand share a client_secret")
	}
}

func TestGenerate_failsOnAShortReader(t *testing.T) {
	_, err := keys.Generate(bytes.NewReader(make([]byte, 79)), "123456", keys.EnvironmentTest)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v, want io.ErrUnexpectedEOF", err)
	}
	_, err = keys.Generate(bytes.NewReader(nil), "123456", keys.EnvironmentTest)
	if !errors.Is(err, io.EOF) {
		t.Fatalf("err = %v, want io.EOF", err)
	}
}

func TestKeySet_slotsActiveFirst(t *testing.T) {
	t.Parallel()
	both := keys.KeySet{SubscriptionKeyPrimary: "p", SubscriptionKeySecondary: "s"}
	primaryOnly := keys.KeySet{SubscriptionKeyPrimary: "p"}
	for _, tc := range []struct {
		ks     keys.KeySet
		active string
		want   []string
	}{
		{both, keys.SubscriptionKeyPrimary, []string{keys.SubscriptionKeyPrimary, keys.SubscriptionKeySecondary}},
		{both, "", []string{keys.SubscriptionKeyPrimary, keys.SubscriptionKeySecondary}},
		{both, keys.SubscriptionKeySecondary, []string{keys.SubscriptionKeySecondary, keys.SubscriptionKeyPrimary}},
		{primaryOnly, keys.SubscriptionKeySecondary, []string{keys.SubscriptionKeyPrimary}},
	} {
		got := tc.ks.Slots(tc.active)
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("Slots(%q) of %+v = %v, want %v", tc.active, tc.ks, got, tc.want)
		}
		if c := tc.ks.Credentials(got[0]); c.SubscriptionKey != tc.ks.SubscriptionKey(got[0]) {
			t.Errorf("Credentials(%s) carry the wrong subscription key", got[0])
		}
	}
}

func TestKeySet_credentialsJSONNamesThePublicAPI(t *testing.T) {
	t.Parallel()
	ks := keys.KeySet{
		MerchantSerialNumber: keys.ExampleMerchantSerialNumber, Environment: keys.EnvironmentProduction,
		ClientID: keys.ExampleClientID, ClientSecret: keys.ExampleClientSecret,
		SubscriptionKeyPrimary: keys.ExampleSubscriptionKey, SubscriptionKeySecondary: "da7d5b0e18a84aeda961c0c31b75c2a9",
	}
	want := `{"base_url":"https://api.vipps.no","client_id":"` + keys.ExampleClientID + `","client_secret":"` +
		keys.ExampleClientSecret + `","merchant_serial_number":"123456","subscription_key":"da7d5b0e18a84aeda961c0c31b75c2a9"}`
	if got := ks.CredentialsJSON(keys.SubscriptionKeySecondary); got != want {
		t.Errorf("CredentialsJSON =\n%s\nwant\n%s", got, want)
	}
}

func TestCheckSecondaryDiffers(t *testing.T) {
	t.Parallel()
	const hexKey, base64Key = "0f14ebcab0ec4b29ae0cb90d91b4a84a", "c2VjcmV0LWtleQ=="
	for _, tc := range []struct {
		name, primary, secondary string
		same                     bool
	}{
		{"two different keys", hexKey, "da7d5b0e18a84aeda961c0c31b75c2a9", false},
		{"the same hexadecimal key", hexKey, hexKey, true},
		{"the same hexadecimal key in another case", hexKey, strings.ToUpper(hexKey), true},
		{"the same key with a pasted newline", hexKey, hexKey + "\n", true},
		{"the same Base64 key", base64Key, base64Key, true},
		{"Base64 differs in case: another key", base64Key, strings.ToUpper(base64Key), false},
		{"no secondary", hexKey, "", false},
		{"no primary", "", hexKey, false},
	} {
		got := keys.CheckSecondaryDiffers(tc.primary, tc.secondary)
		if (got != "") != tc.same {
			t.Errorf("%s: CheckSecondaryDiffers = %q, want a problem: %v", tc.name, got, tc.same)
		}
		if strings.Contains(got, tc.primary) && tc.primary != "" {
			t.Errorf("%s: the problem quotes the key: %q", tc.name, got)
		}
	}
}

func TestLooksSwapped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, secret, key string
		want              bool
	}{
		{"as the portal shows them", keys.ExampleClientSecret, keys.ExampleSubscriptionKey, false},
		{"swapped", keys.ExampleSubscriptionKey, keys.ExampleClientSecret, true},
		{"swapped, the key in upper case", strings.ToUpper(keys.ExampleSubscriptionKey), keys.ExampleClientSecret, true},
		{"secret shaped like a key, key a hexadecimal one too", keys.ExampleSubscriptionKey, "da7d5b0e18a84aeda961c0c31b75c2a9", false},
		{"key in unpadded Base64", keys.ExampleSubscriptionKey, "c2VjcmV0LWtleS0xMjM0NTY3ODkw", false},
		{"key too short for a client_secret", keys.ExampleSubscriptionKey, "c2VjcmV0LWs=", false},
	} {
		if got := keys.LooksSwapped(tc.secret, tc.key); got != tc.want {
			t.Errorf("%s: LooksSwapped = %v, want %v", tc.name, got, tc.want)
		}
	}
}
