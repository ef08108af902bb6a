// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

func TestDemoData_uses123456WithTheDocumentedExampleKeysInTest(t *testing.T) {
	ks := demoKeySet(t, "123456", keys.EnvironmentTest)
	if ks.ClientID != "fb492b5e-7907-4d83-ba20-c7fb60ca35de" ||
		ks.ClientSecret != "Y8Kteew6GE2ZmeycEt6egg==" ||
		ks.SubscriptionKeyPrimary != "0f14ebcab0ec4b29ae0cb90d91b4a84a" ||
		ks.SubscriptionKeySecondary == "" {
		t.Errorf("123456 in test = %+v", ks)
	}
	prod := demoKeySet(t, "123456", keys.EnvironmentProduction)
	if prod.ClientID == ks.ClientID || prod.ClientSecret == ks.ClientSecret || prod.SubscriptionKeyPrimary == ks.SubscriptionKeyPrimary {
		t.Errorf("123456 in production shares keys with test: %+v", prod)
	}
}

func TestDemoData_coversBothEnvironmentsAndVippsnummer(t *testing.T) {
	d := DemoData()
	if _, err := newState(d); err != nil {
		t.Fatalf("demo data is invalid: %v", err)
	}
	count := map[string]int{}
	for _, u := range d.SalesUnits {
		count[u.Environment+"/"+u.Kind]++
	}
	for _, env := range keys.Environments() {
		if count[env+"/"+KindAPI] < 4 || count[env+"/"+KindVippsnummer] < 1 {
			t.Errorf("%s: %d API units and %d Vippsnummer units", env, count[env+"/"+KindAPI], count[env+"/"+KindVippsnummer])
		}
	}
	if !reflect.DeepEqual(DemoData(), d) {
		t.Error("DemoData is not deterministic")
	}
}

func TestLoadData_roundTripsDemoData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.json")
	b, err := json.MarshalIndent(DemoData(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	d, err := LoadData(path)

	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d, DemoData()) {
		t.Error("loaded data differs from what was written")
	}
	s, err := New(Options{Data: d})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Data(), d) {
		t.Error("the sandbox's Data differs from the loaded data")
	}
}

func TestLoadData_acceptsBareKeySetsAndDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.json")
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	b, _ := json.Marshal(map[string]any{"key_sets": []keys.KeySet{ks}})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	d, err := LoadData(path)

	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Data: d})
	if err != nil {
		t.Fatal(err)
	}
	u := findUnit(s.Data(), DemoMSN, keys.EnvironmentTest)
	if u == nil || u.Kind != KindAPI || u.Name != "Sales unit 123456" {
		t.Errorf("implied sales unit = %+v", u)
	}
}

func TestLoadData_rejectsBadData(t *testing.T) {
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	other := demoKeySet(t, "234567", keys.EnvironmentTest)
	other.SubscriptionKeySecondary = ks.SubscriptionKeyPrimary
	badSecret := ks
	badSecret.ClientSecret = "c2VjcmV0LXNlY3JldC1zZWNyZXQ" // unpadded
	tests := []struct {
		name string
		data any
		want string
	}{
		{"unknown field", map[string]any{"salesunits": []any{}}, "unknown field"},
		{"malformed key", map[string]any{"key_sets": []keys.KeySet{badSecret}}, "client_secret must be canonical"},
		{"duplicate sales unit", Data{SalesUnits: []SalesUnit{
			{MerchantSerialNumber: "1234", Environment: "test"}, {MerchantSerialNumber: "1234", Environment: "test"},
		}}, "listed twice"},
		{"unknown kind", Data{SalesUnits: []SalesUnit{{MerchantSerialNumber: "1234", Environment: "test", Kind: "pos"}}}, "kind must be"},
		{"keys for a Vippsnummer unit", Data{
			SalesUnits: []SalesUnit{{MerchantSerialNumber: "123456", Environment: "test", Kind: KindVippsnummer}},
			KeySets:    []keys.KeySet{ks},
		}, "no API keys"},
		{"shared subscription key", Data{KeySets: []keys.KeySet{ks, other}}, "subscription_key_secondary is already used"},
		{"two key sets for one unit", Data{KeySets: []keys.KeySet{ks, ks}}, "already has a key set"},
		{"name too long", Data{SalesUnits: []SalesUnit{{MerchantSerialNumber: "1234", Environment: "test", Name: strings.Repeat("n", 51)}}}, "1 to 50 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "data.json")
			b, _ := json.Marshal(tt.data)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadData(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if strings.Contains(err.Error(), badSecret.ClientSecret) || strings.Contains(err.Error(), other.SubscriptionKeyPrimary) {
				t.Errorf("error leaks a secret: %v", err)
			}
		})
	}
}

func TestNew_rejectsBadOptions(t *testing.T) {
	for name, opts := range map[string]Options{
		"unknown fault":       {Fault: "418"},
		"fault rate above 1":  {FaultRate: 1.5},
		"negative rate limit": {RateLimit: -1},
		"negative latency":    {Latency: -time.Second},
		"negative generate":   {Generate: -1},
		"fault rate NaN":      {FaultRate: math.NaN()},
		"fault rate below 0":  {FaultRate: -0.1},
		"bad fault rule":      {FaultRules: []FaultRule{{Route: "POST /accesstoken/get", Mode: "teapot"}}},
		"fault rule no mode":  {FaultRules: []FaultRule{{Route: "POST /accesstoken/get"}}},
	} {
		if _, err := New(opts); err == nil {
			t.Errorf("%s: New accepted %+v", name, opts)
		}
	}
}

func TestNew_doesNotShareTheCallersData(t *testing.T) {
	d := DemoData()
	s, err := New(Options{Data: d})
	if err != nil {
		t.Fatal(err)
	}
	d.KeySets[0].ClientSecret = "changed"
	if s.KeySets()[0].ClientSecret == "changed" {
		t.Error("changing the caller's Data changed the sandbox")
	}
}

func TestGenerate_addsTestUnitsFromMSN100000(t *testing.T) {
	s, srv := newServer(t, Options{Generate: 5})

	var generated []keys.KeySet
	for _, ks := range s.KeySets() {
		if ks.MerchantSerialNumber >= "100000" && ks.MerchantSerialNumber < "100100" {
			generated = append(generated, ks)
		}
	}
	if len(generated) != 5 {
		t.Fatalf("got %d generated key sets, want 5", len(generated))
	}
	for i, ks := range generated {
		if want := []string{"100000", "100001", "100002", "100003", "100004"}[i]; ks.MerchantSerialNumber != want || ks.Environment != keys.EnvironmentTest {
			t.Errorf("generated[%d] = %s (%s), want %s (test)", i, ks.MerchantSerialNumber, ks.Environment, want)
		}
		if p := ks.Problems(); len(p) > 0 {
			t.Errorf("generated key set %s: %v", ks.MerchantSerialNumber, p)
		}
	}
	if r := postToken(t, s, srv, with(credentials(generated[4]), HeaderMerchantSerialNumber, "100004")); r.status != 200 {
		t.Errorf("generated keys refused: %d %s", r.status, r.body)
	}
}

func TestGenerate_isDeterministicAndSkipsUsedMSNs(t *testing.T) {
	data := &Data{SalesUnits: []SalesUnit{{MerchantSerialNumber: "100001", Environment: keys.EnvironmentTest, Kind: KindVippsnummer}}}
	a, err := New(Options{Data: data, Generate: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{Data: data, Generate: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.KeySets(), b.KeySets()) {
		t.Error("two sandboxes generated different keys")
	}
	var msns []string
	for _, ks := range a.KeySets() {
		msns = append(msns, ks.MerchantSerialNumber)
	}
	if want := []string{"100000", "100002", "100003"}; !reflect.DeepEqual(msns, want) {
		t.Errorf("MSNs = %v, want %v", msns, want)
	}
}

// TestGenerate_tenThousand: a fleet-sized sandbox starts with every generated unit. How fast it
// starts is BenchmarkNew_generate10000's business, not a test's.
func TestGenerate_tenThousand(t *testing.T) {
	s, err := New(Options{Generate: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.KeySets()); n != 10000+len(DemoData().KeySets) {
		t.Errorf("got %d key sets", n)
	}
}

func BenchmarkNew_generate10000(b *testing.B) {
	for b.Loop() {
		if _, err := New(Options{Generate: 10000}); err != nil {
			b.Fatal(err)
		}
	}
}
