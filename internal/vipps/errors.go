// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// Sentinel errors. Test with errors.Is; every error the client returns that came from an API
// answer is an *APIError that matches one of these.
var (
	// ErrKeysRejected: the token endpoint refused the key set, in one of the answers that
	// identify keys as wrong: the gateway's subscription-key refusals, or Azure AD's
	// invalid_client and unauthorized_client (wrong or regenerated keys, keys from the other
	// environment). RefusedCredential says which key. Any other refusal is not this.
	ErrKeysRejected = errors.New("the API keys were rejected")
	// ErrUnauthorized: a 401 that does not identify a wrong key: from the token endpoint, or
	// from another endpoint even after a fresh token.
	ErrUnauthorized = errors.New("not authorized")
	// ErrForbidden: authenticated but not allowed (403).
	ErrForbidden = errors.New("forbidden")
	// ErrNotFound: 404, which the Management API also uses for inactive objects.
	ErrNotFound = errors.New("not found")
	// ErrConflict: 409, an idempotency key reused with another body.
	ErrConflict = errors.New("conflict")
	// ErrBadRequest: 400 from a non-token endpoint: the request must be fixed.
	ErrBadRequest = errors.New("bad request")
	// ErrRateLimited: 429 that outlasted every retry.
	ErrRateLimited = errors.New("rate limited")
	// ErrServer: 5xx that outlasted every retry.
	ErrServer = errors.New("server error")
	// ErrMalformedResponse: a 2xx whose body could not be understood.
	ErrMalformedResponse = errors.New("malformed response")
	// ErrMissingCredentials: an operation needed a credential that was not configured.
	ErrMissingCredentials = errors.New("missing credentials")
	// ErrRedirected: the answer was a redirect, which the API never sends: base_url points at
	// something else (a web page, a proxy's login).
	ErrRedirected = errors.New("redirected")
	// ErrPlainHTTP: an https:// request got a plain HTTP answer: base_url says https:// where
	// the server (a local sandbox, say) speaks http://.
	ErrPlainHTTP = errors.New("the server answered in plain HTTP, not HTTPS")
	// ErrCertificate: the server's TLS certificate is not trusted here (a proxy that intercepts
	// TLS with its own CA, a self-signed certificate, a name that does not match).
	ErrCertificate = errors.New("the server's TLS certificate was not accepted")
	// ErrTimedOut: no answer came within Config.RequestTimeout (the provider's request_timeout).
	ErrTimedOut = errors.New("no answer within the request timeout")
)

// APIError is a failed API call, with the API's own words. Its text never holds a secret:
// Message is redacted before the error is built.
type APIError struct {
	Operation            string // what the client was doing, in a user's words
	Method               string
	Host                 string // scheme and host that answered, e.g. https://apitest.vipps.no
	Path                 string
	MerchantSerialNumber string
	StatusCode           int
	Code                 string // the API's error code, when it sent one ("invalid_client", "9000")
	Message              string // the API's message, redacted
	Attempts             int
	kind                 error
	refused              string // the credential a token refusal identifies, see RefusedCredential
	repeat               bool   // see Repeat
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Operation)
	if e.MerchantSerialNumber != "" {
		fmt.Fprintf(&b, " for MSN %s", e.MerchantSerialNumber)
	}
	fmt.Fprintf(&b, ": %s %s%s", e.Method, e.Host, e.Path)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " answered HTTP %d", e.StatusCode)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (gave up after %d attempts)", e.Attempts)
	}
	return b.String()
}

// RefusedCredential names the key a token refusal identifies as wrong: "client_id" (Azure AD
// does not know the application), "client_secret" (Azure AD refused the secret) or
// "subscription_key" (the gateway refused the subscription key). It is "" for every other
// error, including refusals that do not say which key is wrong.
func (e *APIError) RefusedCredential() string { return e.refused }

// Repeat reports whether an earlier error of the same client (one Terraform run) already
// reported this error's cause for the same host: a server error or redirect of the same status,
// a rate limit, a malformed answer. A refusal of a key is about its key set and is never a
// repeat. A caller reporting many errors can say the cause once in full and shorten the rest.
func (e *APIError) Repeat() bool { return e.repeat }

// Is lets errors.Is match an APIError against the sentinel of its kind.
func (e *APIError) Is(target error) bool { return e.kind != nil && target == e.kind }

// Unwrap exposes the kind, so fmt.Errorf("...%w", err) chains keep matching.
func (e *APIError) Unwrap() error { return e.kind }

// TransportError is a request that never got an HTTP answer (refused, reset, timed out).
type TransportError struct {
	Operation            string
	Method               string
	Host                 string // scheme and host that was called, e.g. https://apitest.vipps.no
	Path                 string
	MerchantSerialNumber string
	Attempts             int
	Err                  error // already redacted in its text
	kind                 error // ErrPlainHTTP, ErrCertificate or nil
	repeat               bool  // see Repeat
	timedOut             bool  // the attempt ran out of Config.RequestTimeout
	othersAnswered       bool  // see OthersAnswered
}

// OthersAnswered reports whether err is a request that got no answer while the same host
// answered other requests of the client meanwhile: the host is up, and this one was unlucky.
func OthersAnswered(err error) bool {
	var tErr *TransportError
	return errors.As(err, &tErr) && tErr.othersAnswered
}

// Repeat reports whether an earlier error of the same client (one Terraform run) already
// reported that the same host gives no answer (or the same TLS failure). See APIError.Repeat.
func (e *TransportError) Repeat() bool { return e.repeat }

// IsRepeat reports whether err is an *APIError or *TransportError whose cause an earlier error
// of the same client already reported for the same host (see APIError.Repeat).
func IsRepeat(err error) bool {
	var apiErr *APIError
	var tErr *TransportError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.repeat
	case errors.As(err, &tErr):
		return tErr.repeat
	}
	return false
}

// causeOf names the host-wide cause of a final error, for Repeat; "" for an error that is
// about its own request (a refusal, a 404, a bad request).
func causeOf(err error) string {
	var apiErr *APIError
	var tErr *TransportError
	switch {
	case errors.As(err, &tErr):
		if tErr.kind != nil {
			return tErr.kind.Error()
		}
		return "no answer" // refused, reset, timed out or held back as unresponsive: nothing answered
	case errors.As(err, &apiErr):
		switch {
		case errors.Is(err, ErrRateLimited):
			return "rate limited"
		case errors.Is(err, ErrServer), errors.Is(err, ErrRedirected), errors.Is(err, ErrMalformedResponse):
			return fmt.Sprintf("%v: HTTP %d", apiErr.kind, apiErr.StatusCode)
		}
	}
	return ""
}

func (e *TransportError) Error() string {
	forMSN := ""
	if e.MerchantSerialNumber != "" {
		forMSN = " for MSN " + e.MerchantSerialNumber
	}
	s := fmt.Sprintf("%s%s: %s %s%s failed: %v", e.Operation, forMSN, e.Method, e.Host, e.Path, e.Err)
	if e.Attempts > 1 {
		s += fmt.Sprintf(" (gave up after %d attempts)", e.Attempts)
	}
	return s
}

func (e *TransportError) Unwrap() error { return e.Err }

// Is lets errors.Is match a TransportError against ErrPlainHTTP, ErrCertificate and ErrTimedOut.
func (e *TransportError) Is(target error) bool {
	return (e.kind != nil && target == e.kind) || (e.timedOut && target == ErrTimedOut)
}

// kindForStatus maps an HTTP status to its sentinel. refused is the credential a token
// endpoint answer identifies as wrong (see tokenRefusal): only such an answer, with 400 (Azure
// AD answers an unknown client_id with 400) or 401, means the keys were refused. A 403, a bare
// 401 or a 5xx from the token endpoint says nothing about the keys.
func kindForStatus(status int, refused string) error {
	switch {
	case refused != "" && (status == http.StatusBadRequest || status == http.StatusUnauthorized):
		return ErrKeysRejected
	case status >= 300 && status < 400:
		return ErrRedirected
	case status == http.StatusBadRequest:
		return ErrBadRequest
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500:
		return ErrServer
	}
	return ErrBadRequest
}

// Azure AD error codes that name the wrong credential (AADSTS<code>).
const (
	aadApplicationNotFound    = 700016 // unknown client_id
	aadApplicationNotFoundOld = 70001  // the same, in older answers
)

// tokenRefusal returns the credential a token endpoint's error answer identifies as wrong, or
// "" when the answer is not one of the shapes that do: the gateway's {statusCode, message}
// subscription-key refusals ("Access denied due to invalid subscription key…", "Subscription
// not found") and Azure AD's OAuth errors invalid_client and unauthorized_client.
func tokenRefusal(body []byte) string {
	var b struct {
		StatusCode json.RawMessage `json:"statusCode"`
		Message    flexString      `json:"message"`
		Error      flexString      `json:"error"`
		ErrorCodes []int           `json:"error_codes"`
	}
	trimmed := strings.TrimSpace(string(body))
	if !strings.HasPrefix(trimmed, "{") || json.Unmarshal([]byte(trimmed), &b) != nil {
		return ""
	}
	switch strings.ToLower(string(b.Error)) {
	case "unauthorized_client":
		return keys.AttrClientID
	case "invalid_client":
		for _, c := range b.ErrorCodes {
			if c == aadApplicationNotFound || c == aadApplicationNotFoundOld {
				return keys.AttrClientID
			}
		}
		return keys.AttrClientSecret
	}
	msg := strings.ToLower(string(b.Message))
	if len(b.StatusCode) > 0 && (strings.HasPrefix(msg, "access denied") || strings.Contains(msg, "subscription key") ||
		strings.Contains(msg, "subscription not found")) {
		return keys.AttrSubscriptionKey
	}
	return ""
}

// errorBody is the union of the error shapes the APIs send: Azure APIM ({statusCode, message}),
// Azure AD / OAuth ({error, error_description}) and RFC 7807 problem+json ({title, detail, ...}).
type errorBody struct {
	Message          flexString      `json:"message"`
	Error            flexString      `json:"error"`
	ErrorDescription flexString      `json:"error_description"`
	Title            flexString      `json:"title"`
	Detail           flexString      `json:"detail"`
	ExtraDetails     json.RawMessage `json:"extraDetails"`
	TraceID          flexString      `json:"traceId"`
}

// extraDetail is one item of a problem's extraDetails: {key, value} in the Management API
// spec, {name, reason} on the general errors page.
type extraDetail struct {
	Key    flexString `json:"key"`
	Value  flexString `json:"value"`
	Name   flexString `json:"name"`
	Reason flexString `json:"reason"`
}

// maxMessageLength keeps a runaway HTML page out of a diagnostic.
const maxMessageLength = 500

// parseErrorBody extracts an error code and a message from any body the APIs are known to send,
// falling back to a short, tag-free excerpt for HTML and plain text. It takes any bytes, in any
// charset (see decodeBody), and never fails.
func parseErrorBody(contentType string, body []byte) (code, message string) {
	return parseErrorText(contentType, string(decodeBody(contentType, body)))
}

// parseErrorText is parseErrorBody of a body already decoded to UTF-8 (and redacted).
func parseErrorText(contentType, text string) (code, message string) {
	trimmed := strings.TrimSpace(text)
	if trimmed == "" {
		return "", ""
	}
	var eb errorBody
	if strings.HasPrefix(trimmed, "{") && json.Unmarshal([]byte(trimmed), &eb) == nil {
		code = string(eb.Error)
		var parts []string
		for _, p := range []flexString{eb.Title, eb.Detail, eb.ErrorDescription, eb.Message} {
			if p != "" {
				parts = append(parts, firstLine(string(p)))
			}
		}
		customCode, reasons := readExtraDetails(eb.ExtraDetails)
		if customCode != "" && code == "" {
			code = customCode
		}
		if reasons != "" {
			parts = append(parts, reasons)
		}
		message = strings.Join(parts, ": ")
		if message != "" || code != "" {
			return clean(firstLine(code)), clean(message)
		}
	}
	if strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(trimmed, "<") {
		return "", clean(htmlText(trimmed))
	}
	return "", clean(firstLine(trimmed))
}

// readExtraDetails returns the CustomErrorCode of {key, value} items and the validation
// reasons of {name, reason} items ("amount: must be positive; url: must use HTTPS").
func readExtraDetails(raw json.RawMessage) (code, reasons string) {
	if len(raw) == 0 {
		return "", ""
	}
	var details []extraDetail
	if json.Unmarshal(raw, &details) != nil {
		return "", ""
	}
	var out []string
	for _, d := range details {
		switch {
		case strings.EqualFold(string(d.Key), "CustomErrorCode"):
			if code == "" {
				code = string(d.Value)
			}
		case d.Reason != "" && d.Name != "":
			out = append(out, firstLine(string(d.Name))+": "+firstLine(string(d.Reason)))
		case d.Reason != "":
			out = append(out, firstLine(string(d.Reason)))
		}
	}
	return code, strings.Join(out, "; ")
}

// htmlText keeps the title or the visible text of an HTML error page. It searches an
// ASCII-folded copy, whose offsets are those of page (see foldASCII).
func htmlText(page string) string {
	lower := foldASCII(page)
	if i := strings.Index(lower, "<title>"); i >= 0 {
		if j := strings.Index(lower[i:], "</title>"); j > 0 {
			return "HTML error page: " + strings.Join(strings.Fields(html.UnescapeString(page[i+len("<title>"):i+j])), " ")
		}
	}
	var b strings.Builder
	inTag := false
	for _, r := range page {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
			b.WriteByte(' ')
		case !inTag:
			b.WriteRune(r)
		}
	}
	return "HTML error page: " + strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// clean makes text from an answer safe for a diagnostic: valid UTF-8 (Terraform's protocol
// refuses anything else), no control characters but line breaks and tabs (an escape sequence
// could rewrite the user's terminal), and at most maxMessageLength bytes plus an ellipsis.
func clean(s string) string {
	return truncate(stripControls(strings.ToValidUTF8(s, "\uFFFD")), maxMessageLength)
}

// stripControls drops C0 and C1 control characters other than tab, line feed and carriage
// return.
func stripControls(s string) string {
	isControl := func(r rune) bool {
		return (r < ' ' && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f)
	}
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

// truncate cuts s to n bytes, on a rune boundary, and marks the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
