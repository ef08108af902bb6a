// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzParseAccessToken(f *testing.F) {
	for _, body := range []string{
		tokenBodyStrings,
		tokenBodyNumbers,
		tokenBodyMiami,
		`{"token_type":"Bearer","expires_on":"1767323045","access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"}`,
		`{"token_type":"Bearer","expires_in":"3600","ext_expires_in":"0","expires_on":"17`,
		`{"token_type":"Bearer","expires_in":"99999999999999999999","access_token":"abcdefghijkl"}`,
		`{"expires_in":-1,"expires_on":1e300,"access_token":"abcdefghijkl"}`,
		`{"access_token":null,"expires_in":3600}`,
		`{"statusCode":401,"message":"Access denied due to invalid subscription key."}`,
		`<html><head><title>502 Bad Gateway</title></head></html>`,
		``,
	} {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		tok, err := parseAccessToken(body, start)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "the access token answer ") {
				t.Errorf("unexpected error text %q", msg)
			}
			if len(body) >= minSecretLength && strings.Contains(msg, string(body)) {
				t.Errorf("error text %q repeats the body", msg)
			}
			return
		}
		if tok.Token == "" {
			t.Error("a token without access_token")
		}
		if tok.refreshAt.After(start.Add(tok.ExpiresIn)) {
			t.Errorf("renews at %v, after the token expires (%v from now)", tok.refreshAt, tok.ExpiresIn)
		}
	})
}

func FuzzParseErrorBody(f *testing.F) {
	for _, body := range []string{
		bodyAPIMMissingKey,
		bodyAADUnknownClient,
		bodyAADWrongSecret,
		bodyProblem,
		bodyProblemValidation,
		bodyHTMLBadGateway,
		`{"statusCode":429,"message":"Rate limit is exceeded. Try again in 1 seconds."}`,
		`{"error":{"code":"InvalidAuthenticationToken","message":"x"}}`,
		`{"title":1,"detail":true,"extraDetails":"none"}`,
		`{"extraDetails":[{"name":"amount","reason":"` + strings.Repeat("long ", 200) + `"}]}`,
		"Something went wrong, please try again later",
		"<html><title>unterminated",
		"\xff\xfe\xfd",
		"",
	} {
		f.Add("application/json", []byte(body))
	}
	f.Add("text/html", []byte(bodyHTMLBadGateway))
	f.Add("application/problem+json", []byte(bodyProblemValidation))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		code, message := parseErrorBody(contentType, body)
		const bound = maxMessageLength + len("…")
		if len(message) > bound || len(code) > bound {
			t.Errorf("code %d bytes, message %d bytes, want at most %d", len(code), len(message), bound)
		}
		if !utf8.ValidString(message) || !utf8.ValidString(code) {
			t.Errorf("invalid UTF-8: code %q, message %q", code, message)
		}
		isControl := func(r rune) bool { return r < ' ' && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f }
		if strings.ContainsFunc(message, isControl) || strings.ContainsFunc(code, isControl) {
			t.Errorf("a control character: code %q, message %q", code, message)
		}
		if strings.TrimSpace(string(body)) == "" && (code != "" || message != "") {
			t.Errorf("an empty body gave code %q, message %q", code, message)
		}
	})
}

func FuzzRetryAfter(f *testing.F) {
	for _, v := range []string{
		"1", "120", "0", "-1", "1.5", "1e30", "NaN", "Inf", "99999999999999999999", "",
		"Fri, 02 Jan 2026 03:04:12 GMT", "Friday, 02-Jan-26 03:04:12 GMT", "Fri Jan  2 03:04:12 2026", "soon",
	} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d := parseRetryAfter(v, start)
		if d < 0 || d > retryAfterMax {
			t.Errorf("parseRetryAfter(%q) = %v, want within [0, %v]", v, d, retryAfterMax)
		}
		if w := backoff(1, d); w <= 0 || w < d || w > max(retryAfterMax+retryAfterJitterMax, backoffMax) {
			t.Errorf("backoff after Retry-After %q = %v", v, w)
		}
		if t2, err := http.ParseTime(v); err == nil && t2.After(start.Add(time.Second)) && d == 0 {
			t.Errorf("parseRetryAfter(%q) ignored a future date", v)
		}
	})
}

func FuzzRedact(f *testing.F) {
	const clientID, secret = "FB492B5E-7907-4D83-BA20-C7FB60CA35DE", "Y8K+eew6GE3/meycEt6egg=="
	for _, s := range []string{
		"", "app 'fb492b5e-7907-4d83-ba20-c7fb60ca35de'", "Y8K%2Beew6GE3%2FmeycEt6egg%3D%3D", `Y8K\u002Beew6GE3\/meycEt6egg==`,
		"%", "%2", `\u00`, `\`, "\xff%41\\u0041", "{fb492b5e79074d83ba20c7fb60ca35de}",
	} {
		f.Add(s, s)
	}
	r := NewRedactor()
	r.Add(clientID, secret)
	f.Fuzz(func(t *testing.T, before, after string) {
		for _, spelling := range []string{"", "fb492b5e-7907-4d83-ba20-c7fb60ca35de", "Fb492b5e79074d83ba20c7fb60ca35dE",
			"y8k%2beew6ge3%2fmeycet6egg%3d%3d", "Y8K-eew6GE3_meycEt6egg"} {
			out := r.Redact(before + spelling + after)
			if spelling != "" && r.Find(out) != nil {
				t.Fatalf("Redact(%q) = %q, which still holds %q", before+spelling+after, out, r.Find(out))
			}
		}
	})
}
