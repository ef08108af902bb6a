// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package keys holds the format rules of a Vipps MobilePay sales-unit key set.
//
// It is the single source of truth for what a well-formed client_id, client_secret,
// subscription key, merchant serial number and environment look like. The provider's
// validators, its functions and the sandbox all call it, so a value that one accepts
// the others accept too. It is pure Go and knows nothing of Terraform or HTTP.
//
// Problem strings never quote the value they judge: the value may be a secret.
package keys

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
)

// Environments.
const (
	EnvironmentTest       = "test"
	EnvironmentProduction = "production"
)

// Base URLs of the two environments.
const (
	BaseURLTest       = "https://apitest.vipps.no"
	BaseURLProduction = "https://api.vipps.no"
)

// Environments lists the valid environment names, in the order docs show them.
func Environments() []string {
	return []string{EnvironmentTest, EnvironmentProduction}
}

// Subscription key slots of a key set.
const (
	SubscriptionKeyPrimary   = "primary"
	SubscriptionKeySecondary = "secondary"
)

// SubscriptionKeySlots lists the valid values of active_subscription_key.
func SubscriptionKeySlots() []string {
	return []string{SubscriptionKeyPrimary, SubscriptionKeySecondary}
}

// Length limits of the merchant serial number, in digits.
const (
	MerchantSerialNumberMinDigits = 4
	MerchantSerialNumberMaxDigits = 10
)

// ClientSecretMinBytes is how many bytes a client_secret must decode to.
const ClientSecretMinBytes = 16

// SecretMinLength is the shortest client_secret or subscription key accepted, in characters.
// The client masks every secret it handles in logs and errors, and masks nothing shorter than
// this: a shorter value ("0", "AAAA") would mask pieces of ordinary words. Real keys are 24 to
// 44 characters.
const SecretMinLength = 8

// SecretMaxLength bounds a client_secret and a subscription key, in characters. Real ones are
// 24 to 44 characters; anything far longer is a pasted file or a wrong variable, and would
// otherwise travel as an HTTP header.
const SecretMaxLength = 256

// Examples from Vipps MobilePay's API keys page. They are well-formed, and the sandbox's
// demo sales unit 123456 in test uses exactly these.
const (
	ExampleClientID             = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
	ExampleClientSecret         = "Y8Kteew6GE2ZmeycEt6egg=="
	ExampleSubscriptionKey      = "0f14ebcab0ec4b29ae0cb90d91b4a84a"
	ExampleMerchantSerialNumber = "123456"
)

var (
	guidPattern    = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
	hex32Pattern   = regexp.MustCompile(`^[0-9A-Fa-f]{32}$`)
	msnPattern     = regexp.MustCompile(fmt.Sprintf(`^[0-9]{%d,%d}$`, MerchantSerialNumberMinDigits, MerchantSerialNumberMaxDigits))
	strictEncoding = base64.StdEncoding.Strict()
)

// Problem texts. They are the words every diagnostic, function and sandbox response uses.
// The secret formats, client_id's included, carry no example value: an example key in a log
// line or an error would look exactly like a leaked one (the sandbox's demo unit uses them).
var (
	ProblemClientID = "must be a GUID as the business portal shows it: 32 hexadecimal digits in the " +
		"groups 8-4-4-4-12, without braces or whitespace"
	ProblemClientSecret = fmt.Sprintf("must be canonical, padded standard Base64 that decodes to at least %d bytes "+
		"(24 or more characters of A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4)", ClientSecretMinBytes)
	ProblemSubscriptionKey = fmt.Sprintf("must be 32 hexadecimal characters, as the business portal shows it, "+
		"or canonical, padded standard Base64 of at least %d characters", SecretMinLength)
	ProblemMerchantSerialNumber = fmt.Sprintf("must be %d to %d digits (for example %s)",
		MerchantSerialNumberMinDigits, MerchantSerialNumberMaxDigits, ExampleMerchantSerialNumber)
	ProblemEnvironment = fmt.Sprintf("must be one of %q or %q", EnvironmentTest, EnvironmentProduction)
)

// ProblemSecretTooLong is the problem of a client_secret or subscription key longer than
// SecretMaxLength.
var ProblemSecretTooLong = fmt.Sprintf("must be at most %d characters; the business portal shows 24 to 44, "+
	"so this is probably a whole file or the wrong variable", SecretMaxLength)

// CheckClientID returns "" when s is a well-formed client_id, else the problem.
func CheckClientID(s string) string { return withWhitespace(s, checkClientID) }

func checkClientID(s string) string {
	if guidPattern.MatchString(s) {
		return ""
	}
	return ProblemClientID
}

// CheckClientSecret returns "" when s is a well-formed client_secret, else the problem.
func CheckClientSecret(s string) string { return withWhitespace(s, checkClientSecret) }

func checkClientSecret(s string) string {
	if len(s) > SecretMaxLength {
		return ProblemSecretTooLong
	}
	b, ok := decodeCanonicalBase64(s)
	if !ok || len(b) < ClientSecretMinBytes {
		return ProblemClientSecret
	}
	return ""
}

// CheckSubscriptionKey returns "" when s is a well-formed Ocp-Apim-Subscription-Key, else the
// problem. The documented format is Base64; the keys the portal shows are 32 hex characters,
// which happen to be valid Base64 too, so both spellings pass.
func CheckSubscriptionKey(s string) string { return withWhitespace(s, checkSubscriptionKey) }

func checkSubscriptionKey(s string) string {
	if len(s) > SecretMaxLength {
		return ProblemSecretTooLong
	}
	if hex32Pattern.MatchString(s) {
		return ""
	}
	if _, ok := decodeCanonicalBase64(s); ok && len(s) >= SecretMinLength {
		return ""
	}
	return ProblemSubscriptionKey
}

// CheckMerchantSerialNumber returns "" when s is a well-formed MSN, else the problem.
func CheckMerchantSerialNumber(s string) string { return withWhitespace(s, checkMerchantSerialNumber) }

func checkMerchantSerialNumber(s string) string {
	if msnPattern.MatchString(s) {
		return ""
	}
	return ProblemMerchantSerialNumber
}

// CheckEnvironment returns "" when s names an environment, else the problem.
func CheckEnvironment(s string) string { return withWhitespace(s, checkEnvironment) }

func checkEnvironment(s string) string {
	if s == EnvironmentTest || s == EnvironmentProduction {
		return ""
	}
	return ProblemEnvironment
}

// withWhitespace runs a format rule and, when the value's only fault is whitespace around it
// (the commonest copy-paste mistake: a newline from a file or an echo), says so instead of
// describing the whole format.
func withWhitespace(s string, rule func(string) string) string {
	problem := rule(s)
	if problem == "" {
		return ""
	}
	if whitespace := OnlyWhitespaceProblem(s, rule); whitespace != "" {
		return "has " + whitespace + "; remove it (trimspace())"
	}
	if inner, quoted := unquoted(strings.TrimSpace(s)); quoted && rule(inner) == "" {
		return "is wrapped in quotes that are part of the value (pasted from a shell or a file); remove them"
	}
	return problem
}

// unquoted strips one pair of matching quotes (', ", or `) around s.
func unquoted(s string) (string, bool) {
	if len(s) < 2 || s[0] != s[len(s)-1] || !strings.ContainsRune(`'"`+"`", rune(s[0])) {
		return s, false
	}
	return s[1 : len(s)-1], true
}

// OnlyWhitespaceProblem describes, for a value whose only fault by rule is the whitespace around
// it, that whitespace ("a trailing newline", "leading whitespace"); else it returns "". Callers
// say how to remove it where the value came from.
func OnlyWhitespaceProblem(s string, rule func(string) string) string {
	trimmed := strings.TrimSpace(s)
	if trimmed == s || trimmed == "" || rule(s) == "" || rule(trimmed) != "" {
		return ""
	}
	return describeSurroundingWhitespace(s, trimmed)
}

// describeSurroundingWhitespace names the whitespace around trimmed in s, e.g. "a trailing
// newline" or "leading and trailing whitespace".
func describeSurroundingWhitespace(s, trimmed string) string {
	start := strings.Index(s, trimmed)
	lead, trail := s[:start], s[start+len(trimmed):]
	var parts []string
	switch {
	case strings.ContainsAny(lead, "\r\n"):
		parts = append(parts, "a leading newline")
	case lead != "":
		parts = append(parts, "leading whitespace")
	}
	switch {
	case trail == "\n" || trail == "\r\n":
		parts = append(parts, "a trailing newline")
	case strings.ContainsAny(trail, "\r\n"):
		parts = append(parts, "trailing whitespace with a newline")
	case trail != "":
		parts = append(parts, "trailing whitespace")
	}
	return strings.Join(parts, " and ")
}

// BaseURL returns the API base URL of an environment.
func BaseURL(environment string) (string, error) {
	switch environment {
	case EnvironmentTest:
		return BaseURLTest, nil
	case EnvironmentProduction:
		return BaseURLProduction, nil
	}
	return "", fmt.Errorf("environment %s", ProblemEnvironment)
}

// decodeCanonicalBase64 decodes padded standard Base64 and reports false for anything a
// round trip would not reproduce exactly: whitespace, missing padding, URL alphabet, or
// non-zero trailing bits.
func decodeCanonicalBase64(s string) ([]byte, bool) {
	if s == "" || strings.ContainsAny(s, " \t\r\n") {
		return nil, false
	}
	b, err := strictEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	return b, strictEncoding.EncodeToString(b) == s
}
