// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package management_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
)

type checkCase struct {
	value string
	ok    bool
}

func runChecks(t *testing.T, name string, check func(string) string, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		got := check(tc.value)
		switch {
		case tc.ok && got != "":
			t.Errorf("%s(%q) = %q, want it accepted", name, tc.value, got)
		case !tc.ok && got == "":
			t.Errorf("%s(%q) accepted a bad value", name, tc.value)
		case !tc.ok && !strings.HasPrefix(got, "must "):
			t.Errorf("%s(%q): problem %q does not follow the attribute's name", name, tc.value, got)
		}
	}
}

func TestCheckSalesUnitName_followsTheReference(t *testing.T) {
	runChecks(t, "CheckSalesUnitName", management.CheckSalesUnitName, []checkCase{
		{"Bakeri Bergen", true},
		{"Fjordkaffe (Bryggen) - nr. 2_+", true},
		{"Kahvila Äänekoski", true},
		{"Café", true},
		{"Cafe\u0301 Decomposed", true}, // e + COMBINING ACUTE, as macOS keyboards may send it
		{"Łódź 24", true},
		{strings.Repeat("å", 40), true},
		{"", false},
		{strings.Repeat("a", 41), false},
		{"Bakeri ²", false}, // a superscript digit is not 0-9
		{"Kiosk ٣", false},  // nor is an Arabic-Indic digit
		{"Shop *1*", false}, // inside spec 2.0.9's accidental range ")-_"
		{"Kafé\tTo", false}, // a tab is whitespace, not a space
		{"Kafé\nTo", false}, // so is a newline
		{"Back\\slash", false},
		{"Tick`", false},
		{"Bakeri & Co", false},
		{"Bakeri, Bergen", false},
		{"\xff", false},
	})
}

func TestCheckBusinessIdentifier(t *testing.T) {
	runChecks(t, "CheckScheme", management.CheckScheme, []checkCase{
		{management.SchemeNorway, true}, {management.SchemeDenmark, true}, {management.SchemeFinland, true},
		{"business:SE:ORG", true}, {"business:", false}, {strings.Repeat("x", 31), false}, {"business:NO:ORG\n", false},
		{"business:NO:ØRG", true}, // 15 characters, 16 bytes: length counts characters
	})
	runChecks(t, "CheckBusinessID", management.CheckBusinessID, []checkCase{
		{"987654321", true}, {"9876543221", true}, {"2345678-9", true}, {"1234", true}, {strings.Repeat("1", 50), true},
		{"123", false}, {strings.Repeat("1", 51), false}, {"98765432a", false}, {"987 654 321", false},
		{"٩٨٧٦٥٤٣٢١", false}, // digits of another script
	})
}

func TestCheckProductOrderFields(t *testing.T) {
	runChecks(t, "CheckProductType", management.CheckProductType, []checkCase{
		{"PAYMENT_INTEGRATION", true}, {"DONATIONS", true}, {"VIPPS_PA_NETT", false}, {"login", false}, {"", false},
	})
	runChecks(t, "CheckProductUseCase", management.CheckProductUseCase, []checkCase{
		{"Website", true}, {"Unknown", true}, {"website", false}, {"POS", false},
	})
	runChecks(t, "CheckBankAccountScheme", management.CheckBankAccountScheme, []checkCase{
		{"BBAN:NO", true}, {"BBAN:FI", true}, {"BBAN:SE", false}, {"IBAN", false}, {"bban:no", false},
	})
	runChecks(t, "CheckBankAccountID", management.CheckBankAccountID, []checkCase{
		{"86011117947", true}, {"12345678", false}, {strings.Repeat("1", 35), false}, {"NO9386011117947", false},
	})
	runChecks(t, "CheckUUID", management.CheckUUID, []checkCase{
		{"3dd68d33-5a68-46d6-b8bc-06a965e27efa", true}, {"3DD68D33-5A68-46D6-B8BC-06A965E27EFA", true},
		{"12345", false}, {"{3dd68d33-5a68-46d6-b8bc-06a965e27efa}", false},
		// The other spellings uuid.Parse reads are not what the API's path takes.
		{"urn:uuid:3dd68d33-5a68-46d6-b8bc-06a965e27efa", false}, {"3dd68d335a6846d6b8bc06a965e27efa", false},
		{"3dd68d33-5a68-46d6-b8bc-06a965e27ef", false}, {"3dd68d33-5a68-46d6-b8bc-06a965e27efg", false},
		{"3dd68d33_5a68_46d6_b8bc_06a965e27efa", false}, {"", false},
	})
	runChecks(t, "CheckAnnualTurnoverPercentage", management.CheckAnnualTurnoverPercentage, []checkCase{
		{"10", true}, {"100", true}, {"50", true}, {"5", false}, {"110", false}, {"0", false},
	})
	runChecks(t, "CheckMerchantCategoryCode", management.CheckMerchantCategoryCode, []checkCase{
		{"5942", true}, {"594", false}, {"59421", false},
	})
	runChecks(t, "CheckAppName", management.CheckAppName, []checkCase{{"Kaffe-appen", true}, {"", false}, {"  ", false}})
	runChecks(t, "CheckHTTPSURL", management.CheckHTTPSURL, []checkCase{
		{"https://fjordkaffe.no", true}, {"https://fjordkaffe.no/vilkår", true},
		{"http://fjordkaffe.no", false}, {"https:///vilkar", false}, {" https://fjordkaffe.no", false},
		{"https://fjordkaffe.no/a b", false}, {"fjordkaffe.no", false},
		// Credentials in a URL would be sent to the API and shown in the plan.
		{"https://user:pw@fjordkaffe.no", false}, {"https://user@fjordkaffe.no", false}, {"https://@fjordkaffe.no", false},
		{"https://fjordkaffe.no/@kafe", true},
	})
	runChecks(t, "CheckSalesUnitLogo", management.CheckSalesUnitLogo, []checkCase{
		{"iVBORw0KGgo=", true}, {"", false}, {"not base64!", false}, {"iVBORw0KGgo", false},
	})
	runChecks(t, "CheckIdempotencyKey", management.CheckIdempotencyKey, []checkCase{
		{"onboard-987654321", true}, {strings.Repeat("k", 50), true},
		{"", false}, {"with space", false}, {strings.Repeat("k", 51), false}, {"key_1", false},
	})
	for n, ok := range map[int64]bool{0: true, 999999999: true, -1: false, 1000000000: false} {
		if got := management.CheckAnnualTurnover(n); (got == "") != ok {
			t.Errorf("CheckAnnualTurnover(%d) = %q", n, got)
		}
	}
}

func TestCheckName_refusesControlCharacters(t *testing.T) {
	check := func(s string) string { return management.CheckName(s, management.NameMaxLength) }
	runChecks(t, "CheckName", check, []checkCase{
		{"Fjordkaffe Bryggen", true}, {"Kafé & Co, 2. etg", true}, {strings.Repeat("x", 50), true},
		{"", false}, {strings.Repeat("x", 51), false}, {"Fjordkaffe\n", false}, {"Fjord\tkaffe", false},
		{"Fjord\x1b[31mkaffe", false}, {"Fjord\u0085kaffe", false}, {"\xff", false},
	})
}

func TestOrderStatusAt_expiresUnsubmittedOrdersAfterTheLifetime(t *testing.T) {
	created := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	justBefore, at := created.Add(management.ProductOrderLifetime-time.Second), created.Add(management.ProductOrderLifetime)
	for _, tt := range []struct {
		status string
		now    time.Time
		want   string
	}{
		{management.OrderStatusReceived, justBefore, management.OrderStatusReceived},
		{management.OrderStatusReceived, at, management.OrderStatusExpired},
		{management.OrderStatusMerchantViewed, at, management.OrderStatusExpired},
		{management.OrderStatusSubmitted, at.Add(time.Hour), management.OrderStatusSubmitted},
		{management.OrderStatusCompleted, at, management.OrderStatusCompleted},
	} {
		if got := management.OrderStatusAt(tt.status, created, tt.now); got != tt.want {
			t.Errorf("%s at %v: %s, want %s", tt.status, tt.now.Sub(created), got, tt.want)
		}
	}
	if management.ProductOrderLifetime != 14*24*time.Hour {
		t.Errorf("lifetime = %v, want the documented 14 days", management.ProductOrderLifetime)
	}
}

// TestDerivedIdempotencyKey: the key a client derives for an order is the API's kind of key,
// the same for the same order, partner and generation, and different when any of them
// differs; it reveals neither the secret it is keyed with nor what the body holds.
func TestDerivedIdempotencyKey(t *testing.T) {
	const secret = "fb492b5e-7907-4d83-ba20-c7fb60ca35de"
	body := []byte(`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654321"},"website":{"testWebsitePassword":"hemmelig"}}`)
	key := management.DerivedIdempotencyKey(secret, body, 0)
	if p := management.CheckIdempotencyKey(key); p != "" {
		t.Fatalf("%q %s", key, p)
	}
	if !strings.HasPrefix(key, "tf-") || !strings.HasSuffix(key, "-0") {
		t.Errorf("key %q: want tf-<digest>-<generation>", key)
	}
	if again := management.DerivedIdempotencyKey(strings.ToUpper(secret), append([]byte(nil), body...), 0); again != key {
		t.Errorf("the same order derived %q, then %q", key, again)
	}
	others := map[string]string{
		"another body":        management.DerivedIdempotencyKey(secret, []byte(`{}`), 0),
		"another partner":     management.DerivedIdempotencyKey("0f14ebca-b0ec-4b29-ae0c-b90d91b4a84a", body, 0),
		"the next generation": management.DerivedIdempotencyKey(secret, body, 1),
	}
	for what, other := range others {
		if other == key || management.CheckIdempotencyKey(other) != "" {
			t.Errorf("%s: key %q, against %q", what, other, key)
		}
	}
	for _, g := range []int{1, 99, management.MaxIdempotencyKeyGeneration} {
		if k := management.DerivedIdempotencyKey(secret, body, g); management.CheckIdempotencyKey(k) != "" {
			t.Errorf("generation %d: %q is not a valid key", g, k)
		}
	}
	for _, part := range []string{"fb492b5e", "hemmelig", "987654321"} {
		if strings.Contains(strings.ToLower(key), part) {
			t.Errorf("key %q holds %q", key, part)
		}
	}
}
