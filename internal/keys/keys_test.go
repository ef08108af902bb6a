// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package keys_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// checkCase is one value and whether a Check* function must accept it.
type checkCase struct {
	name  string
	value string
	ok    bool
}

// Problems of a value whose only fault is the whitespace around it.
const (
	leadingSpace    = "has leading whitespace; remove it (trimspace())"
	trailingSpace   = "has trailing whitespace; remove it (trimspace())"
	trailingNewline = "has a trailing newline; remove it (trimspace())"
	quoted          = "is wrapped in quotes that are part of the value (pasted from a shell or a file); remove them"
	leadingNewline  = "has a leading newline; remove it (trimspace())"
)

// runChecks runs a table against one Check* function. A rejected value must get exactly
// the package's fixed problem text, so the text cannot depend on (or quote) the value. The
// text does quote a public example, so a bad value that is a piece of that example (say, the
// example secret without its padding) is "in" the text without having been put there.
func runChecks(t *testing.T, check func(string) string, problem string, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := check(tc.value)
			switch {
			case tc.ok && got != "":
				t.Fatalf("rejected a good value %q: %s", tc.value, got)
			case !tc.ok && got == "":
				t.Fatalf("accepted a bad value %q", tc.value)
			case !tc.ok && onlyWhitespaceWrong(check, tc.value):
				if !strings.HasPrefix(got, "has ") || !strings.HasSuffix(got, "; remove it (trimspace())") {
					t.Fatalf("problem = %q, want the whitespace named", got)
				}
			case !tc.ok && got != problem:
				t.Fatalf("problem = %q, want the package's problem text %q", got, problem)
			}
		})
	}
}

// onlyWhitespaceWrong reports whether value is fine once the whitespace around it is gone.
func onlyWhitespaceWrong(check func(string) string, value string) bool {
	trimmed := strings.TrimSpace(value)
	return trimmed != value && trimmed != "" && check(trimmed) == ""
}

func TestCheck_namesTheWhitespaceAroundAGoodValue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ attribute, value, want string }{
		{keys.AttrClientSecret, keys.ExampleClientSecret + "\n", trailingNewline},
		{keys.AttrClientSecret, keys.ExampleClientSecret + "\r\n", trailingNewline},
		{keys.AttrClientSecret, keys.ExampleClientSecret + " \n", "has trailing whitespace with a newline; remove it (trimspace())"},
		{keys.AttrSubscriptionKeyPrimary, " " + keys.ExampleSubscriptionKey, leadingSpace},
		{keys.AttrSubscriptionKeySecondary, keys.ExampleSubscriptionKey + "\t", trailingSpace},
		{keys.AttrClientID, "\n" + keys.ExampleClientID, leadingNewline},
		{keys.AttrClientID, " " + keys.ExampleClientID + "\n", "has leading whitespace and a trailing newline; remove it (trimspace())"},
		{keys.AttrMerchantSerialNumber, "123456\n", trailingNewline},
		{keys.AttrEnvironment, "test ", trailingSpace},
		// Quotes pasted with the value.
		{keys.AttrClientSecret, `"` + keys.ExampleClientSecret + `"`, quoted},
		{keys.AttrSubscriptionKeyPrimary, "'" + keys.ExampleSubscriptionKey + "'\n", quoted},
		{keys.AttrMerchantSerialNumber, "`123456`", quoted},
		{keys.AttrClientID, `"` + keys.ExampleClientID + "'", keys.ProblemClientID},
		// Whitespace around a value that is wrong anyway: the format is the problem.
		{keys.AttrClientSecret, "not base64!\n", keys.ProblemClientSecret},
		{keys.AttrClientID, "   ", keys.ProblemClientID},
	} {
		if got := keys.Check(tc.attribute, tc.value); got != tc.want {
			t.Errorf("Check(%s, %q) = %q, want %q", tc.attribute, tc.value, got, tc.want)
		}
	}
}

func TestCheck_refusesOverlongSecrets(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("A", keys.SecretMaxLength+4) // canonical Base64, just too long
	for _, attr := range []string{keys.AttrClientSecret, keys.AttrSubscriptionKey} {
		if got := keys.Check(attr, long); got != keys.ProblemSecretTooLong {
			t.Errorf("%s of %d characters: %q, want %q", attr, len(long), got, keys.ProblemSecretTooLong)
		}
	}
	justRight := strings.Repeat("A", keys.SecretMaxLength)
	if got := keys.CheckClientSecret(justRight); got != "" {
		t.Errorf("a client_secret of exactly %d characters is refused: %s", keys.SecretMaxLength, got)
	}
}

func TestCheckClientID(t *testing.T) {
	runChecks(t, keys.CheckClientID, keys.ProblemClientID, []checkCase{
		{"example", keys.ExampleClientID, true},
		{"upper case", strings.ToUpper(keys.ExampleClientID), true},
		{"mixed case", "FB492b5e-7907-4D83-ba20-C7fb60ca35DE", true},
		{"all zero", "00000000-0000-0000-0000-000000000000", true},
		{"empty", "", false},
		{"braces", "{" + keys.ExampleClientID + "}", false},
		{"parentheses", "(" + keys.ExampleClientID + ")", false},
		{"urn prefix", "urn:uuid:" + keys.ExampleClientID, false},
		{"leading space", " " + keys.ExampleClientID, false},
		{"trailing space", keys.ExampleClientID + " ", false},
		{"trailing newline", keys.ExampleClientID + "\n", false},
		{"leading newline", "\n" + keys.ExampleClientID, false},
		{"embedded tab", "fb492b5e-7907-4d83-ba20-\tc7fb60ca35de", false},
		{"no hyphens", strings.ReplaceAll(keys.ExampleClientID, "-", ""), false},
		{"wrong grouping 9-3-4-4-12", "fb492b5e7-907-4d83-ba20-c7fb60ca35de", false},
		{"wrong grouping 8-4-4-16-8", "fb492b5e-7907-4d83-ba20c7fb-60ca35de", false},
		{"underscores", strings.ReplaceAll(keys.ExampleClientID, "-", "_"), false},
		{"non-hex letter", "fb492b5e-7907-4d83-ba20-c7fb60ca35dg", false},
		{"one digit short", keys.ExampleClientID[:len(keys.ExampleClientID)-1], false},
		{"one digit long", keys.ExampleClientID + "0", false},
		{"two GUIDs", keys.ExampleClientID + keys.ExampleClientID, false},
		{"full-width digit", "fb492b5e-7907-4d83-ba20-c7fb60ca35d\uff10", false},
	})
}

func TestCheckClientSecret(t *testing.T) {
	bytes16 := make([]byte, 16)
	bytes15 := make([]byte, 15)
	bytes17 := make([]byte, 17)
	bytes64 := make([]byte, 64)
	urlSafe := base64.URLEncoding.EncodeToString([]byte{
		0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff,
	})
	if !strings.ContainsAny(urlSafe, "-_") {
		t.Fatalf("test setup: %q has no URL-safe characters", urlSafe)
	}
	stdSame := base64.StdEncoding.EncodeToString([]byte{
		0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff, 0xfb, 0xff,
	})

	runChecks(t, keys.CheckClientSecret, keys.ProblemClientSecret, []checkCase{
		{"example", keys.ExampleClientSecret, true},
		{"16 zero bytes", base64.StdEncoding.EncodeToString(bytes16), true},
		{"17 bytes, one pad", base64.StdEncoding.EncodeToString(bytes17), true},
		{"64 bytes, no pad", base64.StdEncoding.EncodeToString(bytes64), true},
		{"standard alphabet + and /", stdSame, true},
		{"empty", "", false},
		{"15 bytes", base64.StdEncoding.EncodeToString(bytes15), false},
		{"4 bytes", "AAAAAA==", false},
		{"unpadded", strings.TrimRight(keys.ExampleClientSecret, "="), false},
		{"half padded", strings.TrimSuffix(keys.ExampleClientSecret, "="), false},
		{"over padded", keys.ExampleClientSecret + "=", false},
		{"URL-safe alphabet", urlSafe, false},
		{"URL-safe unpadded", strings.TrimRight(urlSafe, "="), false},
		{"non-zero trailing bits", "Y8Kteew6GE2ZmeycEt6egh==", false},
		{"non-zero trailing bits, one pad", base64.StdEncoding.EncodeToString(bytes17)[:22] + "B=", false},
		{"embedded newline", "Y8Kteew6GE2Z\nmeycEt6egg==", false},
		{"embedded CRLF", "Y8Kteew6GE2Z\r\nmeycEt6egg==", false},
		{"trailing newline", keys.ExampleClientSecret + "\n", false},
		{"leading space", " " + keys.ExampleClientSecret, false},
		{"trailing space", keys.ExampleClientSecret + " ", false},
		{"embedded tab", "Y8Kteew6GE2Z\tmeycEt6egg==", false},
		{"padding in the middle", "Y8Kteew6GE2Zme==Et6egg==", false},
		{"only padding", "====", false},
		{"not Base64 at all", "not-a-secret-at-all!", false},
		{"non-ASCII", "Y8Kteew6GE2ZmeycEt6eg\u00e9==", false},
		{"hex of 16 bytes is 24 Base64 bytes", keys.ExampleSubscriptionKey, true},
	})
}

func TestCheckSubscriptionKey(t *testing.T) {
	runChecks(t, keys.CheckSubscriptionKey, keys.ProblemSubscriptionKey, []checkCase{
		{"example", keys.ExampleSubscriptionKey, true},
		{"second example", "da7d5b0e18a84aeda961c0c31b75c2a9", true},
		{"upper-case hex", strings.ToUpper(keys.ExampleSubscriptionKey), true},
		{"Base64", keys.ExampleClientSecret, true},
		{"Base64 of the shortest length", "AAAAAA==", true},
		{"Base64 shorter than the redactor masks", "AAAA", false},
		{"Base64 one character short", "AAAAAA=", false},
		{"empty", "", false},
		{"31 hex", keys.ExampleSubscriptionKey[:31], false},
		{"33 hex", keys.ExampleSubscriptionKey + "0", false},
		{"hex in GUID form", "0f14ebca-b0ec-4b29-ae0c-b90d91b4a84a", false},
		{"leading space", " " + keys.ExampleSubscriptionKey, false},
		{"trailing newline", keys.ExampleSubscriptionKey + "\n", false},
		{"embedded newline", keys.ExampleSubscriptionKey[:16] + "\n" + keys.ExampleSubscriptionKey[16:], false},
		{"unpadded Base64", strings.TrimRight(keys.ExampleClientSecret, "="), false},
		{"URL-safe Base64", "-__7__v_-__7__v_-__7_w==", false},
		{"non-zero trailing bits", "Y8Kteew6GE2ZmeycEt6egh==", false},
		{"punctuation", "0f14ebcab0ec4b29ae0cb90d91b4a8!a", false},
	})
}

func TestCheckMerchantSerialNumber(t *testing.T) {
	runChecks(t, keys.CheckMerchantSerialNumber, keys.ProblemMerchantSerialNumber, []checkCase{
		{"example", keys.ExampleMerchantSerialNumber, true},
		{"4 digits", "1234", true},
		{"10 digits", "1234567890", true},
		{"leading zeros", "000123", true},
		{"empty", "", false},
		{"3 digits", "123", false},
		{"11 digits", "12345678901", false},
		{"letter", "12a456", false},
		{"negative", "-123456", false},
		{"plus sign", "+123456", false},
		{"leading space", " 123456", false},
		{"trailing newline", "123456\n", false},
		{"decimal point", "1234.56", false},
		{"full-width digits", "\uff11\uff12\uff13\uff14", false},
		{"Arabic-Indic digits", "\u0661\u0662\u0663\u0664", false},
	})
}

func TestCheckEnvironment(t *testing.T) {
	runChecks(t, keys.CheckEnvironment, keys.ProblemEnvironment, []checkCase{
		{"test", keys.EnvironmentTest, true},
		{"production", keys.EnvironmentProduction, true},
		{"empty", "", false},
		{"capitalised", "Test", false},
		{"upper case", "PRODUCTION", false},
		{"abbreviation", "prod", false},
		{"other name", "staging", false},
		{"leading space", " test", false},
		{"trailing newline", "production\n", false},
	})
}

func TestEnvironments_listsEveryAcceptedName(t *testing.T) {
	envs := keys.Environments()
	if len(envs) != 2 || envs[0] != keys.EnvironmentTest || envs[1] != keys.EnvironmentProduction {
		t.Fatalf("Environments() = %v", envs)
	}
	for _, e := range envs {
		if p := keys.CheckEnvironment(e); p != "" {
			t.Errorf("CheckEnvironment(%q) = %q", e, p)
		}
		if !strings.Contains(keys.ProblemEnvironment, `"`+e+`"`) {
			t.Errorf("ProblemEnvironment %q does not name %q", keys.ProblemEnvironment, e)
		}
	}
	// The caller owns the slice: changing it must not change the package's list.
	envs[0] = "mutated"
	if keys.Environments()[0] != keys.EnvironmentTest {
		t.Fatal("Environments() returns shared state")
	}
}

func TestBaseURL(t *testing.T) {
	for env, want := range map[string]string{
		keys.EnvironmentTest:       "https://apitest.vipps.no",
		keys.EnvironmentProduction: "https://api.vipps.no",
	} {
		got, err := keys.BaseURL(env)
		if err != nil || got != want {
			t.Errorf("BaseURL(%q) = %q, %v; want %q", env, got, err, want)
		}
	}
	for _, env := range []string{"", "Test", "staging"} {
		got, err := keys.BaseURL(env)
		if err == nil || got != "" {
			t.Errorf("BaseURL(%q) = %q, %v; want an error", env, got, err)
			continue
		}
		if !strings.Contains(err.Error(), keys.ProblemEnvironment) {
			t.Errorf("BaseURL(%q) error %q does not explain the rule", env, err)
		}
	}
}

// The examples are documented as valid; docs, tests and the sandbox rely on it.
func TestExamples_areWellFormed(t *testing.T) {
	for attr, v := range map[string]string{
		keys.AttrClientID:                 keys.ExampleClientID,
		keys.AttrClientSecret:             keys.ExampleClientSecret,
		keys.AttrSubscriptionKey:          keys.ExampleSubscriptionKey,
		keys.AttrSubscriptionKeyPrimary:   keys.ExampleSubscriptionKey,
		keys.AttrSubscriptionKeySecondary: keys.ExampleSubscriptionKey,
		keys.AttrMerchantSerialNumber:     keys.ExampleMerchantSerialNumber,
		keys.AttrEnvironment:              keys.EnvironmentTest,
	} {
		if p := keys.Check(attr, v); p != "" {
			t.Errorf("example %s is rejected: %s", attr, p)
		}
	}
}

// Problem texts never quote the judged value. Where they show an example or the valid values
// (the MSN's example, the two environments), each must pass the check the text explains,
// or the advice would be wrong; and they never show an example key (client_id included, which
// Vipps MobilePay counts among the keys to keep secret), which would then turn up in logs next
// to real ones and make secret scanners cry wolf.
func TestProblemTexts_showValidExamplesButNoSecrets(t *testing.T) {
	for _, tc := range []struct {
		problem, example string
		check            func(string) string
	}{
		{keys.ProblemMerchantSerialNumber, keys.ExampleMerchantSerialNumber, keys.CheckMerchantSerialNumber},
		{keys.ProblemEnvironment, keys.EnvironmentTest, keys.CheckEnvironment},
		{keys.ProblemEnvironment, keys.EnvironmentProduction, keys.CheckEnvironment},
	} {
		if !strings.Contains(tc.problem, tc.example) {
			t.Errorf("problem %q does not show the example %q", tc.problem, tc.example)
		}
		if p := tc.check(tc.example); p != "" {
			t.Errorf("example %q is rejected: %s", tc.example, p)
		}
	}
	problems := []string{
		keys.ProblemClientID, keys.ProblemClientSecret, keys.ProblemSubscriptionKey,
		keys.ProblemMerchantSerialNumber, keys.ProblemEnvironment,
	}
	for _, p := range problems {
		if !strings.HasPrefix(p, "must ") {
			t.Errorf("problem %q does not read as \"<attribute> must ...\"", p)
		}
		for _, secret := range []string{keys.ExampleClientID, keys.ExampleClientSecret, keys.ExampleSubscriptionKey} {
			if strings.Contains(p, secret) {
				t.Errorf("problem %q shows the example secret %q", p, secret)
			}
		}
	}
}
