// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// Error bodies as the Access Token and Management API docs, their FAQs and GitHub issues show them.
const (
	bodyAPIMMissingKey = `{"statusCode":401,"message":"Access denied due to missing subscription key. ` +
		`Make sure to include subscription key when making requests to an API."}`
	bodyAADUnknownClient = `{"error":"unauthorized_client","error_description":"AADSTS700016: Application with ` +
		`identifier 'fb492b5e-7907-4d83-ba20-c7fb60ca35de' was not found in the directory 'vipps.no'.\r\n` +
		`Trace ID: 0f6a5a54-1bd8-4b8e-8a8e-6c1f0b3b2e00\r\nCorrelation ID: 9c7d\r\nTimestamp: 2021-03-23 06:46:31Z",` +
		`"error_codes":[700016],"timestamp":"2021-03-23 06:46:31Z","trace_id":"0f6a5a54","correlation_id":"9c7d",` +
		`"error_uri":"https://login.windows.net/error?code=700016"}`
	bodyAADWrongSecret = `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret is provided.` +
		`\r\nTrace ID: 1\r\nCorrelation ID: 2","error_codes":[7000215]}`
	bodyProblem = `{"type":"https://example.com/problem/unauthorized","title":"Not authorized to create a product order",` +
		`"status":401,"detail":"Check whether Authorization token and Ocp-Apim-Subscription-Key are correct.",` +
		`"instance":"urn:uuid:123e4567-e89b-12d3-a456-426655440000","extraDetails":[{"key":"CustomErrorCode","value":"9000"}]}`
	bodyProblemValidation = `{"type":"https://developer.vippsmobilepay.com/api-name/v1/validation-error",` +
		`"title":"Your request parameters didn't validate.","detail":"The request body contains one or more validation errors.",` +
		`"instance":"urn:uuid:123e4567-e89b-12d3-a456-426655440000","status":"400","extraDetails":[` +
		`{"name":"amount","reason":"Must be a positive integer larger than 100"},` +
		`{"name":"URL","reason":"Must use HTTPS and validate according to the API specification"}]}`
	bodyHTMLBadGateway = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1>" +
		"</center>\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\n</body>\n</html>\n"
)

func TestParseErrorBody_readsEveryShapeTheAPIsSend(t *testing.T) {
	long := strings.Repeat("é", maxMessageLength) // two bytes a rune: the cut falls inside one
	tests := []struct {
		name        string
		contentType string
		body        string
		wantCode    string
		wantMessage string
	}{
		{"APIM", "application/json; charset=utf-8", bodyAPIMMissingKey, "",
			"Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."},
		{"Azure AD unknown client_id", "application/json", bodyAADUnknownClient, "unauthorized_client",
			"AADSTS700016: Application with identifier 'fb492b5e-7907-4d83-ba20-c7fb60ca35de' was not found in the directory 'vipps.no'."},
		{"Azure AD wrong secret", "application/json", bodyAADWrongSecret, "invalid_client",
			"AADSTS7000215: Invalid client secret is provided."},
		{"problem+json with key/value extraDetails", "application/problem+json", bodyProblem, "9000",
			"Not authorized to create a product order: Check whether Authorization token and Ocp-Apim-Subscription-Key are correct."},
		{"problem+json with string status and name/reason extraDetails", "application/problem+json", bodyProblemValidation, "",
			"Your request parameters didn't validate.: The request body contains one or more validation errors.: " +
				"amount: Must be a positive integer larger than 100; URL: Must use HTTPS and validate according to the API specification"},
		{"problem+json with null extraDetails and traceId", "application/problem+json",
			`{"title":"Not Found","status":404,"detail":"The resource was not found.","extraDetails":null,"traceId":"abc"}`, "",
			"Not Found: The resource was not found."},
		{"numbers where strings belong", "application/json",
			`{"statusCode":500,"message":500,"extraDetails":[{"key":"CustomErrorCode","value":9000}]}`, "9000", "500"},
		{"HTML page", "text/html", bodyHTMLBadGateway, "", "HTML error page: 502 Bad Gateway"},
		{"HTML without a title", "", "<html><body><h1>Service\nUnavailable</h1><p>Try later</p></body></html>", "",
			"HTML error page: Service Unavailable Try later"},
		{"plain text", "text/plain", "Something went wrong, please try again later\nstack trace…", "",
			"Something went wrong, please try again later"},
		{"JSON without known fields", "application/json", `{"statusCode":503}`, "", `{"statusCode":503}`},
		{"JSON array", "application/json", `[{"msn":"123456"}]`, "", `[{"msn":"123456"}]`},
		{"empty", "application/json", "", "", ""},
		{"blank", "text/plain", " \r\n\t", "", ""},
		{"long", "text/plain", long, "", long[:maxMessageLength] + "…"},
		{"invalid UTF-8, no charset: windows-1252", "text/plain", "bad \xff\xfe byte", "", "bad ÿþ byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, message := parseErrorBody(tt.contentType, []byte(tt.body))
			if code != tt.wantCode {
				t.Errorf("code = %q, want %q", code, tt.wantCode)
			}
			if tt.name == "long" {
				if !utf8.ValidString(message) || len(message) > maxMessageLength+len("…") || !strings.HasSuffix(message, "…") {
					t.Errorf("message = %d bytes, valid UTF-8 %v, want a cut at a rune boundary",
						len(message), utf8.ValidString(message))
				}
				return
			}
			if message != tt.wantMessage {
				t.Errorf("message = %q\nwant      %q", message, tt.wantMessage)
			}
		})
	}
}

func TestKindForStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status  int
		refused string
		want    error
	}{
		{400, keys.AttrClientID, ErrKeysRejected},
		{401, keys.AttrSubscriptionKey, ErrKeysRejected},
		{401, keys.AttrClientSecret, ErrKeysRejected},
		// A refusal shape with a status that never carries one is not a refusal.
		{403, keys.AttrSubscriptionKey, ErrForbidden},
		{500, keys.AttrClientSecret, ErrServer},
		{302, "", ErrRedirected},
		{400, "", ErrBadRequest},
		{401, "", ErrUnauthorized},
		{403, "", ErrForbidden},
		{404, "", ErrNotFound},
		{409, "", ErrConflict},
		{422, "", ErrBadRequest},
		{429, "", ErrRateLimited},
		{500, "", ErrServer},
		{502, "", ErrServer},
		{503, "", ErrServer},
		{504, "", ErrServer},
	}
	for _, tt := range tests {
		if got := kindForStatus(tt.status, tt.refused); got != tt.want {
			t.Errorf("kindForStatus(%d, %q) = %v, want %v", tt.status, tt.refused, got, tt.want)
		}
	}
}

// Only the answers that identify a key as wrong count as a refusal of the keys: anything else
// from the token endpoint (a gateway's bare 401, a 403, an HTML page) must not read as drift.
func TestTokenRefusal_onlyTheShapesThatNameAWrongKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, want string
	}{
		{"APIM invalid subscription key", `{"statusCode":401,"message":"Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."}`, keys.AttrSubscriptionKey},
		{"APIM missing subscription key", `{"statusCode":401,"message":"Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."}`, keys.AttrSubscriptionKey},
		{"APIM subscription not found", `{"statusCode":401,"message":"Subscription not found"}`, keys.AttrSubscriptionKey},
		{"AAD unknown client_id", `{"error":"unauthorized_client","error_description":"AADSTS700016: Application with identifier '***' was not found in the directory 'x'.","error_codes":[700016]}`, keys.AttrClientID},
		{"AAD unknown client_id as invalid_client", `{"error":"invalid_client","error_description":"AADSTS70001: Application not found","error_codes":[70001]}`, keys.AttrClientID},
		{"AAD wrong secret", `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}`, keys.AttrClientSecret},
		{"AAD expired secret", `{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys are expired."}`, keys.AttrClientSecret},
		{"APIM bare unauthorized", `{"statusCode":401,"message":"Unauthorized. Access token is missing or invalid."}`, ""},
		{"gateway forbidden", `{"statusCode":403,"message":"Forbidden"}`, ""},
		{"OAuth invalid_request", `{"error":"invalid_request","error_description":"AADSTS900144: The request body must contain the following parameter: 'client_id'."}`, ""},
		{"message without the gateway's statusCode", `{"message":"Access denied due to invalid subscription key."}`, ""},
		{"HTML", `<html><head><title>401 Unauthorized</title></head></html>`, ""},
		{"empty", ``, ""},
		{"not JSON", `Unauthorized`, ""},
	}
	for _, tt := range tests {
		if got := tokenRefusal([]byte(tt.body)); got != tt.want {
			t.Errorf("%s: tokenRefusal = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestAPIError_namesOperationMSNStatusAndTheAPIsMessage(t *testing.T) {
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk})
	c := newClient(srv.URL, clk, &sleeper{}, nil)
	creds := demoCredentials(t, s)
	creds.ClientSecret = "Y8Kteew6GE2ZmeycEt6eAA=="

	_, err := c.AccessToken(context.Background(), creds)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %#v, want an *APIError", err)
	}
	want := &APIError{
		Operation:            "exchange API keys for an access token",
		Method:               http.MethodPost,
		Host:                 srv.URL,
		Path:                 "/accesstoken/get",
		MerchantSerialNumber: sandbox.DemoMSN,
		StatusCode:           http.StatusUnauthorized,
		Code:                 "invalid_client",
		Attempts:             1,
		refused:              keys.AttrClientSecret,
	}
	got := *apiErr
	got.Message, got.kind = "", nil
	if got != *want {
		t.Errorf("APIError = %+v\nwant       %+v", got, *want)
	}
	if !strings.HasPrefix(apiErr.Message, "AADSTS7000215: Invalid client secret provided.") {
		t.Errorf("Message = %q, want the API's first line", apiErr.Message)
	}
	text := err.Error()
	for _, part := range []string{"exchange API keys for an access token", "for MSN " + sandbox.DemoMSN,
		"POST " + srv.URL + "/accesstoken/get", "HTTP 401", "(invalid_client)", "AADSTS7000215"} {
		if !strings.Contains(text, part) {
			t.Errorf("err = %q, want it to contain %q", text, part)
		}
	}
	if strings.Contains(text, creds.ClientSecret) {
		t.Errorf("err = %q holds the client secret", text)
	}
	if wrapped := fmt.Errorf("reading key set: %w", err); !errors.Is(wrapped, ErrKeysRejected) {
		t.Error("a wrapped APIError no longer matches its sentinel")
	}
}

func TestAccessToken_refusesToFollowRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
	}))
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+"/accesstoken/get", status)
			}))
			callers := &http.Client{}
			for _, hc := range []*http.Client{nil, callers} {
				c := newClient(srv.URL, newClock(), &sleeper{}, func(cfg *Config) { cfg.HTTPClient = hc })
				_, err := c.AccessToken(context.Background(), Credentials{Environment: keys.EnvironmentTest,
					ClientID: keys.ExampleClientID, ClientSecret: keys.ExampleClientSecret,
					SubscriptionKey: keys.ExampleSubscriptionKey})
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != status || !strings.Contains(apiErr.Message, "redirect") {
					t.Errorf("err = %v, want an *APIError for HTTP %d naming the redirect", err, status)
				}
			}
			if callers.CheckRedirect != nil {
				t.Error("New changed the caller's http.Client")
			}
		})
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests carrying the keys", n)
	}
}

func TestTransportError_saysWhatFailedWithoutTheURL(t *testing.T) {
	srv := newServer(t, http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now

	c := newClient(url, newClock(), &sleeper{}, func(cfg *Config) { cfg.MaxRetries = 1 })
	_, err := c.AccessToken(context.Background(), Credentials{Environment: keys.EnvironmentTest,
		ClientID: keys.ExampleClientID, ClientSecret: keys.ExampleClientSecret, SubscriptionKey: keys.ExampleSubscriptionKey})
	var tErr *TransportError
	if !errors.As(err, &tErr) {
		t.Fatalf("err = %#v, want a *TransportError", err)
	}
	if tErr.Attempts != 2 || tErr.Method != http.MethodPost || tErr.Path != "/accesstoken/get" {
		t.Errorf("TransportError = %+v", tErr)
	}
	if !strings.Contains(err.Error(), "refused") || !strings.Contains(err.Error(), "after 2 attempts") {
		t.Errorf("err = %q, want it to say the connection was refused, after 2 attempts", err)
	}
}

// A server that speaks plain HTTP to an https:// base_url, or one whose certificate this
// machine does not trust, answers the same way every time: the client says which it was and
// does not retry.
func TestTransportError_plainHTTPAndUntrustedCertificatesAreNamedAndNotRetried(t *testing.T) {
	var hits atomic.Int32
	count := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1); w.WriteHeader(http.StatusTeapot) })
	plain := newServer(t, count)
	untrusted := httptest.NewTLSServer(count)
	t.Cleanup(untrusted.Close)

	for _, tc := range []struct {
		name, baseURL string
		want          error
		words         string
	}{
		{"plain HTTP to https://", strings.Replace(plain.URL, "http://", "https://", 1), ErrPlainHTTP, "server gave HTTP response to HTTPS client"},
		{"untrusted certificate", untrusted.URL, ErrCertificate, "certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sl := &sleeper{}
			c := newClient(tc.baseURL, newClock(), sl, func(cfg *Config) { cfg.MaxRetries = 3 })
			_, err := c.AccessToken(context.Background(), Credentials{Environment: keys.EnvironmentTest,
				ClientID: keys.ExampleClientID, ClientSecret: keys.ExampleClientSecret, SubscriptionKey: keys.ExampleSubscriptionKey})
			var tErr *TransportError
			if !errors.As(err, &tErr) || !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want a *TransportError that is %v", err, tc.want)
			}
			if tErr.Attempts != 1 || len(sl.Waits()) != 0 {
				t.Errorf("attempts = %d, slept %v: want one attempt and no backoff", tErr.Attempts, sl.Waits())
			}
			if !strings.Contains(err.Error(), tc.words) {
				t.Errorf("err = %q, want it to hold %q", err, tc.words)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the handlers ran %d times; neither request should have reached them", n)
	}
}

// An attempt that runs out of RequestTimeout is ErrTimedOut, so the provider can name
// request_timeout; a refused connection or a caller that gave up is not.
func TestTransportError_timeoutIsTellable(t *testing.T) {
	stall := newServer(t, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	closed := newServer(t, http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	creds := Credentials{Environment: keys.EnvironmentTest,
		ClientID: keys.ExampleClientID, ClientSecret: keys.ExampleClientSecret, SubscriptionKey: keys.ExampleSubscriptionKey}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name, baseURL string
		ctx           context.Context
		timedOut      bool
	}{
		{"no answer within the timeout", stall.URL, context.Background(), true},
		{"connection refused", closedURL, context.Background(), false},
		{"caller gave up", stall.URL, cancelled, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(tc.baseURL, newClock(), &sleeper{}, func(cfg *Config) {
				cfg.MaxRetries = 0
				cfg.RequestTimeout = 100 * time.Millisecond
			})
			_, err := c.AccessToken(tc.ctx, creds)
			if err == nil {
				t.Fatal("no error")
			}
			if got := errors.Is(err, ErrTimedOut); got != tc.timedOut {
				t.Errorf("errors.Is(%v, ErrTimedOut) = %v, want %v", err, got, tc.timedOut)
			}
		})
	}
}

// TestErrors_nameThePathAsSentAfterTheBaseURLsOwnPath: a base URL with a path of its own (a
// proxy's prefix, or one that already ends in an API path) is where every request goes, and an
// error that left that path out sent the user looking in the wrong place.
func TestErrors_nameThePathAsSentAfterTheBaseURLsOwnPath(t *testing.T) {
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, &failFirst{n: 1, next: s, answer: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "45")
		writeAPIM(w, http.StatusTooManyRequests, "Rate limit is exceeded.")
	}})
	c := newClient(srv.URL+"/accesstoken/get/", clk, &sleeper{}, func(cfg *Config) { cfg.RetryTimeout = 20 * time.Second })

	_, answered := c.AccessToken(context.Background(), demoCredentials(t, s))
	_, held := c.AccessToken(context.Background(), credentialsOf(t, s, "234567", keys.EnvironmentTest))
	want := "POST " + srv.URL + "/accesstoken/get/accesstoken/get"
	for name, err := range map[string]error{"an answered request": answered, "a request held back": held} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want it to name %s", name, err, want)
		}
	}
	clk.Advance(time.Minute)
	_, notFound := c.AccessToken(context.Background(), demoCredentials(t, s))
	if want := want + " answered HTTP 404"; notFound == nil || !strings.Contains(notFound.Error(), want) {
		t.Errorf("err = %v, want it to say %s", notFound, want)
	}
}
