package vipps

import (
	"context"
	"fmt"
	"net/http"
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
