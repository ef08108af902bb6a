// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"strings"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

func TestScan_findsSecretsAndSkipsTheHarnessEcho(t *testing.T) {
	log := strings.Join([]string{
		`2026-11-25T21:00:00.000Z [TRACE] sdk.helper_resource: Setting Terraform configuration:`,
		`  | client_secret = "Y8Kteew6GE2ZmeycEt6egg=="`,
		`2026-11-25T21:00:01.000Z [DEBUG] vippsmobilepay: request headers="map[Ocp-Apim-Subscription-Key:***]"`,
		`2026-11-25T21:00:02.000Z [DEBUG] vippsmobilepay: oops client_secret=Y8Kteew6GE2ZmeycEt6egg==`,
		`2026-11-25T21:00:03.000Z [DEBUG] vippsmobilepay: key 36ff0c5e81e94b4e8f7c1d2a3b4c5d6e and fingerprint sha256:` + strings.Repeat("ab", 32),
		`2026-11-25T21:00:04.000Z [DEBUG] vippsmobilepay: token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl`,
		`2026-11-25T21:00:05.000Z [DEBUG] vippsmobilepay: tf_req_id=94fb75a4-62fb-9001-4215-aea566f8d7c0`,
		`2026-11-25T21:00:06.000Z [DEBUG] vippsmobilepay: headers="map[Idempotency-Key:tf-9fb767b5db24e8428946209bdec25b15-0]"`,
		`2026-11-25T21:00:07.000Z [DEBUG] vippsmobilepay: headers="map[Idempotency-Key:tf-9fb767b5db24e8428946209bdec25b15-0 X:36ff0c5e81e94b4e8f7c1d2a3b4c5d6e]"`,
	}, "\n")
	findings, lines, err := scan(strings.NewReader(log), map[string]string{"Y8Kteew6GE2ZmeycEt6egg==": "client_secret of 123456"})
	if err != nil {
		t.Fatal(err)
	}
	if lines != 9 {
		t.Errorf("read %d lines, want 9", lines)
	}
	want := map[string]bool{
		"line 4: the demo client_secret of 123456":       true,
		"line 4: something shaped like client secret":    true,
		"line 5: something shaped like subscription key": true,
		"line 6: something shaped like access token":     true,
		"line 9: something shaped like subscription key": true, // beside an idempotency key
	}
	for _, f := range findings {
		if !want[f] {
			t.Errorf("unexpected finding %q", f)
		}
		delete(want, f)
	}
	for f := range want {
		t.Errorf("missed %q", f)
	}
}

func TestScan_findsEverySpellingOfAKnownSecret(t *testing.T) {
	const clientID = "FB492B5E-7907-4D83-BA20-C7FB60CA35DE"
	log := strings.Join([]string{
		`2026-11-25T21:00:00.000Z [DEBUG] vippsmobilepay: for a secret added to app 'fb492b5e-7907-4d83-ba20-c7fb60ca35de'.`,
		`2026-11-25T21:00:01.000Z [DEBUG] vippsmobilepay: appid fb492b5e79074d83ba20c7fb60ca35de`,
		`2026-11-25T21:00:02.000Z [DEBUG] vippsmobilepay: url=/x?s=Y8Kteew6GE2ZmeycEt6egg%3D%3D`,
		`2026-11-25T21:00:03.000Z [DEBUG] vippsmobilepay: key 0F14EBCAB0EC4B29AE0CB90D91B4A84A`,
		`2026-11-25T21:00:04.000Z [DEBUG] vippsmobilepay: app '***' answered`,
	}, "\n")
	findings, _, err := scan(strings.NewReader(log), map[string]string{
		clientID:                    "client_id of 123456",
		"Y8Kteew6GE2ZmeycEt6egg==":  "client_secret of 123456",
		keys.ExampleSubscriptionKey: "subscription_key_primary of 123456",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"line 1: the demo client_id of 123456":                true,
		"line 2: the demo client_id of 123456":                true,
		"line 2: something shaped like subscription key":      true, // a GUID without hyphens is 32 hex digits
		"line 3: the demo client_secret of 123456":            true,
		"line 4: the demo subscription_key_primary of 123456": true,
		"line 4: something shaped like subscription key":      true,
	}
	for _, f := range findings {
		if !want[f] {
			t.Errorf("unexpected finding %q", f)
		}
		delete(want, f)
	}
	for f := range want {
		t.Errorf("missed %q", f)
	}
}

func TestDemoSecrets_includePartnerKeys(t *testing.T) {
	known, err := demoSecrets()
	if err != nil {
		t.Fatal(err)
	}
	partners := 0
	for _, what := range known {
		if strings.HasSuffix(what, "of a partner") {
			partners++
		}
	}
	if partners == 0 {
		t.Error("no partner secret among the secrets to search for")
	}
}

func TestSecretsOf_refusesToSearchWithoutPartnerKeys(t *testing.T) {
	known, err := secretsOf([]keys.KeySet{exampleKeySet()}, nil)
	if err == nil {
		t.Fatalf("got %d secrets and no error; a search without partner keys must not pass silently", len(known))
	}
}

func exampleKeySet() keys.KeySet {
	return keys.KeySet{
		MerchantSerialNumber:   keys.ExampleMerchantSerialNumber,
		ClientSecret:           keys.ExampleClientSecret,
		SubscriptionKeyPrimary: keys.ExampleSubscriptionKey,
	}
}
