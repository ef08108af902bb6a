// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// Credentials are one key set's means to get an access token: a sales unit's keys, or partner
// keys acting for the merchant named by MerchantSerialNumber. The type lives with the key set
// rules, so a keys.KeySet can build them per subscription key slot.
type Credentials = keys.Credentials

// AccessToken is a token from POST /accesstoken/get.
type AccessToken struct {
	Token     string
	TokenType string
	ExpiresIn time.Duration
	ExpiresOn time.Time
	NotBefore time.Time
	// refreshAt is when the cache stops handing this token out.
	refreshAt time.Time
	// expiry is when the token expires by our clock (receipt plus expires_in).
	expiry time.Time
}

// Expiry is when the token expires by the local clock: the time it was received plus its
// expires_in. Unlike ExpiresOn, the server's own statement, it is free of clock skew; decide
// by it when to stop using the token.
func (t AccessToken) Expiry() time.Time {
	if t.expiry.IsZero() {
		return t.ExpiresOn
	}
	return t.expiry
}

// AuthorizationHeader is the value of the Authorization header for this token.
func (t AccessToken) AuthorizationHeader() string {
	typ := t.TokenType
	if typ == "" || strings.EqualFold(typ, "bearer") {
		typ = "Bearer" // the API insists on this exact case
	}
	return typ + " " + t.Token
}

// AccessToken returns a valid token for the credentials. Tokens are cached per credential and
// renewed shortly before they expire; concurrent calls for the same credential wait for one
// request instead of sending their own.
func (c *Client) AccessToken(ctx context.Context, creds Credentials) (AccessToken, error) {
	return c.tokens.get(ctx, creds)
}

// fetchAccessToken exchanges the credentials for a token, without the cache.
func (c *Client) fetchAccessToken(ctx context.Context, creds Credentials) (AccessToken, error) {
	const operation = "exchange API keys for an access token"
	if missing := creds.Missing(); len(missing) > 0 {
		return AccessToken{}, fmt.Errorf("%s: %w: %s not set", operation, ErrMissingCredentials, strings.Join(missing, ", "))
	}
	c.redactor.Add(creds.ClientID, creds.ClientSecret, creds.SubscriptionKey)
	h := http.Header{}
	h.Set("client_id", creds.ClientID)
	h.Set("client_secret", creds.ClientSecret)
	h.Set("Ocp-Apim-Subscription-Key", creds.SubscriptionKey)
	resp, err := c.do(ctx, request{
		operation:   operation,
		method:      http.MethodPost,
		path:        "/accesstoken/get",
		environment: creds.Environment,
		msn:         creds.MerchantSerialNumber,
		header:      h,
		token:       true,
		check: func(body []byte) error {
			_, err := parseAccessToken(body, c.cfg.Clock.Now())
			return err
		},
	})
	if err != nil {
		return AccessToken{}, err
	}
	tok, err := parseAccessToken(resp.body, c.cfg.Clock.Now())
	if err != nil { // check passed the same body a moment ago
		return AccessToken{}, fmt.Errorf("%s: %w: %v", operation, ErrMalformedResponse, err)
	}
	c.redactor.Add(tok.Token)
	return tok, nil
}

// flexString accepts a JSON string or number: the API sends numbers as strings, its spec's
// examples as bare numbers.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		*f = ""
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number, got %.20s", b)
	}
	*f = flexString(n.String())
	return nil
}

type accessTokenBody struct {
	TokenType   flexString `json:"token_type"`
	ExpiresIn   flexString `json:"expires_in"`
	ExpiresOn   flexString `json:"expires_on"`
	NotBefore   flexString `json:"not_before"`
	AccessToken flexString `json:"access_token"`
}

// parseAccessToken reads a token answer. The message of a returned error never contains the
// body: it may hold a token.
func parseAccessToken(body []byte, now time.Time) (AccessToken, error) {
	var b accessTokenBody
	if err := json.Unmarshal(body, &b); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return AccessToken{}, fmt.Errorf("the access token answer is not valid JSON (at byte %d)", syn.Offset)
		}
		return AccessToken{}, errors.New("the access token answer does not have the documented fields")
	}
	switch {
	case b.AccessToken == "":
		return AccessToken{}, errors.New("the access token answer has no access_token")
	case len(b.AccessToken) > maxTokenLength:
		return AccessToken{}, fmt.Errorf("the access token answer holds an access_token longer than any token (%d KiB)", maxTokenLength>>10)
	case !isToken68(string(b.AccessToken)):
		// It goes into an Authorization header: a line break there would end the header.
		return AccessToken{}, errors.New("the access token answer holds an access_token with characters no token has")
	case b.TokenType != "" && !isAuthScheme(string(b.TokenType)):
		return AccessToken{}, errors.New("the access token answer names a token_type that is not an authentication scheme")
	}
	tok := AccessToken{Token: string(b.AccessToken), TokenType: string(b.TokenType)}
	if secs, err := parseSeconds(string(b.ExpiresIn)); err == nil && secs > 0 {
		tok.ExpiresIn = time.Duration(min(secs, maxExpiresIn)) * time.Second
	}
	if on, err := parseSeconds(string(b.ExpiresOn)); err == nil && on > 0 {
		tok.ExpiresOn = time.Unix(on, 0).UTC()
	}
	if nb, err := parseSeconds(string(b.NotBefore)); err == nil && nb > 0 {
		tok.NotBefore = time.Unix(nb, 0).UTC()
	}
	switch {
	case tok.ExpiresIn == 0 && tok.ExpiresOn.IsZero():
		return AccessToken{}, errors.New("the access token answer says neither expires_in nor expires_on")
	case tok.ExpiresIn == 0:
		tok.ExpiresIn = tok.ExpiresOn.Sub(now)
	case tok.ExpiresOn.IsZero():
		tok.ExpiresOn = now.Add(tok.ExpiresIn).UTC().Truncate(time.Second)
	}
	// Count the lifetime from our own clock, whatever the server's clock says: it is our
	// clock that decides when we send the token. expires_in is a duration, free of clock
	// skew; the server's expires_on counts only when the answer has no expires_in.
	tok.refreshAt = now.Add(tok.ExpiresIn - refreshMargin(tok.ExpiresIn))
	tok.expiry = now.Add(tok.ExpiresIn).UTC().Truncate(time.Second)
	return tok, nil
}

// maxTokenLength bounds an access token. Azure AD's are one to a few kilobytes; HTTP servers
// refuse headers much longer than this.
const maxTokenLength = 64 << 10

// isToken68 reports whether s is a bearer token as RFC 6750 defines it (token68 of RFC 7235):
// letters, digits and -._~+/, then any number of =.
func isToken68(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !isAlnum(c) && !strings.ContainsRune("-._~+/", rune(c)) {
			return false
		}
	}
	return true
}

// isAuthScheme reports whether s is an authentication scheme: an HTTP token (RFC 9110).
func isAuthScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return s != ""
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// maxExpiresIn (a year, in seconds) keeps an absurd expires_in from overflowing a Duration.
const maxExpiresIn = 366 * 24 * 60 * 60

func parseSeconds(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = s[:i]
	}
	return strconv.ParseInt(s, 10, 64)
}

// refreshMargin is how long before expiry a token is renewed: five minutes for the usual
// one- and 24-hour tokens, a quarter of the lifetime for short ones.
func refreshMargin(life time.Duration) time.Duration {
	return max(0, min(5*time.Minute, life/4))
}

// tokenCache holds one token per credential and collapses concurrent fetches.
type tokenCache struct {
	client *Client
	mu     sync.Mutex
	tokens map[string]AccessToken
	calls  map[string]*tokenCall
}

// tokenCall is one token request in flight and the callers waiting for it.
type tokenCall struct {
	done    chan struct{}
	tok     AccessToken
	err     error
	waiters int                // guarded by tokenCache.mu
	cancel  context.CancelFunc // stops the request once no caller waits for it
}

func newTokenCache(c *Client) *tokenCache {
	return &tokenCache{client: c, tokens: map[string]AccessToken{}, calls: map[string]*tokenCall{}}
}

// cacheKey identifies a credential. The secret is hashed into it so that a wrong secret for a
// known client_id is never answered from the cache.
func (tc *tokenCache) cacheKey(creds Credentials) string {
	base, _ := tc.client.BaseURL(creds.Environment)
	secret := sha256.Sum256([]byte(creds.ClientSecret))
	return strings.Join([]string{base, creds.Environment, creds.ClientID, creds.SubscriptionKey,
		creds.MerchantSerialNumber, hex.EncodeToString(secret[:])}, "\x00")
}

func (tc *tokenCache) get(ctx context.Context, creds Credentials) (AccessToken, error) {
	if err := ctx.Err(); err != nil { // an interrupted run starts nothing new
		return AccessToken{}, fmt.Errorf("exchange API keys for an access token: %w", err)
	}
	key := tc.cacheKey(creds)
	tc.mu.Lock()
	if tok, ok := tc.tokens[key]; ok && tc.client.cfg.Clock.Now().Before(tok.refreshAt) {
		tc.mu.Unlock()
		return tok, nil
	}
	call, ok := tc.calls[key]
	if !ok {
		// The request outlives a caller that gives up, so the others waiting on it still get
		// an answer; it stops when the last waiting caller gives up.
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		call = &tokenCall{done: make(chan struct{}), cancel: cancel}
		tc.calls[key] = call
		go tc.fetch(fctx, key, creds, call)
	}
	call.waiters++
	tc.mu.Unlock()

	select {
	case <-call.done:
		return call.tok, call.err
	case <-ctx.Done():
		tc.mu.Lock()
		call.waiters--
		if call.waiters == 0 {
			call.cancel()
			if tc.calls[key] == call {
				delete(tc.calls, key) // the next caller starts afresh
			}
		}
		tc.mu.Unlock()
		return AccessToken{}, fmt.Errorf("exchange API keys for an access token: %w", ctx.Err())
	}
}

// fetch runs one token request for every caller waiting on call.
func (tc *tokenCache) fetch(ctx context.Context, key string, creds Credentials, call *tokenCall) {
	defer call.cancel()
	tok, err := tc.client.fetchAccessToken(ctx, creds)
	tc.mu.Lock()
	call.tok, call.err = tok, err
	if tc.calls[key] == call {
		delete(tc.calls, key)
	}
	switch {
	case err == nil:
		tc.tokens[key] = tok
	case ctx.Err() == nil:
		delete(tc.tokens, key) // an abandoned request says nothing about the cached token
	}
	tc.mu.Unlock()
	close(call.done)
}

// forget drops a cached token that the API no longer accepts.
func (tc *tokenCache) forget(creds Credentials, token string) {
	key := tc.cacheKey(creds)
	tc.mu.Lock()
	if tok, ok := tc.tokens[key]; ok && tok.Token == token {
		delete(tc.tokens, key)
	}
	tc.mu.Unlock()
}

// doAuthorized sends a request with a token for the credentials, and on an unexpected 401
// renews the token once and tries once more.
func (c *Client) doAuthorized(ctx context.Context, creds Credentials, req request) (*response, error) {
	for renewed := false; ; renewed = true {
		tok, err := c.AccessToken(ctx, creds)
		if err != nil {
			return nil, err
		}
		req.header = cloneHeader(req.header)
		req.header.Set("Authorization", tok.AuthorizationHeader())
		req.header.Set("Ocp-Apim-Subscription-Key", creds.SubscriptionKey)
		if req.environment == "" {
			req.environment = creds.Environment
		}
		resp, err := c.do(ctx, req)
		if err == nil || renewed || !errors.Is(err, ErrUnauthorized) {
			return resp, err
		}
		c.log(ctx, "the API refused a cached access token; renewing it once", map[string]any{"path": req.path})
		c.tokens.forget(creds, tok.Token)
	}
}

func cloneHeader(h http.Header) http.Header {
	if h == nil {
		return http.Header{}
	}
	return h.Clone()
}
