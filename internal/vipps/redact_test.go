// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

func TestRedactor_masksRegisteredSecretsAndTokens(t *testing.T) {
	r := NewRedactor()
	r.Add("Y8Kteew6GE2ZmeycEt6egg==", "0f14ebcab0ec4b29ae0cb90d91b4a84a", "short", "")
	r.Add("0f14ebcab0ec4b29") // a secret inside another must not split it
	tests := []struct{ in, want string }{
		{"secret Y8Kteew6GE2ZmeycEt6egg== here", "secret *** here"},
		{"key=0f14ebcab0ec4b29ae0cb90d91b4a84a", "key=***"},
		{"prefix 0f14ebcab0ec4b29 alone", "prefix *** alone"},
		{"short stays short", "short stays short"},
		{"Bearer eyJ0eXAiOiJKV1Qi.eyJhdWQiOiIw.c2lnbmF0dXJl", "Bearer ***"},
		{"", ""},
	}
	for range 20 { // map order once decided which secret went first
		for _, tt := range tests {
			if got := r.Redact(tt.in); got != tt.want {
				t.Fatalf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
		}
	}
}

func TestRedactor_masksTheShortestSecretsTheFormatRulesAccept(t *testing.T) {
	shortest := map[string]string{
		keys.AttrSubscriptionKey: "AAAAAA==",
		keys.AttrClientSecret:    "AAAAAAAAAAAAAAAAAAAAAA==",
	}
	for attr, secret := range shortest {
		if problem := keys.Check(attr, secret); problem != "" {
			t.Fatalf("test setup: %s %q is refused: %s", attr, secret, problem)
		}
		r := NewRedactor()
		r.Add(secret)
		if got := r.Redact("key=" + secret); got != "key=***" {
			t.Errorf("an accepted %s of %d characters is not masked: %q", attr, len(secret), got)
		}
	}
	// Anything shorter is refused by the format rules, so it never reaches the redactor.
	if problem := keys.CheckSubscriptionKey("AAAA"); problem == "" {
		t.Error("a subscription key of 4 characters is accepted, but the redactor cannot mask it")
	}
}

func TestRedactor_masksEverySpellingASecretComesBackIn(t *testing.T) {
	const (
		clientID = "FB492B5E-7907-4D83-BA20-C7FB60CA35DE" // accepted in upper case
		secret   = "Y8K+eew6GE3/meycEt6egg=="             // Base64 with + and /
		hexKey   = "0F14EBCAB0EC4B29AE0CB90D91B4A84A"     // a subscription key in upper case
	)
	r := NewRedactor()
	r.Add(clientID, secret, hexKey)
	tests := []struct{ name, in, want string }{
		{"Azure AD's lower-case echo", "for a secret added to app 'fb492b5e-7907-4d83-ba20-c7fb60ca35de'.",
			"for a secret added to app '***'."},
		{"mixed case", "app Fb492b5e-7907-4D83-ba20-C7fb60ca35DE", "app ***"},
		{"without hyphens", "appid=fb492b5e79074d83ba20c7fb60ca35de&x=1", "appid=***&x=1"},
		{"in braces", "{FB492B5E-7907-4D83-BA20-C7FB60CA35DE}", "{***}"},
		{"as a URN", "urn:uuid:fb492b5e-7907-4d83-ba20-c7fb60ca35de", "urn:uuid:***"},
		{"percent-encoded in a URL", "https://x/?client_id=fb492b5e%2D7907%2D4d83%2Dba20%2Dc7fb60ca35de", "https://x/?client_id=***"},
		{"Base64 as it is", "secret " + secret, "secret ***"},
		{"Base64 percent-encoded", "client_secret=Y8K%2Beew6GE3%2FmeycEt6egg%3D%3D&grant_type=x", "client_secret=***&grant_type=x"},
		{"Base64 percent-encoded in lower case", "s=Y8K%2beew6GE3%2fmeycEt6egg%3d%3d", "s=***"},
		{"Base64 without padding", "s=Y8K+eew6GE3/meycEt6egg.", "s=***."},
		{"Base64 in the URL alphabet", "s=Y8K-eew6GE3_meycEt6egg", "s=***"},
		{"Base64 JSON-escaped", `{"secret":"Y8K\u002Beew6GE3\/meycEt6egg=="}`, `{"secret":"***"}`},
		{"Base64 lower-cased", "s=y8k+eew6ge3/meycet6egg==", "s=***"},
		{"hex key in lower case", "key 0f14ebcab0ec4b29ae0cb90d91b4a84a!", "key ***!"},
		{"hex key as a GUID", "key 0f14ebca-b0ec-4b29-ae0c-b90d91b4a84a", "key ***"},
		{"two spellings side by side", "fb492b5e79074d83ba20c7fb60ca35deFB492B5E-7907-4D83-BA20-C7FB60CA35DE", "******"},
		{"nothing secret", "AADSTS7000215: Invalid client secret provided.", "AADSTS7000215: Invalid client secret provided."},
		{"an escape that is no secret", `100% sure, C:\path`, `100% sure, C:\path`},
	}
	for _, tt := range tests {
		if got := r.Redact(tt.in); got != tt.want {
			t.Errorf("%s: Redact(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestRedactor_findsWhichSecretsATextHolds(t *testing.T) {
	r := NewRedactor()
	r.Add("FB492B5E-7907-4D83-BA20-C7FB60CA35DE", "Y8Kteew6GE2ZmeycEt6egg==")
	got := r.Find("app 'fb492b5e-7907-4d83-ba20-c7fb60ca35de', secret Y8Kteew6GE2ZmeycEt6egg%3D%3D")
	want := []string{"FB492B5E-7907-4D83-BA20-C7FB60CA35DE", "Y8Kteew6GE2ZmeycEt6egg=="}
	if !slices.Equal(got, want) {
		t.Errorf("Find = %q, want %q", got, want)
	}
	if got := r.Find("nothing here"); len(got) != 0 {
		t.Errorf("Find = %q, want none", got)
	}
}

func TestRedactor_costDoesNotGrowWithTheNumberOfSecrets(t *testing.T) {
	// Redact looks up each registered length at each position of the text, so its cost grows
	// with the number of distinct lengths, not of secrets. A fleet's secrets, in every
	// spelling, come in a handful of lengths however many there are.
	r := NewRedactor()
	for i := range 5000 {
		var b [16]byte
		binary.BigEndian.PutUint64(b[8:], uint64(i)*0x9e3779b97f4a7c15)
		r.Add(
			fmt.Sprintf("%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), // client_id
			base64.StdEncoding.EncodeToString(append(b[:], byte(i))),                 // client_secret, 17 bytes
			fmt.Sprintf("%x", b), // subscription key
		)
	}
	if n := len(r.lengths); n > 8 {
		t.Errorf("15,000 secrets of three shapes take %d lengths (%v); want a handful", n, r.lengths)
	}
}

func TestIsSensitiveHeader(t *testing.T) {
	for name, want := range map[string]bool{
		"Authorization": true, "authorization": true, "client_secret": true, "Client_Secret": true,
		"Ocp-Apim-Subscription-Key": true, "ocp-apim-subscription-key": true,
		"client_id": true, "Client_Id": true, "Merchant-Serial-Number": false, "Content-Type": false, "": false,
	} {
		if got := IsSensitiveHeader(name); got != want {
			t.Errorf("IsSensitiveHeader(%q) = %v, want %v", name, got, want)
		}
	}
}

// echoSecrets answers every request with an error that repeats the credentials and token it
// got, as a careless proxy or a debugging gateway might.
func echoSecrets(status int, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		echo := strings.Join([]string{r.Header.Get("client_secret"), r.Header.Get("Ocp-Apim-Subscription-Key"),
			r.Header.Get("Authorization")}, " ")
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("X-Echo", echo)
		w.WriteHeader(status)
		if strings.Contains(contentType, "html") {
			// The padding puts the length limit in the middle of the client secret.
			pad := strings.Repeat("x", maxMessageLength-len("HTML error page: ")-20)
			fmt.Fprintf(w, "<html><body><p>%s</p></body></html>", pad+echo)
			return
		}
		fmt.Fprintf(w, `{"error":"invalid_request","error_description":%q,"message":%q}`, "got "+echo, echo)
	}
}

func TestClient_keepsSecretsOutOfErrorsAndLogs(t *testing.T) {
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	firstToken := ""
	mux := http.NewServeMux()
	mux.Handle("/", s)
	mux.HandleFunc("GET /management/v1/sales-units/{msn}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if firstToken == "" {
			firstToken = r.Header.Get("Authorization")
		}
		refuse := r.Header.Get("Authorization") == firstToken
		mu.Unlock()
		if refuse {
			echoSecrets(http.StatusUnauthorized, "application/json")(w, r)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	mux.HandleFunc("GET /echo/json", echoSecrets(http.StatusBadRequest, "application/json"))
	mux.HandleFunc("GET /echo/html", echoSecrets(http.StatusServiceUnavailable, "text/html"))
	srv := newServer(t, mux)
	echoToken := newServer(t, echoSecrets(http.StatusUnauthorized, "application/json"))

	log := &recordingLogger{}
	sl := &sleeper{}
	edit := func(cfg *Config) {
		cfg.Logger = log
		cfg.MaxRetries = 1
		cfg.RequestTimeout = 100 * time.Millisecond
	}
	c := newClient(srv.URL, clk, sl, edit)
	ctx := context.Background()
	var errs []error
	var tokens []string
	note := func(tok AccessToken, err error) {
		if err != nil {
			errs = append(errs, err)
		}
		if tok.Token != "" {
			tokens = append(tokens, tok.Token)
		}
	}

	// Success, cache, renewal, and refusals of every kind.
	for _, ks := range s.KeySets() {
		note(c.AccessToken(ctx, credentialsFromKeySet(ks)))
	}
	creds := demoCredentials(t, s)
	note(c.AccessToken(ctx, creds))
	note(c.fetchAccessToken(ctx, creds))
	swapped := creds
	swapped.ClientSecret, swapped.SubscriptionKey = credentialsOf(t, s, "234567", "test").ClientSecret, "0123456789abcdef0123456789abcdef"
	note(c.AccessToken(ctx, swapped))

	// Every fault of the matrix, on the token endpoint.
	for _, mode := range sandbox.FaultModes() {
		if _, err := s.AddFaultRule(sandbox.FaultRule{Route: sandbox.RouteAccessToken, Mode: mode}); err != nil {
			t.Fatal(err)
		}
		note(c.fetchAccessToken(ctx, creds))
		s.ClearFaultRules()
	}

	// A 401 that renews the token, and answers that echo the secrets back.
	for _, path := range []string{"/management/v1/sales-units/" + creds.MerchantSerialNumber, "/echo/json", "/echo/html"} {
		_, err := c.doAuthorized(ctx, creds, request{operation: "test", method: http.MethodGet, path: path, msn: creds.MerchantSerialNumber})
		if err != nil {
			errs = append(errs, err)
		}
		tok, _ := c.AccessToken(ctx, creds)
		tokens = append(tokens, tok.Token)
	}
	echoing := newClient(echoToken.URL, clk, sl, edit)
	note(echoing.AccessToken(ctx, creds))

	if len(errs) < len(sandbox.FaultModes()) {
		t.Fatalf("only %d failures: the run did not exercise the failure paths", len(errs))
	}
	var secrets []string
	for _, ks := range s.KeySets() {
		secrets = append(secrets, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary)
	}
	secrets = append(secrets, swapped.SubscriptionKey)
	secrets = append(secrets, tokens...)

	var texts []string
	for _, err := range errs {
		texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
	}
	entries := log.Entries()
	if len(entries) == 0 {
		t.Fatal("the Logger got nothing")
	}
	texts = append(texts, entries...)
	for _, text := range texts {
		for _, secret := range secrets {
			if secret != "" && strings.Contains(text, secret) {
				t.Errorf("a secret (%.4s…) leaked into: %.300s", secret, text)
			}
			// Half a secret is a leak too: a cut at the length limit must not expose it.
			if half := secret[:len(secret)/2]; len(half) >= minSecretLength && strings.Contains(text, half) {
				t.Errorf("half a secret (%.4s…) leaked into: %.300s", secret, text)
			}
		}
	}
}
