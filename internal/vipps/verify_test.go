// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// keySetOf returns the sandbox's key set of a sales unit.
func keySetOf(t *testing.T, s *sandbox.Sandbox, msn, environment string) keys.KeySet {
	t.Helper()
	for _, ks := range s.KeySets() {
		if ks.MerchantSerialNumber == msn && ks.Environment == environment {
			return ks
		}
	}
	t.Fatalf("the sandbox has no key set for MSN %s in %s", msn, environment)
	return keys.KeySet{}
}

func TestVerifyKeySet_provesEverySubscriptionKeyActiveFirst(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk})
	c := newClient(srv.URL, clk, &sleeper{}, nil)
	ks := keySetOf(t, s, "234567", keys.EnvironmentTest)
	if ks.SubscriptionKeySecondary == "" {
		t.Fatal("the demo unit 234567 has no secondary key to prove")
	}

	v, err := c.VerifyKeySet(context.Background(), ks, VerifyOptions{Active: keys.SubscriptionKeySecondary})
	if err != nil {
		t.Fatalf("a good key set failed: %v", err)
	}
	if want := []string{keys.SubscriptionKeySecondary, keys.SubscriptionKeyPrimary}; !slices.Equal(v.Proven, want) {
		t.Errorf("proven %v, want %v", v.Proven, want)
	}
	if v.FailedSlot != "" || v.Refused != "" {
		t.Errorf("a good key set reports failed slot %q, refused %q", v.FailedSlot, v.Refused)
	}
	active, err := c.AccessToken(context.Background(), ks.Credentials(keys.SubscriptionKeySecondary))
	if err != nil || active.Token != v.Token.Token {
		t.Errorf("the verification's token is not the active (secondary) key's: %v", err)
	}
	if n := s.Stats()[tokenRoute]; n != 2 {
		t.Errorf("token requests = %d, want one per subscription key", n)
	}
	if v.SalesUnitFinding != SalesUnitUnchecked {
		t.Errorf("a test key set asked the Management API: %v", v.SalesUnitFinding)
	}
}

func TestVerifyKeySet_namesTheKeyTheAnswerRefuses(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk})
	c := newClient(srv.URL, clk, &sleeper{}, nil)
	good := keySetOf(t, s, "234567", keys.EnvironmentTest)
	other := keySetOf(t, s, sandbox.DemoMSN, keys.EnvironmentTest)

	tests := []struct {
		name       string
		edit       func(*keys.KeySet)
		failedSlot string
		refused    string
		proven     int
	}{
		{"regenerated idle secondary key", func(k *keys.KeySet) { k.SubscriptionKeySecondary = "00000000000000000000000000000000" },
			keys.SubscriptionKeySecondary, keys.AttrSubscriptionKeySecondary, 1},
		{"wrong primary key", func(k *keys.KeySet) { k.SubscriptionKeyPrimary = "00000000000000000000000000000000" },
			keys.SubscriptionKeyPrimary, keys.AttrSubscriptionKeyPrimary, 0},
		{"wrong client_secret", func(k *keys.KeySet) { k.ClientSecret = other.ClientSecret },
			keys.SubscriptionKeyPrimary, keys.AttrClientSecret, 0},
		{"unknown client_id", func(k *keys.KeySet) { k.ClientID = "00000000-0000-4000-8000-000000000000" },
			keys.SubscriptionKeyPrimary, keys.AttrClientID, 0},
	}
	for _, tt := range tests {
		ks := good
		tt.edit(&ks)
		v, err := c.VerifyKeySet(context.Background(), ks, VerifyOptions{})
		if !errors.Is(err, ErrKeysRejected) {
			t.Errorf("%s: err = %v, want ErrKeysRejected", tt.name, err)
			continue
		}
		if v.FailedSlot != tt.failedSlot || v.Refused != tt.refused || len(v.Proven) != tt.proven {
			t.Errorf("%s: failed slot %q, refused %q, proven %v; want %q, %q, %d proven",
				tt.name, v.FailedSlot, v.Refused, v.Proven, tt.failedSlot, tt.refused, tt.proven)
		}
	}
}

func TestVerifyKeySet_asksTheManagementAPIAboutProductionUnits(t *testing.T) {
	t.Parallel()
	clk := newClock()
	s, srv := newSandbox(t, sandbox.Options{Clock: clk})
	c := newClient(srv.URL, clk, &sleeper{}, nil)
	ctx := context.Background()

	prod := keySetOf(t, s, sandbox.DemoMSN, keys.EnvironmentProduction)
	v, err := c.VerifyKeySet(ctx, prod, VerifyOptions{CheckSalesUnit: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.SalesUnitFinding != SalesUnitActive || v.SalesUnit == nil || v.SalesUnit.Name == "" {
		t.Errorf("finding %v, unit %+v; want the active unit with its name", v.SalesUnitFinding, v.SalesUnit)
	}

	// Another unit's keys aimed at a Vippsnummer unit's MSN: refused, and the partner's keys
	// find no unit with API keys under that MSN.
	partner := keySetCredentials(s.PartnerKeySets()[0])
	aimed := prod
	aimed.MerchantSerialNumber = sandbox.DemoMSNVippsnummerProduction
	v, err = c.VerifyKeySet(ctx, aimed, VerifyOptions{Lookup: &partner})
	if !errors.Is(err, ErrKeysRejected) {
		t.Fatalf("err = %v, want ErrKeysRejected", err)
	}
	if v.SalesUnitFinding != SalesUnitNotFound {
		t.Errorf("finding %v, want SalesUnitNotFound", v.SalesUnitFinding)
	}

	// Without lookup keys nothing is asked.
	v, _ = c.VerifyKeySet(ctx, aimed, VerifyOptions{})
	if v.SalesUnitFinding != SalesUnitUnchecked {
		t.Errorf("finding %v without lookup keys, want SalesUnitUnchecked", v.SalesUnitFinding)
	}
}
