// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// partnerFleetSize is how many merchants TestPartnerFleet_onboardsMerchantsFromACSVFile
// onboards: PARTNER_FLEET_MERCHANTS, 200 by default, 20 with -short.
func partnerFleetSize(t *testing.T) int {
	t.Helper()
	if s := os.Getenv("PARTNER_FLEET_MERCHANTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5000 {
			t.Fatalf("PARTNER_FLEET_MERCHANTS must be a number from 1 to 5000, not %q", s)
		}
		return n
	}
	if testing.Short() {
		return 20
	}
	return 200
}

// TestPartnerFleet_onboardsMerchantsFromACSVFile runs examples/partner-fleet as a partner
// would, with the sandbox playing the merchants and Vipps MobilePay:
//
//  1. the demo partner's production keys become the provider's credentials;
//  2. merchants.csv gets generated merchants with valid organisation numbers in Norway,
//     Denmark and Finland;
//  3. apply: one product order per merchant, each with a prefill URL;
//  4. every order goes to COMPLETED, which creates the sales units and their keys, and the
//     units' production keys go into a tfvars file, as the welcome emails would bring them;
//  5. apply again: the orders refresh to COMPLETED and one key set per unit is verified;
//  6. the outputs and the sandbox agree, and the plan is empty.
func TestPartnerFleet_onboardsMerchantsFromACSVFile(t *testing.T) {
	acceptance(t)
	t.Parallel()
	merchants := partnerFleetSize(t)
	sb := startSandbox(t)
	w := newWorkspace(t, "partner-fleet", partnerEnv(t, sb))
	ctx := t.Context()
	phases := &phaseTimer{t: t, last: time.Now()}
	defer phases.report()

	w.write("merchants.csv", fleetCSV(t, merchants, takenOrgNumbers()))
	phases.done("generate merchants.csv")

	w.mustRun("apply 1: product orders", func() error { return w.tf.Apply(ctx) })
	orders := fleetOrders(t, w)
	prefill := outputValue[map[string]string](t, w, "prefill_urls")
	for org, o := range orders {
		if o.Status != "RECEIVED" {
			t.Fatalf("order of %s is %s, want RECEIVED", org, o.Status)
		}
	}
	if len(orders) != merchants || len(prefill) != merchants {
		t.Fatalf("%d orders and %d prefill URLs, want %d of each", len(orders), len(prefill), merchants)
	}
	phases.done(fmt.Sprintf("apply 1: %d product orders", merchants))

	// The merchants submit, Vipps MobilePay approves, and the welcome emails bring the keys.
	salesUnitKeys := map[string]map[string]string{}
	for org, o := range orders {
		if err := sb.AdvanceProductOrder(o.ID, "COMPLETED"); err != nil {
			t.Fatalf("completing the order of %s: %v", org, err)
		}
	}
	completed := map[string]string{} // order ID → MSN of the unit it created
	for _, o := range sb.ProductOrders() {
		completed[o.ID] = o.SalesUnitMSN
	}
	for _, ks := range sb.KeySets() {
		if ks.Environment != keys.EnvironmentProduction {
			continue
		}
		for org, o := range orders {
			if completed[o.ID] == ks.MerchantSerialNumber {
				salesUnitKeys[ks.MerchantSerialNumber] = map[string]string{
					"client_id":                  ks.ClientID,
					"client_secret":              ks.ClientSecret,
					"subscription_key_primary":   ks.SubscriptionKeyPrimary,
					"subscription_key_secondary": ks.SubscriptionKeySecondary,
				}
				delete(orders, org)
			}
		}
	}
	if len(orders) != 0 {
		t.Fatalf("%d completed orders have no production key set in the sandbox", len(orders))
	}
	tfvars, err := json.MarshalIndent(map[string]any{"sales_unit_keys": salesUnitKeys}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	keysFile := tfexec.VarFile(w.write("sales-unit-keys.tfvars.json", string(tfvars)))
	phases.done("complete orders, collect keys")

	w.mustRun("apply 2: key sets", func() error { return w.tf.Apply(ctx, keysFile) })
	phases.done(fmt.Sprintf("apply 2: refresh orders, %d key sets", merchants))

	orders = fleetOrders(t, w)
	keySets := outputValue[map[string]struct {
		VerifiedAt  string `json:"verified_at"`
		Fingerprint string `json:"fingerprint"`
	}](t, w, "key_sets")
	msns := map[string]bool{}
	for org, o := range orders {
		if o.Status != "COMPLETED" || o.MerchantSerialNumber == "" {
			t.Errorf("order of %s is %s with MSN %q after refresh, want COMPLETED with its new unit", org, o.Status, o.MerchantSerialNumber)
		}
		msns[o.MerchantSerialNumber] = true
	}
	if len(msns) != merchants {
		t.Errorf("%d distinct sales units, want %d", len(msns), merchants)
	}
	for msn := range msns {
		ks, ok := keySets[msn]
		if !ok || ks.VerifiedAt == "" || !strings.HasPrefix(ks.Fingerprint, "sha256:") {
			t.Errorf("the key set of MSN %s is missing or not verified: %+v", msn, ks)
		}
	}
	if len(keySets) != len(msns) {
		t.Errorf("%d key sets for %d new sales units", len(keySets), len(msns))
	}
	if awaiting := outputValue[[]string](t, w, "awaiting_keys"); len(awaiting) != 0 {
		t.Errorf("awaiting_keys = %v, want none", awaiting)
	}
	if prefill := outputValue[map[string]string](t, w, "prefill_urls"); len(prefill) != 0 {
		t.Errorf("%d prefill URLs left for completed orders", len(prefill))
	}
	fleet := 0
	for _, o := range sb.ProductOrders() {
		if strings.HasPrefix(o.IdempotencyKey, "onboard-") {
			fleet++
		}
	}
	if fleet != merchants {
		t.Errorf("the sandbox holds %d fleet orders, want exactly %d", fleet, merchants)
	}
	stats := sb.Stats()
	t.Logf("API requests the sandbox served: %v", stats)
	phases.done("check outputs and sandbox")

	var changes bool
	plan := w.mustRun("plan", func() error {
		changes, err = w.tf.Plan(ctx, keysFile)
		return err
	})
	if changes {
		t.Errorf("the plan after the second apply is not empty:\n%s", plan)
	}
	phases.done("plan (must be empty)")
}

// partnerEnv is how a partner configures the provider: the demo partner's production keys in
// the VIPPSMOBILEPAY_* variables, here with the sandbox's URL.
func partnerEnv(t *testing.T, sb *testSandbox) map[string]string {
	t.Helper()
	partners := sb.PartnerKeySets()
	if len(partners) == 0 || partners[0].Environment != keys.EnvironmentProduction {
		t.Fatalf("the sandbox has no production partner keys: %d partner key sets", len(partners))
	}
	return map[string]string{
		"VIPPSMOBILEPAY_BASE_URL":         sb.URL,
		"VIPPSMOBILEPAY_CLIENT_ID":        partners[0].ClientID,
		"VIPPSMOBILEPAY_CLIENT_SECRET":    partners[0].ClientSecret,
		"VIPPSMOBILEPAY_SUBSCRIPTION_KEY": partners[0].SubscriptionKeyPrimary,
	}
}

// fleetOrder is one entry of the module's orders output.
type fleetOrder struct {
	Name                 string `json:"name"`
	ID                   string `json:"id"`
	Status               string `json:"status"`
	MerchantSerialNumber string `json:"merchant_serial_number"`
}

func fleetOrders(t *testing.T, w *workspace) map[string]fleetOrder {
	t.Helper()
	return outputValue[map[string]fleetOrder](t, w, "orders")
}

// outputValue decodes one root module output.
func outputValue[T any](t *testing.T, w *workspace, name string) T {
	t.Helper()
	var v T
	outputs, err := w.tf.Output(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	o, ok := outputs[name]
	if !ok {
		t.Fatalf("no output %q", name)
	}
	if err := json.Unmarshal(o.Value, &v); err != nil {
		t.Fatalf("output %s: %v", name, err)
	}
	return v
}

// phaseTimer logs how long each phase of a long test took.
type phaseTimer struct {
	t      *testing.T
	start  time.Time
	last   time.Time
	phases []string
}

func (p *phaseTimer) done(name string) {
	now := time.Now()
	if p.start.IsZero() {
		p.start = p.last
	}
	p.phases = append(p.phases, fmt.Sprintf("%-44s %6.1fs", name, now.Sub(p.last).Seconds()))
	p.last = now
}

func (p *phaseTimer) report() {
	p.t.Logf("timings:\n  %s\n  %-44s %6.1fs", strings.Join(p.phases, "\n  "), "total", time.Since(p.start).Seconds())
}

// takenOrgNumbers are the organisation numbers of the sandbox's demo merchants, which a fleet
// must leave alone.
func takenOrgNumbers() map[string]bool {
	taken := map[string]bool{}
	for _, m := range sandbox.DemoData().Merchants {
		taken[m.BusinessIdentifier.ID] = true
	}
	return taken
}

// A market's organisation numbers: the scheme, the mod-11 weights of the digits before the
// check digit, and the first digits that are in use.
type market struct {
	scheme, suffix string
	weights        []int
	firstDigits    string
	places, trades []string
	cities         []string
}

var markets = map[string]market{
	"NO": {
		scheme: "business:NO:ORG", suffix: "AS", weights: []int{3, 2, 7, 6, 5, 4, 3, 2}, firstDigits: "89",
		places: []string{"Fjell", "Fjord", "Havbris", "Nordlys", "Bølge", "Lyng", "Skog", "Vidde", "Kyst", "Elv", "Bre", "Måke", "Furu", "Tind", "Vik"},
		trades: []string{"Bakeri", "Kaffebar", "Sykkel", "Blomster", "Frisør", "Bokhandel", "Sport", "Interiør", "Fiskehandel", "Yoga"},
		cities: []string{"Oslo", "Bergen", "Trondheim", "Tromsø", "Stavanger", "Bodø", "Ålesund", "Lillehammer"},
	},
	"DK": {
		scheme: "business:DK:CVR", suffix: "ApS", weights: []int{2, 7, 6, 5, 4, 3, 2}, firstDigits: "1234",
		places: []string{"Kanal", "Strand", "Bøge", "Hede", "Klit", "Havne", "Mølle", "Lyng", "Vester", "Øster"},
		trades: []string{"Cykler", "Bageri", "Boghandel", "Kaffe", "Blomster", "Frisør", "Vin", "Design"},
		cities: []string{"København", "Aarhus", "Odense", "Aalborg", "Esbjerg"},
	},
	"FI": {
		scheme: "business:FI:Y-tunnus", suffix: "Oy", weights: []int{7, 9, 10, 5, 8, 4, 2}, firstDigits: "0123",
		places: []string{"Revontuli", "Järvi", "Koivu", "Kuusi", "Lumi", "Saari", "Tähti", "Ranta", "Kallio", "Aalto"},
		trades: []string{"Kahvila", "Leipomo", "Kirjakauppa", "Kukka", "Pyörä", "Parturi", "Sauna", "Urheilu"},
		cities: []string{"Helsinki", "Tampere", "Turku", "Oulu", "Espoo"},
	},
}

// fleetCSV returns merchants.csv with n made-up merchants: unique organisation numbers that pass
// their country's mod-11 check, about 70% Norwegian, 15% Danish and 15% Finnish, in a fixed
// pseudo-random mix of shops, web shops and cafés, each in the price packages the sandbox's demo
// partner has in its market.
func fleetCSV(t *testing.T, n int, taken map[string]bool) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(20240917, 1))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	columns := []string{"org_number", "scheme", "name", "product_type", "product_use_case", "sales_unit_name",
		"website", "terms_url", "price_package", "annual_turnover", "merchant_category_code",
		"settlement_account", "has_recurring", "attempt"}
	var out strings.Builder
	cw := csv.NewWriter(&out)
	_ = cw.Write(columns)
	names := map[string]bool{}
	for range n {
		country := "NO"
		switch r := rng.IntN(100); {
		case r >= 85:
			country = "FI"
		case r >= 70:
			country = "DK"
		}
		m := markets[country]
		org := m.orgNumber(rng, taken)
		var tradeName, city string
		for {
			place, trade := pick(m.places), pick(m.trades)
			tradeName, city = place+" "+trade, pick(m.cities)
			if country == "FI" {
				tradeName = trade + " " + place
			}
			if !names[tradeName+"/"+city] {
				names[tradeName+"/"+city] = true
				break
			}
		}
		row := map[string]string{
			"org_number":             org,
			"scheme":                 m.scheme,
			"name":                   tradeName + " " + city + " " + m.suffix,
			"sales_unit_name":        truncate(tradeName+" "+city, 40),
			"annual_turnover":        strconv.Itoa(100_000 + 50_000*rng.IntN(398)),
			"merchant_category_code": pick([]string{"5462", "5814", "5940", "5992", "7230", "5942", "5999"}),
		}
		web := "https://" + slug(tradeName+"-"+city) + ".example"
		switch kind := rng.Float64(); {
		case country == "NO" && kind < 0.45:
			row["product_type"], row["product_use_case"], row["price_package"] = "PAYMENT_INTEGRATION", "Unknown", "POS standard"
		case country == "NO":
			row["product_type"], row["product_use_case"], row["price_package"] = "CHECKOUT", "Website", "Nettbutikk partner"
			row["website"], row["terms_url"] = web, web+"/vilkar"
			row["has_recurring"] = strconv.FormatBool(rng.IntN(2) == 0)
		case country == "DK":
			row["product_type"], row["product_use_case"], row["price_package"] = "PAYMENT_INTEGRATION", "Website", "Webshop Danmark"
			row["website"], row["terms_url"] = web, web+"/handelsbetingelser"
		default:
			row["product_type"], row["product_use_case"], row["price_package"] = "CASHIER", "Unknown", "Kassa Suomi"
		}
		if rng.Float64() < 0.6 {
			length := map[string]int{"NO": 11, "DK": 14, "FI": 14}[country]
			row["settlement_account"] = digits(rng, length)
		}
		record := make([]string, len(columns))
		for i, c := range columns {
			record[i] = row[c]
		}
		_ = cw.Write(record)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// orgNumber draws an unused organisation number with a valid mod-11 check digit.
func (m market) orgNumber(rng *rand.Rand, taken map[string]bool) string {
	for {
		body := string(m.firstDigits[rng.IntN(len(m.firstDigits))]) + digits(rng, len(m.weights)-1)
		sum := 0
		for i, w := range m.weights {
			sum += int(body[i]-'0') * w
		}
		check := (11 - sum%11) % 11
		if check == 10 {
			continue
		}
		number := body + strconv.Itoa(check)
		if m.scheme == "business:FI:Y-tunnus" {
			number = body + "-" + strconv.Itoa(check)
		}
		if !taken[number] {
			taken[number] = true
			return number
		}
	}
}

func digits(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return strings.TrimSpace(string(r))
}

// slug makes a host name of a shop's name: ASCII letters, digits and hyphens.
func slug(s string) string {
	return strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "ä", "a", "ö", "o", " ", "-").Replace(strings.ToLower(s))
}
