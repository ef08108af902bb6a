// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package keys_test

// Fuzz targets. `go test` runs their seed corpus as ordinary tests; run one for real with
//
//	go test ./internal/keys -run='^$' -fuzz='^FuzzCheckClientSecret$' -fuzztime=30s
//
// Every target checks the same promises: no panic; a problem is exactly the package's fixed
// text for that attribute (so it can never quote the input, which may be a secret); and an
// accepted value really has the documented shape, judged by an independent implementation.

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

var commonSeeds = []string{
	"", " ", "\n", "=", "==", "====", "-", "{}", "\x00", "\xff\xfe", "é", "\uff10",
	keys.ExampleClientID, keys.ExampleClientSecret, keys.ExampleSubscriptionKey, keys.ExampleMerchantSerialNumber,
	strings.ToUpper(keys.ExampleClientID), "{" + keys.ExampleClientID + "}", keys.ExampleClientID + "\n",
	strings.TrimRight(keys.ExampleClientSecret, "="), "Y8Kteew6GE2ZmeycEt6egh==", "Y8Kteew6GE2Z\nmeycEt6egg==",
	"-__7__v_-__7__v_-__7_w==", "+/+/+/+/+/+/+/+/+/+/+w==", "AAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA==",
	"1234", "123", "12345678901", "test", "production", "Test", "AAAA", "AAAAAA==",
}

func addSeeds(f *testing.F) {
	for _, s := range commonSeeds {
		f.Add(s)
	}
}

// whitespaceProblem is the shape of the problem of a value whose only fault is the whitespace
// around it.
var whitespaceProblem = regexp.MustCompile(`^has ((a leading newline|leading whitespace)( and ` +
	`(a trailing newline|trailing whitespace with a newline|trailing whitespace))?|a trailing newline|` +
	`trailing whitespace with a newline|trailing whitespace); remove it \(trimspace\(\)\)$`)

// checkProblem fails unless problem is "", exactly want (the fixed text for the attribute), the
// fixed text for an overlong secret, or the whitespace problem of a value that is fine once
// trimmed.
func checkProblem(t *testing.T, input, problem, want string) {
	t.Helper()
	trimmed := strings.TrimSpace(input)
	switch {
	case problem == "" || problem == want:
	case problem == keys.ProblemSecretTooLong && len(input) > keys.SecretMaxLength:
	case whitespaceProblem.MatchString(problem) && trimmed != input && trimmed != "":
	default:
		t.Fatalf("problem for %q is %q, want the fixed text %q", input, problem, want)
	}
	// Belt and braces: with the text fixed, it can only contain the input when the input is a
	// piece of that fixed text.
	if problem != "" && input != "" && strings.Contains(problem, input) && !strings.Contains(want, input) {
		t.Fatalf("problem %q contains the input", problem)
	}
}

var guidShape = regexp.MustCompile(`^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$`)

func FuzzCheckClientID(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		p := keys.CheckClientID(s)
		checkProblem(t, s, p, keys.ProblemClientID)

		// Independent judgement: 36 bytes, hyphens at 8, 13, 18, 23, 16 bytes of hex elsewhere.
		want := len(s) == 36
		if want {
			for _, i := range []int{8, 13, 18, 23} {
				want = want && s[i] == '-'
			}
			b, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
			want = want && err == nil && len(b) == 16
		}
		if (p == "") != want {
			t.Fatalf("CheckClientID(%q) = %q, independent check says ok=%v", s, p, want)
		}
		if p == "" && !guidShape.MatchString(s) {
			t.Fatalf("accepted %q, which is not 8-4-4-4-12", s)
		}
	})
}

func FuzzCheckClientSecret(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		p := keys.CheckClientSecret(s)
		checkProblem(t, s, p, keys.ProblemClientSecret)

		// Independent judgement: the lenient decoder (which skips \r and \n and tolerates
		// trailing bits) plus a byte-exact round trip.
		b, err := base64.StdEncoding.DecodeString(s)
		want := err == nil && len(b) >= keys.ClientSecretMinBytes && base64.StdEncoding.EncodeToString(b) == s &&
			len(s) <= keys.SecretMaxLength
		if (p == "") != want {
			t.Fatalf("CheckClientSecret(%q) = %q, independent check says ok=%v", s, p, want)
		}
		if p == "" && len(s) < keys.SecretMinLength {
			t.Fatalf("accepted %q, shorter than the %d characters the client can mask", s, keys.SecretMinLength)
		}
		if p == "" {
			// An accepted secret re-encodes to itself and carries no whitespace.
			if re := base64.StdEncoding.EncodeToString(b); re != s {
				t.Fatalf("accepted %q re-encodes to %q", s, re)
			}
			if strings.ContainsAny(s, " \t\r\n") || len(s)%4 != 0 {
				t.Fatalf("accepted %q with whitespace or without padding", s)
			}
		}
	})
}

func FuzzCheckSubscriptionKey(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		p := keys.CheckSubscriptionKey(s)
		checkProblem(t, s, p, keys.ProblemSubscriptionKey)

		hexBytes, hexErr := hex.DecodeString(s)
		isHex32 := hexErr == nil && len(hexBytes) == 16
		b, err := base64.StdEncoding.DecodeString(s)
		isBase64 := err == nil && base64.StdEncoding.EncodeToString(b) == s &&
			len(s) >= keys.SecretMinLength && len(s) <= keys.SecretMaxLength
		if (p == "") != (isHex32 || isBase64) {
			t.Fatalf("CheckSubscriptionKey(%q) = %q, independent check says hex32=%v base64=%v", s, p, isHex32, isBase64)
		}
	})
}

func FuzzCheckMerchantSerialNumber(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		p := keys.CheckMerchantSerialNumber(s)
		checkProblem(t, s, p, keys.ProblemMerchantSerialNumber)

		want := len(s) >= keys.MerchantSerialNumberMinDigits && len(s) <= keys.MerchantSerialNumberMaxDigits
		for i := 0; i < len(s); i++ {
			want = want && s[i] >= '0' && s[i] <= '9'
		}
		if (p == "") != want {
			t.Fatalf("CheckMerchantSerialNumber(%q) = %q, independent check says ok=%v", s, p, want)
		}
	})
}

func FuzzCheckEnvironment(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		p := keys.CheckEnvironment(s)
		checkProblem(t, s, p, keys.ProblemEnvironment)
		want := false
		for _, e := range keys.Environments() {
			want = want || s == e
		}
		if (p == "") != want {
			t.Fatalf("CheckEnvironment(%q) = %q, want ok=%v", s, p, want)
		}
		if _, err := keys.BaseURL(s); (err == nil) != want {
			t.Fatalf("BaseURL(%q) error %v disagrees with CheckEnvironment", s, err)
		}
	})
}

// FuzzKeySetProblems: problems agree with Check, arrive in attribute order, never quote a
// secret, and the fingerprint never contains one.
func FuzzKeySetProblems(f *testing.F) {
	f.Add(keys.ExampleMerchantSerialNumber, keys.EnvironmentTest, keys.ExampleClientID, keys.ExampleClientSecret,
		keys.ExampleSubscriptionKey, "")
	f.Add("12", "prod", "{x}", "c2VjcmV0", "primary key", "secondary key")
	f.Add("", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, msn, env, id, secret, primary, secondary string) {
		k := keys.KeySet{
			MerchantSerialNumber: msn, Environment: env, ClientID: id, ClientSecret: secret,
			SubscriptionKeyPrimary: primary, SubscriptionKeySecondary: secondary,
		}
		order := []string{
			keys.AttrMerchantSerialNumber, keys.AttrEnvironment, keys.AttrClientID,
			keys.AttrClientSecret, keys.AttrSubscriptionKeyPrimary, keys.AttrSubscriptionKeySecondary,
		}
		var want []keys.Problem
		for _, attr := range order {
			v := fieldOf(k, attr)
			if attr == keys.AttrSubscriptionKeySecondary && v == "" {
				continue
			}
			if p := keys.Check(attr, v); p != "" {
				want = append(want, keys.Problem{Attribute: attr, Problem: p})
			}
		}
		got := k.Problems()
		if len(got) != len(want) {
			t.Fatalf("Problems() = %v, want %v", got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("Problems()[%d] = %v, want %v", i, got[i], want[i])
			}
		}

		fp := k.Fingerprint()
		if !fingerprintPattern.MatchString(fp) {
			t.Fatalf("Fingerprint() = %q", fp)
		}
		// A secret of 16+ bytes turning up in 64 hex digits by chance is a 2^-64 event.
		for _, s := range secretsOf(k) {
			if len(s) >= 16 && strings.Contains(fp, s) {
				t.Fatalf("fingerprint %s contains a secret", fp)
			}
		}
	})
}

// FuzzGenerate: whatever the randomness, a generated key set passes every check.
func FuzzGenerate(f *testing.F) {
	f.Add(make([]byte, 80))
	f.Add(bytes.Repeat([]byte{0xff}, 80))
	f.Add([]byte("short"))
	f.Fuzz(func(t *testing.T, random []byte) {
		k, err := keys.Generate(bytes.NewReader(random), keys.ExampleMerchantSerialNumber, keys.EnvironmentProduction)
		if len(random) < 80 {
			if err == nil {
				t.Fatalf("Generate succeeded with %d random bytes", len(random))
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if p := k.Problems(); len(p) != 0 {
			t.Fatalf("generated key set %+v has problems %v", k, p)
		}
		for _, s := range []string{k.ClientID, k.ClientSecret, k.SubscriptionKeyPrimary, k.SubscriptionKeySecondary} {
			if !utf8.ValidString(s) {
				t.Fatalf("generated value %q is not UTF-8", s)
			}
		}
	})
}
