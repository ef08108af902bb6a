// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package vipps is the typed client of the Vipps MobilePay APIs the provider uses: the Access
// Token API and the Management API. It caches access tokens, retries what is safe to retry,
// turns every failure into a typed error and masks every secret it handles. It knows nothing
// of Terraform.
package vipps

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// Defaults for Config.
const (
	DefaultMaxRetries     = 4
	DefaultRequestTimeout = 30 * time.Second
	DefaultSystemName     = "terraform"
	DefaultPluginName     = "terraform-provider-vippsmobi" // the header allows 30 characters
)

// EnvironmentHeader tells a twin of the API which environment a request is meant for. The real
// hosts do not need it (the host says it); the client sends it only with a BaseURL override, so
// one sandbox can keep test and production apart as the real API does.
const EnvironmentHeader = "X-Vippsmobilepay-Environment"

// maxBodyBytes bounds what the client reads of any answer. No answer of the API comes near it;
// a longer one is cut here, and a 2xx one counts as malformed.
const maxBodyBytes = 1 << 20

// maxLocationLength bounds the part of a redirect's Location an error shows.
const maxLocationLength = 200

// Logger receives the client's debug events. Fields never hold a secret: the client redacts
// them first. Implementations may mask further.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Config configures a Client. The zero value talks to the real API, without retries.
type Config struct {
	// BaseURL overrides the environment's base URL for every request (a sandbox, a proxy).
	BaseURL string
	// HTTPClient is shared by every request; nil means a pooled client of our own.
	HTTPClient *http.Client

	SystemName    string
	SystemVersion string
	PluginName    string
	PluginVersion string

	// MaxRetries bounds the retries of one request after server errors and failed
	// connections; a 429 is retried within RetryTimeout instead. 0 means no retries at all.
	// The provider passes DefaultMaxRetries unless told otherwise.
	MaxRetries int
	// RequestTimeout bounds each attempt; waits between attempts are bounded by the context.
	RequestTimeout time.Duration
	// RetryTimeout is the retry budget of one request: no wait between attempts runs past it,
	// counted from the first attempt. 0 means DefaultRetryTimeout. See retry.go.
	RetryTimeout time.Duration

	Logger Logger
	// Clock tells the time for token expiry and Retry-After dates; nil means the system clock.
	Clock clock.Clock
	// Sleep waits between attempts; tests of backoff replace it. nil means a real wait.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client is safe for concurrent use; one is shared by every resource of a Terraform run.
type Client struct {
	cfg      Config
	http     *http.Client
	redactor *Redactor
	tokens   *tokenCache
	hosts    sync.Map // base URL → *apiHost, what requests to it have learnt
}

// New returns a Client.
func New(cfg Config) *Client {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: newTransport()}
	}
	if cfg.HTTPClient.CheckRedirect == nil {
		// net/http would send client_secret, the subscription key and the token on to
		// wherever a redirect points, and turn a POST into a GET. The API never redirects, so
		// a redirect is reported instead (see attempt).
		hc := *cfg.HTTPClient
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		cfg.HTTPClient = &hc
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.SystemName == "" {
		cfg.SystemName = DefaultSystemName
	}
	if cfg.PluginName == "" {
		cfg.PluginName = DefaultPluginName
	}
	cfg.Clock = clock.OrReal(cfg.Clock)
	if cfg.Sleep == nil {
		cfg.Sleep = sleepContext
	}
	c := &Client{cfg: cfg, http: cfg.HTTPClient, redactor: NewRedactor()}
	c.tokens = newTokenCache(c)
	return c
}

// newTransport is a pooled transport sized for fleets: thousands of key sets share it.
func newTransport() *http.Transport {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by some other package; start from net/http's own settings
		base = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t := base.Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 64
	t.IdleConnTimeout = 90 * time.Second
	return t
}

// Redactor returns the client's redactor, so callers can mask what they log themselves.
func (c *Client) Redactor() *Redactor { return c.redactor }

// BaseURL returns the base URL requests for an environment go to.
func (c *Client) BaseURL(environment string) (string, error) {
	if c.cfg.BaseURL != "" {
		return strings.TrimRight(c.cfg.BaseURL, "/"), nil
	}
	return keys.BaseURL(environment)
}

// request is one API call, described before it is sent so it can be sent again.
type request struct {
	operation   string
	method      string
	path        string
	environment string
	msn         string
	header      http.Header
	body        []byte
	token       bool // the token endpoint: its refusals can identify a wrong key
	// check, when set, vets a 2xx body. A body it refuses (truncated, not the documented
	// shape) is a transient fault like a 502, and is retried.
	check func(body []byte) error
}

// response is a successful (2xx) answer.
type response struct {
	host   string // scheme and host that answered
	path   string // as sent, after the base URL's own path
	status int
	header http.Header
	body   []byte // valid UTF-8 (see decodeBody)
}

// do sends a request, retrying 429, 5xx and transport failures as retry.go describes, and
// returns the first 2xx answer or a typed error.
func (c *Client) do(ctx context.Context, req request) (*response, error) {
	base, err := c.BaseURL(req.environment)
	if err != nil {
		return nil, err
	}
	target := base + req.path
	r := c.newRetryState(base)
	wait := r.gateWait() // a Retry-After another request got holds this one back too
	if wait > 0 {
		if !r.fits(wait) {
			return nil, r.h.report(ctx, r.notSent(req, wait))
		}
		c.log(ctx, "waiting for the API's Retry-After", map[string]any{"operation": req.operation, "wait": wait.String()})
	}
	var lastErr error
	for attempt := 1; ; attempt++ {
		if wait > 0 {
			if err := r.sleep(ctx, wait); err != nil {
				break
			}
		}
		timeout, ok := r.admit()
		if !ok {
			if lastErr == nil {
				return nil, r.h.report(ctx, r.notSent(req, 0))
			}
			break
		}
		resp, retryAfter, err := r.send(ctx, req, target, attempt, timeout)
		r.release()
		if err == nil {
			return resp, nil
		}
		lastErr = err
		var retry bool
		if wait, retry = r.next(ctx, attempt, retryAfter, err); !retry {
			break
		}
		c.log(ctx, "retrying Vipps MobilePay API request", map[string]any{
			"operation": req.operation, "attempt": attempt, "wait": wait.String(), "error": c.redactor.Redact(err.Error()),
		})
	}
	if lastErr == nil { // the context ended while the request waited to be sent
		return nil, fmt.Errorf("%s: %s %s not sent: %w", req.operation, req.method, target, ctx.Err())
	}
	final := finalError(ctx, lastErr)
	var tErr *TransportError
	if errors.As(final, &tErr) {
		tErr.othersAnswered = r.h.answers.Load() > r.answers
	}
	return nil, r.h.report(ctx, final)
}

// finalError is the error a request ends with. When the caller gave up (Ctrl-C, a deadline),
// a transport error wraps the context's error, so errors.Is(err, context.Canceled) holds and
// the diagnostic can say "cancelled" rather than "unreachable".
func finalError(ctx context.Context, err error) error {
	var apiErr *APIError
	var tErr *TransportError
	switch {
	case errors.As(err, &apiErr):
		return apiErr
	case errors.As(err, &tErr):
		if ctx.Err() != nil && !errors.Is(tErr.Err, ctx.Err()) {
			tErr.Err = fmt.Errorf("%w (%v)", ctx.Err(), tErr.Err)
		}
		return tErr
	}
	return err
}

// attempt sends one request. retryAfter is negative when the failure must not be retried,
// zero for "back off as usual", and positive when the API said how long to wait.
func (c *Client) attempt(ctx context.Context, req request, target string, n int) (*response, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()

	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hreq, err := http.NewRequestWithContext(actx, req.method, target, body)
	if err != nil {
		return nil, -1, fmt.Errorf("%s: build request: %w", req.operation, err)
	}
	c.setHeaders(hreq, req)
	// Logs and errors name the path as sent: after a base URL's own path (a proxy's prefix, or a
	// base_url that already ends in an API path, which they should make plain).
	req.path = hreq.URL.EscapedPath()

	start := c.cfg.Clock.Now()
	c.logRequest(ctx, hreq, n)
	host := hreq.URL.Scheme + "://" + hreq.URL.Host
	hresp, err := c.http.Do(hreq)
	if err != nil {
		// Redact before clean cuts the text short: half a secret is still too much.
		msg := clean(c.redactor.Redact(transportMessage(err)))
		c.log(ctx, "Vipps MobilePay API request failed", map[string]any{
			"method": req.method, "path": req.path, "attempt": n, "error": msg,
		})
		terr := &TransportError{Operation: req.operation, Method: req.method, Host: host, Path: req.path,
			MerchantSerialNumber: req.msn, Attempts: n, Err: errors.New(msg), kind: tlsFailure(err)}
		if ctx.Err() != nil || terr.kind != nil {
			return nil, -1, terr // the same server answers the same way every time
		}
		return nil, 0, terr
	}
	defer hresp.Body.Close()
	raw, readErr := io.ReadAll(io.LimitReader(hresp.Body, maxBodyBytes+1))
	oversized := len(raw) > maxBodyBytes
	if oversized {
		raw = raw[:maxBodyBytes]
	}
	contentType := hresp.Header.Get("Content-Type")
	text := decodeBody(contentType, raw)
	c.logResponse(ctx, req, hresp, text, c.cfg.Clock.Now().Sub(start))
	if readErr != nil {
		terr := &TransportError{Operation: req.operation, Method: req.method, Host: host, Path: req.path,
			MerchantSerialNumber: req.msn, Attempts: n, Err: errors.New(clean(c.redactor.Redact(transportMessage(readErr))))}
		return nil, 0, terr
	}

	if hresp.StatusCode >= 200 && hresp.StatusCode < 300 {
		malformed := ""
		switch {
		case oversized:
			malformed = fmt.Sprintf("the answer is larger than %d MiB, far larger than any answer of this API", maxBodyBytes>>20)
		case req.check != nil:
			if err := req.check(text); err != nil {
				malformed = err.Error()
			}
		}
		if malformed != "" {
			return nil, 0, &APIError{Operation: req.operation, Method: req.method, Host: host, Path: req.path,
				MerchantSerialNumber: req.msn, StatusCode: hresp.StatusCode, Message: malformed, Attempts: n,
				kind: ErrMalformedResponse}
		}
		return &response{host: host, path: req.path, status: hresp.StatusCode, header: hresp.Header, body: text}, 0, nil
	}

	// Redact the whole body before parsing cuts it short: a secret cut in half by the
	// length limit would no longer match, and half a secret is still too much.
	redacted := c.redactor.Redact(string(text))
	code, msg := parseErrorText(contentType, redacted)
	if hresp.StatusCode >= 300 && hresp.StatusCode < 400 {
		location := truncate(clean(c.redactor.Redact(hresp.Header.Get("Location"))), maxLocationLength)
		msg = clean("the API answered with a redirect to " + location + ", which the client does not follow; check base_url")
	}
	refused := ""
	if req.token {
		refused = tokenRefusal([]byte(redacted))
	}
	apiErr := &APIError{
		Operation:            req.operation,
		Method:               req.method,
		Host:                 host,
		Path:                 req.path,
		MerchantSerialNumber: req.msn,
		StatusCode:           hresp.StatusCode,
		Code:                 c.redactor.Redact(code),
		Message:              c.redactor.Redact(msg),
		Attempts:             n,
		kind:                 kindForStatus(hresp.StatusCode, refused),
		refused:              refused,
	}
	if slices.Contains(RetriedStatuses, hresp.StatusCode) {
		return nil, parseRetryAfter(hresp.Header.Get("Retry-After"), c.cfg.Clock.Now()), apiErr
	}
	return nil, -1, apiErr
}

func (c *Client) setHeaders(hreq *http.Request, req request) {
	for name, values := range req.header {
		for _, v := range values {
			hreq.Header.Add(name, v)
		}
	}
	hreq.Header.Set("Accept", "application/json")
	if req.body != nil && hreq.Header.Get("Content-Type") == "" {
		hreq.Header.Set("Content-Type", "application/json")
	}
	setIfNotEmpty(hreq.Header, "Merchant-Serial-Number", req.msn)
	setIfNotEmpty(hreq.Header, "Vipps-System-Name", c.cfg.SystemName)
	setIfNotEmpty(hreq.Header, "Vipps-System-Version", c.cfg.SystemVersion)
	setIfNotEmpty(hreq.Header, "Vipps-System-Plugin-Name", c.cfg.PluginName)
	setIfNotEmpty(hreq.Header, "Vipps-System-Plugin-Version", c.cfg.PluginVersion)
	if c.cfg.BaseURL != "" {
		setIfNotEmpty(hreq.Header, EnvironmentHeader, req.environment)
	}
}

func setIfNotEmpty(h http.Header, name, value string) {
	if value != "" {
		h.Set(name, value)
	}
}

// transportMessage describes a transport failure without the URL noise net/http adds.
// tlsFailure is the kind of a transport error that no retry cures, because it comes from how
// the server speaks, not from the network: plain HTTP to an https:// URL, or a certificate this
// machine does not trust.
func tlsFailure(err error) error {
	var verify *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.Is(err, http.ErrSchemeMismatch):
		return ErrPlainHTTP
	case errors.As(err, &verify), errors.As(err, &unknownCA), errors.As(err, &hostname), errors.As(err, &invalid):
		return ErrCertificate
	}
	return nil
}

func transportMessage(err error) string {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		return "timed out waiting for an answer: " + err.Error()
	}
	return err.Error()
}

func (c *Client) log(ctx context.Context, msg string, fields map[string]any) {
	if c.cfg.Logger != nil {
		c.cfg.Logger.Debug(ctx, msg, fields)
	}
}

func (c *Client) logRequest(ctx context.Context, hreq *http.Request, attempt int) {
	if c.cfg.Logger == nil {
		return
	}
	c.log(ctx, "Vipps MobilePay API request", map[string]any{
		"method":  hreq.Method,
		"url":     c.redactor.Redact(hreq.URL.String()),
		"attempt": attempt,
		"headers": c.loggableHeaders(hreq.Header),
	})
}

func (c *Client) logResponse(ctx context.Context, req request, hresp *http.Response, body []byte, took time.Duration) {
	if c.cfg.Logger == nil {
		return
	}
	fields := map[string]any{
		"method":   req.method,
		"path":     req.path,
		"status":   hresp.StatusCode,
		"duration": took.String(),
		"headers":  c.loggableHeaders(hresp.Header),
	}
	// A token answer is all secret; an error answer is useful and is redacted.
	if req.token && hresp.StatusCode < 300 {
		fields["body"] = "(access token response, not logged)"
	} else {
		fields["body"] = clean(c.redactor.Redact(string(body)))
	}
	c.log(ctx, "Vipps MobilePay API response", fields)
}

func (c *Client) loggableHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		if IsSensitiveHeader(name) {
			out[name] = Mask
			continue
		}
		out[clean(name)] = clean(c.redactor.Redact(strings.Join(values, ", ")))
	}
	return out
}
