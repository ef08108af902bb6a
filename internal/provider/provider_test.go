// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// testProviderFactories serves the provider in-process, as Terraform sees it: through the same
// server as main.go.
var testProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"vippsmobilepay": func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server("test")(), nil },
}

// testSandbox is a Vipps API twin started for one test, torn down with it.
type testSandbox struct {
	*sandbox.Sandbox
	URL string

	mu     sync.Mutex
	tokens []string // every access token the sandbox issued, to search logs for

	// onRequest, when set, sees every request before the sandbox does.
	onRequest func(*http.Request)

	// answer, when set, may answer an API request in the sandbox's place (a gateway's answer
	// the sandbox never gives); it reports whether it did.
	answer func(http.ResponseWriter, *http.Request) bool
}

// answerWith makes every request to path get status and body, as a gateway or proxy in front
// of the API would answer; answerWith("", 0, "") stops it.
func (s *testSandbox) answerWith(path string, status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if path == "" {
		s.answer = nil
		return
	}
	s.answer = func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, path) {
			return false
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if status >= 300 && status < 400 {
			w.Header().Set("Location", "https://portal.vippsmobilepay.com/login")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
		return true
	}
}

// addFaultRule adds a sandbox fault rule ("the first request to this route gets 503") and
// fails the test when the sandbox refuses the rule. Rules are the sandbox's own, counted under
// its lock, so they hold under concurrent requests.
func (s *testSandbox) addFaultRule(t testing.TB, r sandbox.FaultRule) {
	t.Helper()
	if _, err := s.AddFaultRule(r); err != nil {
		t.Fatalf("sandbox fault rule %s: %v", r, err)
	}
}

func startSandbox(t testing.TB, opts sandbox.Options) *testSandbox {
	t.Helper()
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	ts := &testSandbox{Sandbox: sb}
	srv := httptest.NewServer(http.HandlerFunc(ts.serveRecordingTokens))
	t.Cleanup(srv.Close)
	ts.URL = srv.URL
	return ts
}

// anotherURL serves the same sandbox at a second address, as a sandbox restarted on another
// port (with its state kept) or a new proxy would.
func (s *testSandbox) anotherURL(t testing.TB) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(s.serveRecordingTokens))
	t.Cleanup(srv.Close)
	return srv.URL
}

// serveRecordingTokens passes requests to the sandbox and notes the tokens it hands out.
func (s *testSandbox) serveRecordingTokens(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	answer := s.answer
	s.mu.Unlock()
	if answer != nil && answer(w, r) {
		return
	}
	if s.onRequest != nil {
		s.onRequest(r)
	}
	if r.URL.Path != "/accesstoken/get" {
		s.Sandbox.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	s.Sandbox.ServeHTTP(rec, r)
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if json.Unmarshal(rec.Body.Bytes(), &body) == nil && body.AccessToken != "" {
		s.mu.Lock()
		s.tokens = append(s.tokens, body.AccessToken)
		s.mu.Unlock()
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// IssuedTokens returns every access token the sandbox has handed out so far.
func (s *testSandbox) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.tokens...)
}

// providerBlock is the provider configuration every acceptance test starts from.
func (s *testSandbox) providerBlock() string {
	return fmt.Sprintf(`
provider "vippsmobilepay" {
  base_url    = %q
  max_retries = 1
}
`, s.URL)
}

// providerCredentialsBlock is providerBlock with the provider's own credentials, written in
// the configuration rather than in VIPPSMOBILEPAY_* variables so that the test can run in
// parallel (TestProvider_everyArgumentFromEnvironmentVariables covers the variables).
func providerCredentialsBlock(s *testSandbox, ks keys.KeySet) string {
	return s.providerBlockWith(
		fmt.Sprintf("client_id              = %q", ks.ClientID),
		fmt.Sprintf("client_secret          = %q", ks.ClientSecret),
		fmt.Sprintf("subscription_key       = %q", ks.SubscriptionKeyPrimary),
		fmt.Sprintf("merchant_serial_number = %q", ks.MerchantSerialNumber),
	)
}

// tokenRequests reads how many token exchanges the sandbox has answered.
func (s *testSandbox) tokenRequests() int {
	return s.Stats()["POST /accesstoken/get"]
}

// keySet returns the sandbox's key set for an MSN in an environment.
func (s *testSandbox) keySet(t *testing.T, msn, environment string) keys.KeySet {
	t.Helper()
	for _, ks := range s.KeySets() {
		if ks.MerchantSerialNumber == msn && ks.Environment == environment {
			return ks
		}
	}
	t.Fatalf("the sandbox has no key set for MSN %s in %s", msn, environment)
	return keys.KeySet{}
}

// exampleKeySet is the demo sales unit 123456 in test, with the API keys page's example keys.
func exampleKeySet() keys.KeySet {
	return keys.KeySet{
		MerchantSerialNumber:   keys.ExampleMerchantSerialNumber,
		Environment:            keys.EnvironmentTest,
		ClientID:               keys.ExampleClientID,
		ClientSecret:           keys.ExampleClientSecret,
		SubscriptionKeyPrimary: keys.ExampleSubscriptionKey,
	}
}

// logCapture collects everything the provider logs at TRACE during a test, so tests can prove
// that no secret reaches the log. tflog writes to the sink plugin-testing configures from
// TF_LOG_PATH_MASK/TF_ACC_LOG_PATH; here we point the provider's own log at a file instead.
type logCapture struct {
	mu   sync.Mutex
	path string
}

func captureTraceLogs(t *testing.T) *logCapture {
	t.Helper()
	dir := t.TempDir()
	p := dir + "/trace.log"
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", p)
	t.Setenv("TF_LOG_PROVIDER", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", p)
	return &logCapture{path: p}
}

func (l *logCapture) contents(t *testing.T) string {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, err := os.ReadFile(l.path)
	if err != nil {
		t.Fatalf("read trace log: %v", err)
	}
	return string(b)
}

// expectErrorWords is the ExpectError of every test here (testutil.ErrorWords).
var expectErrorWords = testutil.ErrorWords

func TestProvider_schemaIsValid(t *testing.T) {
	t.Parallel()
	server, err := testProviderFactories["vippsmobilepay"]()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Errorf("schema error: %s: %s", d.Summary, d.Detail)
		}
	}
	var buf bytes.Buffer
	describe := func(kind string, schemas map[string]*tfprotov6.Schema) {
		for name, s := range schemas {
			if s.Block.Description == "" {
				fmt.Fprintf(&buf, "%s %s has no description\n", kind, name)
			}
			for _, a := range s.Block.Attributes {
				if a.Description == "" {
					fmt.Fprintf(&buf, "%s %s.%s has no description\n", kind, name, a.Name)
				}
				if a.NestedType != nil {
					for _, n := range a.NestedType.Attributes {
						if n.Description == "" {
							fmt.Fprintf(&buf, "%s %s.%s.%s has no description\n", kind, name, a.Name, n.Name)
						}
					}
				}
			}
		}
	}
	describe("resource", resp.ResourceSchemas)
	describe("data source", resp.DataSourceSchemas)
	describe("ephemeral resource", resp.EphemeralResourceSchemas)
	describe("provider", map[string]*tfprotov6.Schema{"vippsmobilepay": resp.Provider})
	describe("list resource", resp.ListResourceSchemas)
	actions := map[string]*tfprotov6.Schema{}
	for name, a := range resp.ActionSchemas {
		actions[name] = a.Schema
	}
	describe("action", actions)
	identities, err := server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range identities.IdentitySchemas {
		for _, a := range s.IdentityAttributes {
			if a.Description == "" {
				fmt.Fprintf(&buf, "identity of %s: %s has no description\n", name, a.Name)
			}
		}
	}
	for _, want := range []string{"vippsmobilepay_key_set", "vippsmobilepay_product_order"} {
		if identities.IdentitySchemas[want] == nil {
			fmt.Fprintf(&buf, "resource %s has no identity\n", want)
		}
	}
	for name, f := range resp.Functions {
		if f.Summary == "" || f.Description == "" {
			fmt.Fprintf(&buf, "function %s has no summary or description\n", name)
		}
		for _, p := range f.Parameters {
			if p.Description == "" {
				fmt.Fprintf(&buf, "function %s parameter %s has no description\n", name, p.Name)
			}
		}
	}
	if buf.Len() > 0 {
		t.Error(buf.String())
	}
}
