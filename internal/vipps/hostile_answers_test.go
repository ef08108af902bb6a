// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// Answers no API sends but a proxy, a gateway or a broken server in between may: other
// charsets, invalid UTF-8, oversized bodies and headers. Every parser of an answer must take
// them without a panic and say something true about them, in valid UTF-8 (Terraform's protocol
// refuses anything else) and within the length limit.

// latin1 encodes s, which must hold only characters of ISO-8859-1, as ISO-8859-1.
func latin1(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			panic(fmt.Sprintf("latin1: %q is not in ISO-8859-1", r))
		}
		b = append(b, byte(r))
	}
	return string(b)
}

// utf16LE encodes s as UTF-16, little-endian, with a byte order mark.
func utf16LE(s string) string {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return string(b)
}

// proxyPage is the page of issue 18: a Nordic corporate proxy's 502, in ISO-8859-1.
var proxyPage = latin1("<html><!-- Störung: Überlastung, Wartung läuft, bitte später erneut versuchen, Grüße -->" +
	"<head><title>502 Proxy-Fehler</title>")

func TestParseErrorBody_decodesTheDeclaredCharsetAndNeverSlicesByAnotherLength(t *testing.T) {
	tests := []struct {
		name, contentType, body, want string
	}{
		{"the proxy page of issue 18", "text/html; charset=iso-8859-1", proxyPage, "HTML error page: 502 Proxy-Fehler"},
		{"the same page without a charset", "text/html", proxyPage, "HTML error page: 502 Proxy-Fehler"},
		{"a few Latin-1 letters before the title", "text/html; charset=ISO-8859-1",
			latin1("<html>äöü<title>502 Proxy-Fehler</title>"), "HTML error page: 502 Proxy-Fehler"},
		{"Latin-1 in the title", `text/html; charset="latin1"`,
			latin1("<title>502 Störung</title>"), "HTML error page: 502 Störung"},
		{"windows-1252 punctuation", "text/html; charset=windows-1252",
			latin1("<title>St\u00f6rung \u0096 \u0093Wartung\u0094 \u0080</title>"), "HTML error page: Störung – “Wartung” €"},
		{"ISO-8859-1 read as browsers read it (windows-1252)", "text/plain; charset=iso-8859-1",
			latin1("Wartung \u0096 bis 18 Uhr"), "Wartung – bis 18 Uhr"},
		{"a charset in the page's meta tag", "text/html",
			latin1(`<html><head><meta charset="iso-8859-1"><title>Grüße vom Proxy</title>`), "HTML error page: Grüße vom Proxy"},
		{"a charset in an http-equiv meta tag", "",
			latin1(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Fejl på siden</title>`),
			"HTML error page: Fejl på siden"},
		{"HTML entities in the title", "text/html", "<title>502 St&ouml;rung &ndash; Wartung</title>",
			"HTML error page: 502 Störung – Wartung"},
		{"an APIM body in Latin-1", "application/json; charset=iso-8859-1",
			latin1(`{"statusCode":502,"message":"Überlastung"}`), "Überlastung"},
		{"UTF-16 with a byte order mark", "application/json; charset=utf-16",
			utf16LE(`{"statusCode":503,"message":"Tjenesten er utilgjengelig"}`), "Tjenesten er utilgjengelig"},
		{"UTF-16 without a declared charset", "text/html", utf16LE("<title>Service Unavailable</title>"),
			"HTML error page: Service Unavailable"},
		// Valid UTF-8 that lower-casing lengthens: İ (2 bytes) becomes i̇ (3 bytes).
		{"valid UTF-8 that lower-casing lengthens", "text/html; charset=utf-8",
			strings.Repeat("İ", 40) + "<TITLE>503 Ärger</TITLE>", "HTML error page: 503 Ärger"},
		{"valid UTF-8 under a Latin-1 label is UTF-8", "text/html; charset=iso-8859-1",
			"<title>Störung</title>", "HTML error page: Störung"},
		{"invalid bytes and no charset: windows-1252, as browsers read them", "text/html", "<title>St\xf6rung</title>", "HTML error page: Störung"},
		{"an unknown charset", "text/plain; charset=x-mac-klingon", "bad \xff\xfe byte", "bad \uFFFD byte"},
		{"an unreadable Content-Type", "text/html; charset", latin1("<title>Störung</title>"), "HTML error page: Störung"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, message := parseErrorBody(tt.contentType, []byte(tt.body))
			if code != "" || message != tt.want {
				t.Errorf("parseErrorBody = %q, %q\nwant %q", code, message, tt.want)
			}
		})
	}
}

func TestParseErrorBody_oversizedBodiesGiveAShortTrueMessage(t *testing.T) {
	filler := strings.Repeat("<p>Bitte versuchen Sie es später erneut.</p>\n", (2<<20)/45)
	tests := []struct {
		name, contentType, body string
		want                    func(string) bool
	}{
		{"a 2 MiB page with its title first", "text/html", "<title>502 Proxy-Fehler</title>" + filler,
			func(m string) bool { return m == "HTML error page: 502 Proxy-Fehler" }},
		{"a 2 MiB page without a title", "text/html", "<html><body>" + filler,
			func(m string) bool {
				return strings.HasPrefix(m, "HTML error page: Bitte versuchen Sie es später erneut.")
			}},
		{"a title of 1 MiB", "text/html", "<title>" + strings.Repeat("ö", 1<<19) + "</title>",
			func(m string) bool { return strings.HasPrefix(m, "HTML error page: ööö") }},
		{"a JSON message of 2 MiB", "application/json", `{"statusCode":500,"message":"` + strings.Repeat("x", 2<<20) + `"}`,
			func(m string) bool { return strings.HasPrefix(m, "xxx") }},
		{"2 MiB of Latin-1 text", "text/plain; charset=iso-8859-1", strings.Repeat("\xe6\xf8\xe5 ", 2<<19),
			func(m string) bool { return strings.HasPrefix(m, "æøå æøå") }},
		{"2 MiB of invalid bytes", "", strings.Repeat("\xff", 2<<20),
			func(m string) bool { return strings.HasPrefix(m, "ÿÿÿ") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, message := parseErrorBody(tt.contentType, []byte(tt.body))
			checkDiagnosticText(t, "message", message)
			if !tt.want(message) {
				t.Errorf("message = %.80q…", message)
			}
		})
	}
}

// checkDiagnosticText fails unless s is fit for a diagnostic: valid UTF-8, no control
// characters but newlines, and within the length limit.
func checkDiagnosticText(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s is not valid UTF-8: %.80q", what, s)
	}
	if len(s) > maxMessageLength+len("…") {
		t.Errorf("%s is %d bytes, want at most %d", what, len(s), maxMessageLength+len("…"))
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < ' ' && r != '\n' && r != '\t' || r == 0x7f }); i >= 0 {
		t.Errorf("%s holds a control character at %d: %.80q", what, i, s)
	}
}

func TestParseAccessToken_refusesTokensNoHeaderCanCarry(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"invalid UTF-8", "{\"access_token\":\"eyJ\xff\xfe.abc\",\"expires_in\":3600}",
			"the access token answer holds an access_token with characters no token has"},
		{"a line break", `{"access_token":"eyJabc\r\nX-Injected: 1","expires_in":3600}`,
			"the access token answer holds an access_token with characters no token has"},
		{"a space", `{"access_token":"eyJabc def","expires_in":3600}`,
			"the access token answer holds an access_token with characters no token has"},
		{"a token type with a line break", `{"token_type":"Bearer\r\nX: 1","access_token":"eyJabc","expires_in":3600}`,
			"the access token answer names a token_type that is not an authentication scheme"},
		{"a token of 2 MiB", `{"access_token":"` + strings.Repeat("a", 2<<20) + `","expires_in":3600}`,
			"the access token answer holds an access_token longer than any token (64 KiB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseAccessToken([]byte(tt.body), start)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
	// A token of the characters RFC 6750 allows passes.
	body := `{"token_type":"bearer","access_token":"AZaz09-._~+/==","expires_in":3600}`
	if tok, err := parseAccessToken([]byte(body), start); err != nil || tok.AuthorizationHeader() != "Bearer AZaz09-._~+/==" {
		t.Errorf("a token68 token: %+v, %v", tok, err)
	}
}

// hostileServer answers every request with what answer writes; with passToken, token requests
// get a token instead, so Management calls get as far as their own answer.
func hostileServer(t *testing.T, passToken bool, answer func(w http.ResponseWriter, r *http.Request)) *Client {
	t.Helper()
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if passToken && r.URL.Path == "/accesstoken/get" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"token_type":"Bearer","expires_in":"3600","access_token":"fake-token-0123456789"}`)
			return
		}
		answer(w, r)
	}))
	return newClient(srv.URL, newClock(), &sleeper{}, func(cfg *Config) { cfg.MaxRetries = 0 })
}

func TestClient_hostileAnswersGiveTypedErrorsThatSaySomethingTrue(t *testing.T) {
	const oneAndAHalfMiB = 3 << 19
	tokenCreds := demoLikeCredentials()
	tests := []struct {
		name       string
		management bool // a Management call: the token exchange works
		answer     func(w http.ResponseWriter, r *http.Request)
		call       func(c *Client) error
		kind       error
		words      []string
	}{
		{
			name: "the proxy page of issue 18 on the token endpoint",
			answer: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
				w.WriteHeader(http.StatusBadGateway)
				_, _ = io.WriteString(w, proxyPage)
			},
			call:  func(c *Client) error { _, err := c.AccessToken(context.Background(), tokenCreds); return err },
			kind:  ErrServer,
			words: []string{"answered HTTP 502", "HTML error page: 502 Proxy-Fehler"},
		},
		{
			name: "an oversized token answer",
			answer: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"token_type":"Bearer","expires_in":"3600","access_token":"`+strings.Repeat("a", oneAndAHalfMiB)+`"}`)
			},
			call:  func(c *Client) error { _, err := c.AccessToken(context.Background(), tokenCreds); return err },
			kind:  ErrMalformedResponse,
			words: []string{"answered HTTP 200", "the answer is larger than 1 MiB"},
		},
		{
			name:       "an oversized Management answer",
			management: true,
			answer: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `[`+strings.Repeat(`{"msn":"123456","name":"x"},`, oneAndAHalfMiB/27)+`{}]`)
			},
			call:  func(c *Client) error { _, err := c.SalesUnits(context.Background(), fakeCreds); return err },
			kind:  ErrMalformedResponse,
			words: []string{"GET http://127.0.0.1:", "/management/v1/sales-units answered HTTP 200", "the answer is larger than 1 MiB"},
		},
		{
			name:       "a Management answer that is not JSON",
			management: true,
			answer: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
				_, _ = io.WriteString(w, proxyPage)
			},
			call:  func(c *Client) error { _, err := c.SalesUnits(context.Background(), fakeCreds); return err },
			kind:  ErrMalformedResponse,
			words: []string{"GET http://127.0.0.1:", "/management/v1/sales-units answered HTTP 200", "the answer is not the documented JSON"},
		},
		{
			name: "a redirect to an oversized Location of invalid bytes",
			answer: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Location", "https://proxy.example/login?next=\xff\xfe"+strings.Repeat("%C3%B8", 4000))
				w.WriteHeader(http.StatusFound)
			},
			call:  func(c *Client) error { _, err := c.AccessToken(context.Background(), tokenCreds); return err },
			kind:  ErrRedirected,
			words: []string{"answered HTTP 302", "a redirect to https://proxy.example/login?next=", "which the client does not follow; check base_url"},
		},
		{
			name: "a 429 with a Retry-After of invalid bytes",
			answer: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "\xff\xfe1")
				writeAPIM(w, http.StatusTooManyRequests, "Rate limit is exceeded.")
			},
			call:  func(c *Client) error { _, err := c.AccessToken(context.Background(), tokenCreds); return err },
			kind:  ErrRateLimited,
			words: []string{"answered HTTP 429", "Rate limit is exceeded."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := hostileServer(t, tt.management, tt.answer)
			log := &recordingLogger{}
			c.cfg.Logger = log
			err := tt.call(c)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %.300v, want %v", err, tt.kind)
			}
			for _, w := range tt.words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %.600q\nwant it to say %q", err, w)
				}
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				checkDiagnosticText(t, "the API's message", apiErr.Message)
			}
			if !utf8.ValidString(err.Error()) {
				t.Errorf("the error is not valid UTF-8: %.300q", err)
			}
			for _, e := range log.Entries() {
				if !utf8.ValidString(e) || len(e) > 8<<10 {
					t.Errorf("a log entry of %d bytes, valid UTF-8 %v: %.200q", len(e), utf8.ValidString(e), e)
				}
			}
		})
	}
}

// demoLikeCredentials are well-formed credentials no server knows.
func demoLikeCredentials() Credentials {
	return Credentials{Environment: "test", ClientID: "fb492b5e-7907-4d83-ba20-c7fb60ca35de",
		ClientSecret: "Y8Kteew6GE2ZmeycEt6egg==", SubscriptionKey: "0f14ebcab0ec4b29ae0cb90d91b4a84a"}
}

func TestClient_aMalformedHTTPAnswerOfInvalidBytesIsATransportErrorInValidUTF8(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				r := bufio.NewReader(conn)
				for {
					line, err := r.ReadString('\n')
					if err != nil || line == "\r\n" {
						break
					}
				}
				// A header line that is no header: net/http quotes it back in its error, raw.
				_, _ = io.WriteString(conn, "HTTP/1.1 502 Bad Gateway\r\nSt\xf6rung \xff\xfe "+strings.Repeat("\xe5", 3000)+"\r\n\r\n")
			}()
		}
	}()
	c := newClient("http://"+ln.Addr().String(), newClock(), &sleeper{}, func(cfg *Config) { cfg.MaxRetries = 0 })
	_, err = c.AccessToken(context.Background(), demoLikeCredentials())
	var tErr *TransportError
	if !errors.As(err, &tErr) {
		t.Fatalf("err = %.300q, want a *TransportError", err)
	}
	checkDiagnosticText(t, "the transport error's cause", tErr.Err.Error())
	if !strings.Contains(err.Error(), "POST http://"+ln.Addr().String()+"/accesstoken/get failed: ") {
		t.Errorf("err = %.300q, want it to name the request", err)
	}
}
