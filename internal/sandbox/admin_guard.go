// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The admin routes hand out every secret (/_sandbox/key-sets, /_sandbox/partner-keys,
// /_sandbox/data) and change state (regenerate-keys, reset, fault rules). A sandbox left running
// on a developer's machine must not give them to a web page that developer opens:
//
//   - DNS rebinding: the page's own host name, pointed at 127.0.0.1, makes its requests
//     same-origin, but the Host header still carries that name. Admin routes answer only a
//     loopback Host, or one of Options.AdminHosts.
//   - Cross-origin writes: a page can send a POST without asking first (a form, fetch in
//     no-cors mode), but only with a form or text/plain content type, and the browser adds
//     Origin and Sec-Fetch-Site. A state-changing admin request must be application/json and
//     must not come from another origin.
//
// Reading needs no such check beyond the Host: the sandbox sends no CORS headers, so another
// origin's page cannot read an answer.

// adminRefusal returns why an admin request is refused, or "".
func (s *Sandbox) adminRefusal(r *http.Request) string {
	if !s.isAdminHost(r.Host) {
		return "the admin routes answer only requests to a loopback host (localhost, 127.0.0.1, [::1])" +
			" or the address the sandbox listens on; this request named another host in its Host header"
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return ""
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return "the admin routes refuse changes sent from another origin (Sec-Fetch-Site: " + site + ")"
	}
	if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r.Host) {
		return "the admin routes refuse changes sent from another origin (Origin)"
	}
	if media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || media != "application/json" {
		return "a request that changes the sandbox must send Content-Type: application/json, even with no " +
			"body (curl -H 'Content-Type: application/json'): a web page cannot send that to another origin " +
			"without asking first"
	}
	return ""
}

// isAdminHost tells whether a Host header names this machine's loopback interface or one of
// the configured admin hosts. The port does not matter: a rebinding attack keeps the port.
func (s *Sandbox) isAdminHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return true
	}
	return slices.ContainsFunc(s.opts.AdminHosts, func(h string) bool { return strings.EqualFold(h, host) })
}

// sameOrigin tells whether an Origin header names the host the request was sent to.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && strings.EqualFold(u.Host, host)
}
