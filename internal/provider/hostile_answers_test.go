// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// Answers a proxy in front of the API may give, in bytes no API sends. Issue 18: a Latin-1 page
// crashed the provider, and with it every key set and product order in flight.

// latin1 encodes s, which must hold only characters of ISO-8859-1 (or windows-1252's 0x80–0x9F
// as the runes U+0080–U+009F), one byte each.
func latin1(t *testing.T, s string) string {
	t.Helper()
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			t.Fatalf("test setup: %q is not one byte in ISO-8859-1", r)
		}
		b = append(b, byte(r))
	}
	return string(b)
}

// answerRaw makes every request to path get status, contentType and body, byte for byte, as
// a proxy in front of the API would answer.
func (s *testSandbox) answerRaw(path string, status int, contentType, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answer = func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, path) {
			return false
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
		return true
	}
}

// TestKeySet_aProxysLatin1ErrorPageIsReadNotACrash: the proxy page of issue 18 fails the apply
// with the page's title, and a title in Latin-1 (or windows-1252) reads as a browser shows it.
func TestKeySet_aProxysLatin1ErrorPageIsReadNotACrash(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	issuePage := latin1(t, "<html><!-- Störung: Überlastung, Wartung läuft, bitte später erneut versuchen, Grüße -->"+
		"<head><title>502 Proxy-Fehler</title>")
	titleInLatin1 := latin1(t, "<html><head><title>502 Störung \u0096 Wartung läuft</title></head><body>Grüße</body></html>")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: faultProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					sb.answerRaw("/accesstoken/get", http.StatusBadGateway, "text/html; charset=iso-8859-1", issuePage)
				},
				Config: sb.faultProviderBlock() + keySetConfig(exampleKeySet()),
				ExpectError: expectErrorWords("Key set not verified", "MSN 123456",
					"/accesstoken/get answered HTTP 502: HTML error page: 502 Proxy-Fehler"),
			},
			{
				PreConfig: func() {
					sb.answerRaw("/accesstoken/get", http.StatusBadGateway, "text/html; charset=windows-1252", titleInLatin1)
				},
				Config: sb.faultProviderBlock() + keySetConfig(exampleKeySet()),
				ExpectError: expectErrorWords("Key set not verified", "MSN 123456",
					"/accesstoken/get answered HTTP 502: HTML error page: 502 Störung – Wartung läuft"),
			},
		},
	})
}
