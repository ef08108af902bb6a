// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// Token bodies as Vipps MobilePay's Access Token API guide and its answers show them.
const (
	// The guide and real answers: every number a JSON string.
	tokenBodyStrings = `{"token_type":"Bearer","expires_in":"86398","ext_expires_in":"0","expires_on":"1495271273",` +
		`"not_before":"1495184574","resource":"00000002-0000-0000-c000-000000000000",` +
		`"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIwMDAwMDAwMiJ9.c2lnbmF0dXJl"}`
	// The AT spec's examples: bare integers.
	tokenBodyNumbers = `{"token_type":"Bearer","expires_in":3600,"ext_expires_in":0,"expires_on":1547823408,` +
		`"not_before":1547819508,"resource":"00000002-0000-0000-c000-000000000000",` +
		`"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIwMDAwMDAwMiJ9.c2lnbmF0dXJl"}`
	// /miami/v1/token.
	tokenBodyMiami = `{"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIwMDAwMDAwMiJ9.c2lnbmF0dXJl",` +
		`"token_type":"Bearer","expires_in":900}`
)

func TestParseAccessToken_acceptsTheAPIsShapes(t *testing.T) {
	const jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIwMDAwMDAwMiJ9.c2lnbmF0dXJl"
	tests := []struct {
		name          string
		body          string
		now           time.Time
		wantExpiresIn time.Duration
		wantExpiresOn time.Time
		wantRefreshIn time.Duration // refreshAt - now
	}{
		{
			name:          "numbers as strings",
			body:          tokenBodyStrings,
			now:           time.Unix(1495184574, 0),
			wantExpiresIn: 86398 * time.Second,
			wantExpiresOn: time.Unix(1495271273, 0),
			wantRefreshIn: 86398*time.Second - 5*time.Minute,
		},
		{
			name:          "numbers as numbers",
			body:          tokenBodyNumbers,
			now:           time.Unix(1547819508, 0),
			wantExpiresIn: time.Hour,
			wantExpiresOn: time.Unix(1547823408, 0),
			wantRefreshIn: 55 * time.Minute,
		},
		{
			name:          "expires_in only",
			body:          tokenBodyMiami,
			now:           start,
			wantExpiresIn: 15 * time.Minute,
			wantExpiresOn: start.Add(15 * time.Minute),
			wantRefreshIn: 15*time.Minute - 15*time.Minute/4,
		},
		{
			name:          "expires_on only",
			body:          `{"token_type":"Bearer","expires_on":"` + unix(start.Add(time.Hour)) + `","access_token":"` + jwt + `"}`,
			now:           start,
			wantExpiresIn: time.Hour,
			wantExpiresOn: start.Add(time.Hour),
			wantRefreshIn: 55 * time.Minute,
		},
		{
			name:          "decimal seconds",
			body:          `{"token_type":"Bearer","expires_in":"3600.0","access_token":"` + jwt + `"}`,
			now:           start,
			wantExpiresIn: time.Hour,
			wantExpiresOn: start.Add(time.Hour),
			wantRefreshIn: 55 * time.Minute,
		},
		{
			name:          "no token_type",
			body:          `{"expires_in":"3600","access_token":"` + jwt + `"}`,
			now:           start,
			wantExpiresIn: time.Hour,
			wantExpiresOn: start.Add(time.Hour),
			wantRefreshIn: 55 * time.Minute,
		},
		{
			// The server's clock is two hours behind ours: its expires_on is already past by
			// our clock, but the token lives the hour expires_in says.
			name: "server clock behind",
			body: `{"token_type":"Bearer","expires_in":"3600","expires_on":"` + unix(start.Add(-time.Hour)) +
				`","access_token":"` + jwt + `"}`,
			now:           start,
			wantExpiresIn: time.Hour,
			wantExpiresOn: start.Add(-time.Hour),
			wantRefreshIn: 55 * time.Minute,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := parseAccessToken([]byte(tt.body), tt.now)
			if err != nil {
				t.Fatalf("parseAccessToken: %v", err)
			}
			if tok.Token != jwt {
				t.Errorf("Token = %q, want %q", tok.Token, jwt)
			}
			if tok.ExpiresIn != tt.wantExpiresIn {
				t.Errorf("ExpiresIn = %v, want %v", tok.ExpiresIn, tt.wantExpiresIn)
			}
			if !tok.ExpiresOn.Equal(tt.wantExpiresOn) {
				t.Errorf("ExpiresOn = %v, want %v", tok.ExpiresOn, tt.wantExpiresOn)
			}
			if got := tok.refreshAt.Sub(tt.now); got != tt.wantRefreshIn {
				t.Errorf("renews after %v, want %v", got, tt.wantRefreshIn)
			}
			if got := tok.AuthorizationHeader(); got != "Bearer "+jwt {
				t.Errorf("AuthorizationHeader() = %q", got)
			}
		})
	}
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

func TestParseAccessToken_rejectsBodiesWithoutAToken(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"empty", ``, "not valid JSON"},
		{"truncated", `{"token_type":"Bearer","expires_in":"3600","ext_expires_in":"0","expires_on":"17`, "not valid JSON"},
		{"HTML", `<html><body>OK</body></html>`, "not valid JSON"},
		{"array", `["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"]`, "documented fields"},
		{"token as object", `{"access_token":{"value":"x"},"expires_in":"3600"}`, "documented fields"},
		{"null", `null`, "no access_token"},
		{"no access_token", `{"token_type":"Bearer","expires_in":"3600"}`, "no access_token"},
		{"no expiry", `{"token_type":"Bearer","access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"}`, "neither expires_in nor expires_on"},
		{"expiry not a number", `{"expires_in":"soon","access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"}`, "neither expires_in nor expires_on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseAccessToken([]byte(tt.body), start)
			if err == nil {
				t.Fatal("parseAccessToken succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to say %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "eyJ") {
				t.Errorf("err = %q repeats the body", err)
			}
		})
	}
}

func TestAccessToken_parsesBareNumbersFromTheWire(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = w.Write([]byte(tokenBodyNumbers))
	}))
	clk := clock.NewFake(time.Unix(1547819508, 0))
	c := newClient(srv.URL, clk, &sleeper{}, nil)
	tok, err := c.AccessToken(context.Background(), Credentials{Environment: keys.EnvironmentTest,
		ClientID: keys.ExampleClientID, ClientSecret: keys.ExampleClientSecret, SubscriptionKey: keys.ExampleSubscriptionKey})
	if err != nil {
		t.Fatal(err)
	}
	if tok.ExpiresIn != time.Hour || tok.ExpiresOn.Unix() != 1547823408 || tok.NotBefore.Unix() != 1547819508 {
		t.Errorf("token times = %v, %v, %v", tok.ExpiresIn, tok.ExpiresOn, tok.NotBefore)
	}
}

// A truncated 200 is a broken answer, retried like other transient faults; when it persists the
// error says what was wrong without repeating the token.
func TestAccessToken_retriesAMalformedAnswer(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = w.Write([]byte(`{"token_type":"Bearer","access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl","expi`))
	}))
	sl := &sleeper{}
	c := newClient(srv.URL, newClock(), sl, nil)
	_, err := c.AccessToken(context.Background(), Credentials{Environment: keys.EnvironmentTest,
		ClientID: keys.ExampleClientID, ClientSecret: keys.ExampleClientSecret, SubscriptionKey: keys.ExampleSubscriptionKey,
		MerchantSerialNumber: keys.ExampleMerchantSerialNumber})
	if !errors.Is(err, ErrMalformedResponse) {
		t.Fatalf("err = %v, want ErrMalformedResponse", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusOK || apiErr.MerchantSerialNumber != keys.ExampleMerchantSerialNumber {
		t.Errorf("err = %#v, want an *APIError for HTTP 200 and the MSN", err)
	}
	if strings.Contains(err.Error(), "eyJ") {
		t.Errorf("err = %q repeats the token", err)
	}
	if len(sl.Waits()) != 2 { // newClient allows 2 retries
		t.Errorf("waited %v, want 2 retries", sl.Waits())
	}
}

func TestParseAccessToken_expiryCountsFromOurClock(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	// The server's clock is two hours behind: its expires_on is an hour before our now.
	body := fmt.Sprintf(`{"token_type":"Bearer","expires_in":"3600","expires_on":"%d","access_token":"eyJ.x.y"}`,
		now.Add(-time.Hour).Unix())
	tok, err := parseAccessToken([]byte(body), now)
	if err != nil {
		t.Fatal(err)
	}
	if want := now.Add(time.Hour); !tok.Expiry().Equal(want) {
		t.Errorf("Expiry() = %v, want %v (receipt plus expires_in)", tok.Expiry(), want)
	}
	if !tok.ExpiresOn.Equal(now.Add(-time.Hour)) {
		t.Errorf("ExpiresOn = %v, want the server's own statement", tok.ExpiresOn)
	}
}
