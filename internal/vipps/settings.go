// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// The rules of a client's settings (Config), in the words every caller shows: where requests go,
// what the Vipps-System-* headers may hold, and how long an attempt may take. Problem texts quote
// a value only where it is no secret.

// SystemHeaderMaxLength is the API's limit for the Vipps-System-* headers.
const SystemHeaderMaxLength = 30

// CheckBaseURL returns "" for a usable base URL, else the problem. The URL is quoted: it is not
// a secret, unless it carries user info, which is refused without quoting.
func CheckBaseURL(raw string) string {
	if whitespace := keys.OnlyWhitespaceProblem(raw, checkBaseURL); whitespace != "" {
		return "has " + whitespace + "; remove it"
	}
	return checkBaseURL(raw)
}

// apiEndpoint matches the end of a base URL's path that is an API path, which the client
// appends itself: a token endpoint, or the Management API's root or an operation under it. A
// proxy's own prefix (/vipps, /management-proxy, /management/vipps) is no API path.
var apiEndpoint = regexp.MustCompile(`(?i)(/accesstoken/get|/miami/v1/token|/management(/v[0-9]+(/.*)?)?)/*$`)

func checkBaseURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "must be an absolute URL such as https://apitest.vipps.no or http://127.0.0.1:8787"
	}
	if u.User != nil {
		return "must not carry a user name or password; pass credentials through the provider's credential arguments"
	}
	// Even a bare "?" or "#": the client appends API paths to the base URL, and after one the
	// paths became a query or a fragment, sending every request to the host's root.
	if u.ForceQuery || u.RawQuery != "" || strings.Contains(raw, "#") {
		return fmt.Sprintf("must not have a query or fragment, got %q", raw)
	}
	if port := u.Port(); port != "" || strings.HasSuffix(u.Host, ":") {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("must have a port from 1 to 65535, got %q", raw)
		}
	}
	if loc := apiEndpoint.FindStringIndex(u.Path); loc != nil {
		return fmt.Sprintf("must be the API's root, such as https://apitest.vipps.no, not an endpoint: "+
			"remove %q from its end (the provider adds each API path itself)", u.Path[loc[0]:])
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fmt.Sprintf("must use https:// unless the host is a loopback address (localhost, 127.0.0.0/8, ::1); got %q", raw)
	}
	return ""
}

// BaseURLHostProblem returns, for a base URL whose host is spelt with letters beyond ASCII or
// with a punycode label (xn--) that stands for them, why that deserves a second look, naming the
// host; else "". A letter of another script can pass for a Latin one (a Cyrillic і in
// vіpps.no), and every request carries keys to that host. It looks nothing up.
func BaseURLHostProblem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	host := u.Hostname()
	switch {
	case strings.ContainsFunc(host, func(r rune) bool { return r > unicode.MaxASCII }):
		return fmt.Sprintf("has letters beyond ASCII in its host, %s (escaped), which may look like "+
			"another host", strconv.QuoteToASCII(host))
	case slices.ContainsFunc(strings.Split(host, "."), isPunycodeLabel):
		return fmt.Sprintf("has a host in punycode, %s, which stands for a name with letters beyond ASCII "+
			"that may look like another host", host)
	}
	return ""
}

func isPunycodeLabel(label string) bool {
	return len(label) > 4 && strings.EqualFold(label[:4], "xn--")
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckSystemHeader returns "" for a value that can travel in a Vipps-System-* header: 1 to
// SystemHeaderMaxLength printable characters. A control character (a pasted newline) would make
// every request fail to send.
func CheckSystemHeader(value string) string {
	for _, r := range value {
		if r < 0x20 || r == 0x7f || !unicode.IsPrint(r) {
			return "must not contain control characters such as a newline or a tab: it is sent as an HTTP header"
		}
	}
	if value == "" || len(value) > SystemHeaderMaxLength {
		return fmt.Sprintf("must be 1 to %d characters", SystemHeaderMaxLength)
	}
	return ""
}

// MinRequestTimeout is the shortest request_timeout accepted. One attempt holds the DNS lookup,
// the TCP and TLS handshakes and the answer, and the token endpoint asks Azure AD behind it:
// hundreds of milliseconds from the Nordics, more from farther away or through a proxy. Below a
// second a working API would time out, and the failure look like an outage.
const MinRequestTimeout = time.Second

// ParseRequestTimeout reads a request timeout: a Go duration of at least MinRequestTimeout.
func ParseRequestTimeout(raw string) (time.Duration, string) {
	d, err := time.ParseDuration(raw)
	switch {
	case err != nil || d <= 0:
		return 0, fmt.Sprintf("must be a positive duration such as 30s or 2m, got %q", raw)
	case d < MinRequestTimeout:
		return 0, fmt.Sprintf("must be at least %s, got %q: no round trip to the API fits in less", MinRequestTimeout, raw)
	}
	return d, ""
}
