// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// FuzzAccessTokenHeaders: arbitrary header values never panic, never get a 5xx (no fault is
// configured) and never come back in a body or reason header when they are a secret.
func FuzzAccessTokenHeaders(f *testing.F) {
	demo := DemoData().KeySets[0]
	f.Add(demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary, "123456", "test", "acme")
	f.Add(demo.ClientSecret, demo.ClientID, demo.SubscriptionKeySecondary, "", "", "")
	f.Add(demo.ClientID, demo.ClientSecret, demo.SubscriptionKeyPrimary, "901234", "production", strings.Repeat("é", 31))
	f.Add(strings.ToUpper(demo.ClientID), "x", "y", "12a", "staging", "\x00\n")
	f.Add("", "", "", "", "", "")

	s, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, clientID, secret, subKey, msn, env, systemName string) {
		r := httptest.NewRequest(http.MethodPost, "/accesstoken/get", nil)
		for k, v := range map[string]string{
			HeaderClientID:             clientID,
			HeaderClientSecret:         secret,
			HeaderSubscriptionKey:      subKey,
			HeaderMerchantSerialNumber: msn,
			HeaderEnvironment:          env,
			"Vipps-System-Name":        systemName,
		} {
			if v != "" {
				r.Header.Set(k, v)
			}
		}
		w := httptest.NewRecorder()

		s.ServeHTTP(w, r)

		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		out := w.Body.String() + "\n" + w.Header().Get(HeaderReason)
		assertNoSecrets(t, s, out)
		if keys.CheckClientSecret(secret) == "" && !strings.Contains(clientID, secret) && strings.Contains(out, secret) {
			t.Fatalf("response echoes the client_secret: %s", out)
		}
		if len(subKey) >= 16 && keys.CheckSubscriptionKey(subKey) == "" && !strings.Contains(clientID, subKey) &&
			strings.Contains(out, subKey) {
			t.Fatalf("response echoes the subscription key: %s", out)
		}
	})
}
