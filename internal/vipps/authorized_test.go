// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// salesUnitAPI stands in for GET /management/v1/sales-units/{msn}, which the sandbox does not
// serve yet; tokens come from the sandbox. answer decides the status for each call from the
// token it carries and the number of the call.
type salesUnitAPI struct {
	mu     sync.Mutex
	tokens []string // the Authorization header of each call
	subKey []string // the Ocp-Apim-Subscription-Key of each call
	answer func(call int, authorization string) int
}

func (a *salesUnitAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.tokens = append(a.tokens, r.Header.Get("Authorization"))
	a.subKey = append(a.subKey, r.Header.Get("Ocp-Apim-Subscription-Key"))
	status := a.answer(len(a.tokens), r.Header.Get("Authorization"))
	a.mu.Unlock()
	switch status {
	case http.StatusOK:
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = w.Write([]byte(`{"msn":"123456","name":"Fjordkaffe Bergen"}`))
	case http.StatusUnauthorized:
		writeAPIM(w, status, "Unauthorized. Access token is missing or invalid.")
	default:
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"type":"about:blank","title":"Forbidden","status":403,"detail":"Not allowed.","instance":"urn:uuid:1"}`))
	}
}

func (a *salesUnitAPI) Calls() (tokens, subKeys []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.tokens...), append([]string(nil), a.subKey...)
}

func newSalesUnitAPI(t *testing.T, answer func(call int, authorization string) int) (*sandbox.Sandbox, *salesUnitAPI, *Client) {
	t.Helper()
	clk := newClock()
	s, err := sandbox.New(sandbox.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	api := &salesUnitAPI{answer: answer}
	mux := http.NewServeMux()
	mux.Handle("GET /management/v1/sales-units/{msn}", api)
	mux.Handle("/", s)
	srv := newServer(t, mux)
	return s, api, newClient(srv.URL, clk, &sleeper{}, nil)
}

func getSalesUnit(c *Client, creds Credentials) (*response, error) {
	return c.doAuthorized(context.Background(), creds, request{
		operation: "read sales unit", method: http.MethodGet,
		path: "/management/v1/sales-units/" + creds.MerchantSerialNumber, msn: creds.MerchantSerialNumber,
	})
}

func TestDoAuthorized_renewsTokenOnceOnUnexpected401(t *testing.T) {
	var first string
	s, api, c := newSalesUnitAPI(t, func(call int, authorization string) int {
		if call == 1 {
			first = authorization
		}
		if authorization == first {
			return http.StatusUnauthorized // the API no longer accepts the cached token
		}
		return http.StatusOK
	})
	creds := demoCredentials(t, s)

	resp, err := getSalesUnit(c, creds)
	if err != nil {
		t.Fatalf("doAuthorized: %v", err)
	}
	if resp.status != http.StatusOK {
		t.Errorf("status = %d, want 200", resp.status)
	}
	tokens, subKeys := api.Calls()
	if len(tokens) != 2 || tokens[0] == tokens[1] {
		t.Errorf("calls carried %d tokens (same: %v), want 2 different ones", len(tokens), len(tokens) == 2 && tokens[0] == tokens[1])
	}
	for i, k := range subKeys {
		if k != creds.SubscriptionKey {
			t.Errorf("call %d: subscription key %q, want the key set's", i+1, k)
		}
	}
	if n := s.Stats()[tokenRoute]; n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}

	// The renewed token is the cached one now.
	if _, err := getSalesUnit(c, creds); err != nil {
		t.Fatal(err)
	}
	if n := s.Stats()[tokenRoute]; n != 2 {
		t.Errorf("token requests after a further call = %d, want 2", n)
	}
}

func TestDoAuthorized_givesUpAfterOneRenewal(t *testing.T) {
	s, api, c := newSalesUnitAPI(t, func(int, string) int { return http.StatusUnauthorized })
	creds := demoCredentials(t, s)

	_, err := getSalesUnit(c, creds)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Operation != "read sales unit" || apiErr.MerchantSerialNumber != creds.MerchantSerialNumber ||
		apiErr.StatusCode != http.StatusUnauthorized || apiErr.Message != "Unauthorized. Access token is missing or invalid." {
		t.Errorf("err = %#v, want an *APIError naming the operation, MSN, status and message", err)
	}
	if tokens, _ := api.Calls(); len(tokens) != 2 {
		t.Errorf("calls = %d, want 2", len(tokens))
	}
	if n := s.Stats()[tokenRoute]; n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
}

func TestDoAuthorized_doesNotRenewOnOtherRefusals(t *testing.T) {
	s, api, c := newSalesUnitAPI(t, func(int, string) int { return http.StatusForbidden })
	creds := demoCredentials(t, s)

	_, err := getSalesUnit(c, creds)
	if !errors.Is(err, ErrForbidden) {
		t.Fatalf("err = %v, want ErrForbidden", err)
	}
	if tokens, _ := api.Calls(); len(tokens) != 1 {
		t.Errorf("calls = %d, want 1", len(tokens))
	}
	if n := s.Stats()[tokenRoute]; n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

func TestDoAuthorized_reportsTokenFailuresWithoutCallingTheAPI(t *testing.T) {
	s, api, c := newSalesUnitAPI(t, func(int, string) int { return http.StatusOK })
	creds := demoCredentials(t, s)
	creds.ClientSecret = "Y8Kteew6GE2ZmeycEt6eAA=="

	if _, err := getSalesUnit(c, creds); !errors.Is(err, ErrKeysRejected) {
		t.Fatalf("err = %v, want ErrKeysRejected", err)
	}
	if tokens, _ := api.Calls(); len(tokens) != 0 {
		t.Errorf("calls = %d, want 0", len(tokens))
	}
}
