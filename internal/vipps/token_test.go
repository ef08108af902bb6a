// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

func TestAccessToken_sendsKeySetAndSystemHeaders(t *testing.T) {
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got http.Header
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = r.Header.Clone()
		mu.Unlock()
		s.ServeHTTP(w, r)
	}))

	tests := []struct {
		name string
		edit func(*Config)
		want map[string]string // "" means the header must be absent
	}{
		{
			name: "configured",
			edit: func(c *Config) {
				c.SystemName, c.SystemVersion = "acme", "3.1.2"
				c.PluginName, c.PluginVersion = "acme-webshop", "4.5.6"
			},
			want: map[string]string{
				"Vipps-System-Name": "acme", "Vipps-System-Version": "3.1.2",
				"Vipps-System-Plugin-Name": "acme-webshop", "Vipps-System-Plugin-Version": "4.5.6",
			},
		},
		{
			name: "defaults",
			want: map[string]string{
				"Vipps-System-Name": DefaultSystemName, "Vipps-System-Version": "",
				"Vipps-System-Plugin-Name": DefaultPluginName, "Vipps-System-Plugin-Version": "",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			creds := demoCredentials(t, s)
			c := newClient(srv.URL, clk, &sleeper{}, tt.edit)
			tok, err := c.AccessToken(context.Background(), creds)
			if err != nil {
				t.Fatalf("AccessToken: %v", err)
			}
			mu.Lock()
			h := got
			mu.Unlock()
			want := map[string]string{
				"client_id":                 creds.ClientID,
				"client_secret":             creds.ClientSecret,
				"Ocp-Apim-Subscription-Key": creds.SubscriptionKey,
				"Merchant-Serial-Number":    creds.MerchantSerialNumber,
				EnvironmentHeader:           keys.EnvironmentTest,
			}
			for k, v := range tt.want {
				want[k] = v
			}
			for name, v := range want {
				if h.Get(name) != v {
					t.Errorf("header %s = %q, want %q", name, h.Get(name), v)
				}
			}

			if tok.TokenType != "Bearer" {
				t.Errorf("TokenType = %q, want Bearer", tok.TokenType)
			}
			if !strings.HasPrefix(tok.Token, "eyJ") {
				t.Errorf("Token = %.20q…, want a JWT", tok.Token)
			}
			if tok.ExpiresIn != sandbox.TokenLifetimeTest {
				t.Errorf("ExpiresIn = %v, want %v", tok.ExpiresIn, sandbox.TokenLifetimeTest)
			}
			if want := start.Add(sandbox.TokenLifetimeTest); !tok.ExpiresOn.Equal(want) {
				t.Errorf("ExpiresOn = %v, want %v", tok.ExpiresOn, want)
			}
			if !tok.NotBefore.Equal(start) {
				t.Errorf("NotBefore = %v, want %v", tok.NotBefore, start)
			}
			if got, want := tok.AuthorizationHeader(), "Bearer "+tok.Token; got != want {
				t.Errorf("AuthorizationHeader() = %.20q…, want %.20q…", got, want)
			}
		})
	}
}

// rewriteTransport sends every request to target, after recording the host it was meant for.
type rewriteTransport struct {
	target string
	mu     sync.Mutex
	hosts  []string
}

func (rt *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.hosts = append(rt.hosts, r.URL.Scheme+"://"+r.URL.Host)
	rt.mu.Unlock()
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(rt.target, "http://")
	return http.DefaultTransport.RoundTrip(r)
}

func TestAccessToken_usesEnvironmentHostAndNoEnvironmentHeaderWithoutBaseURL(t *testing.T) {
	s, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var envHeaders []string
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		envHeaders = append(envHeaders, r.Header.Get(EnvironmentHeader))
		mu.Unlock()
		s.ServeHTTP(w, r)
	}))
	rt := &rewriteTransport{target: srv.URL}
	c := newClient("", newClock(), &sleeper{}, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: rt} })

	for _, env := range []string{keys.EnvironmentTest, keys.EnvironmentProduction} {
		if _, err := c.AccessToken(context.Background(), credentialsOf(t, s, sandbox.DemoMSN, env)); err != nil {
			t.Fatalf("AccessToken(%s): %v", env, err)
		}
	}
	wantHosts := []string{keys.BaseURLTest, keys.BaseURLProduction}
	if strings.Join(rt.hosts, " ") != strings.Join(wantHosts, " ") {
		t.Errorf("requests went to %v, want %v", rt.hosts, wantHosts)
	}
	for i, h := range envHeaders {
		if h != "" {
			t.Errorf("request %d sent %s: %q without a BaseURL override", i+1, EnvironmentHeader, h)
		}
	}
}

func TestAccessToken_servesSecondCallFromCache(t *testing.T) {
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk})
	c := newClient(srv.URL, clk, &sleeper{}, nil)
	creds := demoCredentials(t, s)

	first, err := c.AccessToken(context.Background(), creds)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.AccessToken(context.Background(), creds)
	if err != nil {
		t.Fatal(err)
	}
	if first.Token != second.Token {
		t.Error("the second call got another token")
	}
	if n := s.Stats()[tokenRoute]; n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

func TestAccessToken_differentSecretIsNotServedFromCache(t *testing.T) {
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk})
	c := newClient(srv.URL, clk, &sleeper{}, nil)
	creds := demoCredentials(t, s)
	if _, err := c.AccessToken(context.Background(), creds); err != nil {
		t.Fatal(err)
	}

	wrong := creds
	wrong.ClientSecret = "Y8Kteew6GE2ZmeycEt6eAA=="
	if _, err := c.AccessToken(context.Background(), wrong); !errors.Is(err, ErrKeysRejected) {
		t.Fatalf("AccessToken with a wrong secret: err = %v, want ErrKeysRejected", err)
	}
	if _, err := c.AccessToken(context.Background(), creds); err != nil {
		t.Fatal(err)
	}
	if n := s.Stats()[tokenRoute]; n != 2 {
		t.Errorf("token requests = %d, want 2 (right keys once, wrong secret once)", n)
	}
}

func TestAccessToken_renewsShortlyBeforeExpiry(t *testing.T) {
	tests := []struct {
		environment string
		life        time.Duration
	}{
		{keys.EnvironmentTest, sandbox.TokenLifetimeTest},
		{keys.EnvironmentProduction, sandbox.TokenLifetimeProduction},
	}
	for _, tt := range tests {
		t.Run(tt.environment, func(t *testing.T) {
			clk := newClock()
			s, srv := newSandbox(t, sandbox.Options{Clock: clk})
			c := newClient(srv.URL, clk, &sleeper{}, nil)
			creds := credentialsOf(t, s, sandbox.DemoMSN, tt.environment)

			first, err := c.AccessToken(context.Background(), creds)
			if err != nil {
				t.Fatal(err)
			}
			clk.Advance(tt.life - 5*time.Minute - time.Second)
			if tok, _ := c.AccessToken(context.Background(), creds); tok.Token != first.Token {
				t.Error("renewed more than five minutes before expiry")
			}
			clk.Advance(2 * time.Second)
			renewed, err := c.AccessToken(context.Background(), creds)
			if err != nil {
				t.Fatal(err)
			}
			if renewed.Token == first.Token {
				t.Error("not renewed within five minutes of expiry")
			}
			if n := s.Stats()[tokenRoute]; n != 2 {
				t.Errorf("token requests = %d, want 2", n)
			}
		})
	}
}

func TestAccessToken_collapsesConcurrentRequests(t *testing.T) {
	clk := newClock()
	// Latency keeps the first request in flight while the others arrive.
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, Latency: 20 * time.Millisecond})
	c := newClient(srv.URL, clk, &sleeper{}, nil)
	creds := demoCredentials(t, s)

	const callers = 50
	tokens := make([]string, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			tok, err := c.AccessToken(context.Background(), creds)
			tokens[i], errs[i] = tok.Token, err
		})
	}
	wg.Wait()
	for i := range callers {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if tokens[i] != tokens[0] {
			t.Fatalf("caller %d got another token", i)
		}
	}
	if n := s.Stats()[tokenRoute]; n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

func TestAccessToken_requestsOncePerCredential(t *testing.T) {
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, Latency: 10 * time.Millisecond})
	c := newClient(srv.URL, clk, &sleeper{}, nil)
	sets := s.KeySets()

	var mu sync.Mutex
	byMSN := map[string]map[string]bool{} // environment/MSN -> tokens seen
	var wg sync.WaitGroup
	for _, ks := range sets {
		for range 5 {
			wg.Go(func() {
				tok, err := c.AccessToken(context.Background(), credentialsFromKeySet(ks))
				if err != nil {
					t.Errorf("%s/%s: %v", ks.Environment, ks.MerchantSerialNumber, err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				k := ks.Environment + "/" + ks.MerchantSerialNumber
				if byMSN[k] == nil {
					byMSN[k] = map[string]bool{}
				}
				byMSN[k][tok.Token] = true
			})
		}
	}
	wg.Wait()
	if n := s.Stats()[tokenRoute]; n != len(sets) {
		t.Errorf("token requests = %d, want one per key set (%d)", n, len(sets))
	}
	for k, tokens := range byMSN {
		if len(tokens) != 1 {
			t.Errorf("%s: callers got %d different tokens, want 1", k, len(tokens))
		}
	}
}

func TestAccessToken_doesNotCacheFailures(t *testing.T) {
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk, Fault: sandbox.Fault503})
	c := newClient(srv.URL, clk, &sleeper{}, func(cfg *Config) { cfg.MaxRetries = 0 })
	creds := demoCredentials(t, s)

	if _, err := c.AccessToken(context.Background(), creds); !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrServer", err)
	}
	s.ClearFaultRules()
	if _, err := c.AccessToken(context.Background(), creds); err != nil {
		t.Fatalf("after the fault cleared: %v", err)
	}
	if n := s.Stats()[tokenRoute]; n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
}

func TestAccessToken_reportsMissingCredentialsWithoutARequest(t *testing.T) {
	s, srv := newSandbox(t, sandbox.Options{})
	c := newClient(srv.URL, newClock(), &sleeper{}, nil)
	creds := demoCredentials(t, s)
	creds.ClientSecret, creds.SubscriptionKey = "", ""

	_, err := c.AccessToken(context.Background(), creds)
	if !errors.Is(err, ErrMissingCredentials) {
		t.Fatalf("err = %v, want ErrMissingCredentials", err)
	}
	if !strings.Contains(err.Error(), "client_secret, subscription_key") {
		t.Errorf("err = %q, want it to name client_secret and subscription_key", err)
	}
	if n := s.Stats()[tokenRoute]; n != 0 {
		t.Errorf("token requests = %d, want 0", n)
	}
}

func TestAccessToken_stopsWaitingWhenContextIsCancelled(t *testing.T) {
	// The API asks for a two-minute pause; the caller gives up after 50 ms. The real Sleep is
	// used on purpose: the wait must end with the context, not with the pause.
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		writeAPIM(w, http.StatusTooManyRequests, "Rate limit is exceeded. Try again in 120 seconds.")
	}))
	c := New(Config{BaseURL: srv.URL, MaxRetries: 3, RetryTimeout: 10 * time.Minute}) // the pause fits the budget
	creds := Credentials{Environment: keys.EnvironmentTest, ClientID: keys.ExampleClientID,
		ClientSecret: keys.ExampleClientSecret, SubscriptionKey: keys.ExampleSubscriptionKey}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := c.AccessToken(ctx, creds)
	if took := time.Since(began); took > stuck {
		t.Errorf("AccessToken returned after %v, want promptly after the context ended", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestAccessToken_abandonedRequestStillAnswersOtherCallers(t *testing.T) {
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	arrived, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(arrived) })
		<-release
		s.ServeHTTP(w, r)
	}))
	c := newClient(srv.URL, clk, &sleeper{}, nil)
	creds := demoCredentials(t, s)

	impatient, cancel := context.WithCancel(context.Background())
	impatientErr := make(chan error, 1)
	go func() {
		_, err := c.AccessToken(impatient, creds)
		impatientErr <- err
	}()
	<-arrived
	patient := make(chan error, 1)
	go func() {
		_, err := c.AccessToken(context.Background(), creds)
		patient <- err
	}()

	waitForWaiters(t, c, creds, 2)
	cancel()
	if err := <-impatientErr; !errors.Is(err, context.Canceled) {
		t.Errorf("the caller that gave up: err = %v, want context.Canceled", err)
	}
	close(release)
	if err := <-patient; err != nil {
		t.Errorf("the caller that waited: %v", err)
	}
	if n := s.Stats()[tokenRoute]; n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

func TestAccessToken_stopsRequestWhenEveryCallerGivesUp(t *testing.T) {
	stopped := make(chan struct{})
	var once sync.Once
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			once.Do(func() { close(stopped) })
		case <-time.After(5 * time.Second):
		}
	}))
	c := New(Config{BaseURL: srv.URL, MaxRetries: 3, RetryTimeout: 10 * time.Minute}) // the pause fits the budget
	creds := Credentials{Environment: keys.EnvironmentTest, ClientID: keys.ExampleClientID,
		ClientSecret: keys.ExampleClientSecret, SubscriptionKey: keys.ExampleSubscriptionKey}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.AccessToken(ctx, creds); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	select {
	case <-stopped:
	case <-time.After(2 * time.Second):
		t.Error("the token request kept running after its only caller gave up")
	}
}

// waitForWaiters waits until n callers wait for the token request of creds.
func waitForWaiters(t *testing.T, c *Client, creds Credentials, n int) {
	t.Helper()
	key := c.tokens.cacheKey(creds)
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); {
		c.tokens.mu.Lock()
		call := c.tokens.calls[key]
		waiting := call != nil && call.waiters >= n
		c.tokens.mu.Unlock()
		if waiting {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("fewer than %d callers waited for the token request", n)
}
