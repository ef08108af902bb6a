// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// mgmt calls the sandbox's Management API with one key set's access token.
type mgmt struct {
	t       *testing.T
	s       *Sandbox
	srv     *httptest.Server
	headers map[string]string
}

// newMgmt exchanges ks for a token and returns a caller that sends it with ks's subscription
// key. A partner key set has an empty MSN.
func newMgmt(t *testing.T, s *Sandbox, srv *httptest.Server, ks keys.KeySet) mgmt {
	t.Helper()
	token := tokenFor(t, s, srv, ks)
	return mgmt{t: t, s: s, srv: srv, headers: map[string]string{
		"Authorization":       "Bearer " + token,
		HeaderSubscriptionKey: ks.SubscriptionKeyPrimary,
	}}
}

// with returns a caller that also sends the header pairs.
func (m mgmt) with(kv ...string) mgmt {
	m.headers = with(m.headers, kv...)
	return m
}

func (m mgmt) get(path string) response {
	m.t.Helper()
	return m.do(http.MethodGet, path, "")
}

func (m mgmt) do(method, path, body string) response {
	m.t.Helper()
	r := send(m.t, m.s, m.srv, method, path, m.headers, body)
	assertNoPartnerSecrets(m.t, m.s, r.body+r.header.Get(HeaderReason))
	return r
}

func assertNoPartnerSecrets(t *testing.T, s *Sandbox, text string) {
	t.Helper()
	for _, ks := range s.PartnerKeySets() {
		for _, secret := range []string{ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary} {
			if strings.Contains(text, secret) {
				t.Fatalf("response leaks a partner secret: %s", text)
			}
		}
	}
}

func demoPartnerKeySet(t *testing.T) keys.KeySet {
	t.Helper()
	for _, pks := range DemoData().PartnerKeySets {
		if pks.PartnerID == DemoPartnerID {
			return pks.KeySet
		}
	}
	t.Fatal("no demo partner key set")
	return keys.KeySet{}
}

func prodKeys(t *testing.T, msn string) keys.KeySet {
	t.Helper()
	return demoKeySet(t, msn, keys.EnvironmentProduction)
}

// decode parses a JSON body into T, failing the test when it does not parse.
func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("decode %d %q: %v", r.status, r.body, err)
	}
	return v
}

func msnsOf(t *testing.T, r response) []string {
	t.Helper()
	var out []string
	for _, u := range decode[[]apiMsnInfo](t, r) {
		out = append(out, u.MSN)
	}
	return out
}

// wantStatus fails unless r has the status and, for an API answer, the content type that goes
// with it: the Management API's JSON for 2xx, problem+json for the API's own errors.
func wantStatus(t *testing.T, what string, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status = %d, want %d: %s", what, r.status, status, r.body)
	}
	ct := r.header.Get("Content-Type")
	switch {
	case status == http.StatusOK && r.body == "":
	case status < 300 && ct != contentTypeManagement:
		t.Errorf("%s: content type %q, want %q", what, ct, contentTypeManagement)
	case status >= 400 && status != 401 && ct != contentTypeProblem:
		t.Errorf("%s: content type %q, want %q: %s", what, ct, contentTypeProblem, r.body)
	}
}

func TestManagement_listsSalesUnitsInTheCallersScope(t *testing.T) {
	s, srv := newServer(t, Options{})
	for _, tt := range []struct {
		name string
		ks   keys.KeySet
		want []string
	}{
		// Not 123458 (inactive), 678901 (not connected), 789012 (deactivated merchant) or
		// 902345 (Vippsnummer, no API keys).
		{"partner keys: connected merchants", demoPartnerKeySet(t), []string{"123456", "123457", "234567", "345678", "456789"}},
		{"sales unit keys: own merchant's units", prodKeys(t, "123456"), []string{"123456", "123457"}},
		{"keys of an inactive unit still see the merchant's active units", prodKeys(t, DemoMSNInactive), []string{"123456", "123457"}},
		{"merchant not connected to the partner", prodKeys(t, "678901"), []string{"678901"}},
		{"deactivated merchant", prodKeys(t, DemoMSNDeactivatedMerchant), []string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newMgmt(t, s, srv, tt.ks).get("/management/v1/sales-units")
			wantStatus(t, "list", r, http.StatusOK)
			if got := msnsOf(t, r); !slices.Equal(got, tt.want) {
				t.Errorf("MSNs = %v, want %v", got, tt.want)
			}
			if len(tt.want) == 0 && strings.TrimSpace(r.body) != "[]" {
				t.Errorf("an empty list must be [], got %s", r.body)
			}
		})
	}
}

func TestManagement_readsASalesUnit(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))

	r := partner.get("/management/v1/sales-units/123456")

	wantStatus(t, "get", r, http.StatusOK)
	u := decode[map[string]any](t, r)
	bi := u["businessIdentifier"].(map[string]any)
	cfg := u["configuration"].(map[string]any)
	if u["msn"] != "123456" || u["name"] != "Fjordkaffe Bergen" || bi["scheme"] != SchemeNorway ||
		bi["id"] != DemoOrgFjordkaffe || cfg["captureType"] != CaptureTypeReserve || cfg["skipLandingPageAllowed"] != true {
		t.Errorf("sales unit = %s", r.body)
	}
	if _, has := cfg["lateCaptureAllowed"]; has {
		t.Errorf("a flag the data does not set must be left out, not false: %s", r.body)
	}

	own := newMgmt(t, s, srv, prodKeys(t, "678901")).get("/management/v1/sales-units/678901")
	wantStatus(t, "unit without configuration", own, http.StatusOK)
	if !strings.Contains(own.body, `"configuration":{}`) {
		t.Errorf("configuration is required, and empty when nothing is known: %s", own.body)
	}
}

func TestManagement_salesUnitScopingAndNotFound(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	merchant := newMgmt(t, s, srv, prodKeys(t, "123456"))
	lofoten := newMgmt(t, s, srv, prodKeys(t, "678901"))
	for _, tt := range []struct {
		name   string
		caller mgmt
		msn    string
		status int
	}{
		{"partner, connected", partner, "234567", 200},
		{"partner, inactive unit", partner, DemoMSNInactive, 404},
		{"partner, not connected", partner, DemoMSNNotConnected, 404},
		{"partner, deactivated merchant", partner, DemoMSNDeactivatedMerchant, 404},
		{"partner, Vippsnummer unit", partner, DemoMSNVippsnummerProduction, 404},
		{"partner, test-only unit", partner, DemoMSNTestOnly, 404},
		{"partner, unknown", partner, "999999", 404},
		{"partner, malformed MSN", partner, "12ab", 400},
		{"merchant keys, other unit of own merchant", merchant, DemoMSNLoginOnly, 200},
		{"merchant keys, own inactive unit", merchant, DemoMSNInactive, 404},
		{"merchant keys, other merchant", lofoten, "123456", 404},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantStatus(t, tt.msn, tt.caller.get("/management/v1/sales-units/"+tt.msn), tt.status)
		})
	}
}

func TestManagement_readsMerchantsInScope(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	merchant := newMgmt(t, s, srv, prodKeys(t, "123456"))
	path := func(scheme, id string) string { return "/management/v1/merchants/" + scheme + "/" + id }
	for _, tt := range []struct {
		name       string
		caller     mgmt
		path       string
		status     int
		wantStatus string
	}{
		{"partner, connected", partner, path(SchemeNorway, DemoOrgFjordkaffe), 200, MerchantActive},
		{"partner, Finnish Y-tunnus", partner, path(SchemeFinland, DemoOrgAurora), 200, MerchantActive},
		{"partner, deactivated merchant is still readable", partner, path(SchemeNorway, DemoOrgBryggeriet), 200, MerchantDeactivated},
		{"partner, not connected", partner, path(SchemeNorway, DemoOrgLofoten), 404, ""},
		{"partner, unknown", partner, path(SchemeNorway, "987654325"), 404, ""},
		{"partner, malformed id", partner, path(SchemeNorway, "abc"), 400, ""},
		{"merchant keys, own merchant", merchant, path(SchemeNorway, DemoOrgFjordkaffe), 200, MerchantActive},
		{"merchant keys, other merchant", merchant, path(SchemeNorway, DemoOrgNordlys), 404, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.caller.get(tt.path)
			wantStatus(t, tt.path, r, tt.status)
			if tt.status == 200 {
				if got := decode[apiMerchant](t, r); got.Status != tt.wantStatus {
					t.Errorf("status = %q, want %q", got.Status, tt.wantStatus)
				}
			}
		})
	}

	r := partner.get(path(SchemeNorway, DemoOrgFjordkaffe))
	m := decode[apiMerchant](t, r)
	if m.Name != "Fjordkaffe AS" || m.CountryCode != "NO" || m.CreatedAt != "2019-03-04T09:30:12.418Z" ||
		m.BusinessAddress == nil || m.BusinessAddress.Lines[0] != "Bryggen 12" || *m.BusinessPostAddress.City != "Bergen" {
		t.Errorf("merchant = %s", r.body)
	}
}

func TestManagement_listsAMerchantsSalesUnits(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	lofoten := newMgmt(t, s, srv, prodKeys(t, "678901"))
	path := func(scheme, id string) string {
		return "/management/v1/merchants/" + scheme + "/" + id + "/sales-units"
	}
	for _, tt := range []struct {
		name   string
		caller mgmt
		path   string
		want   []string // nil: 404
	}{
		{"partner, connected", partner, path(SchemeNorway, DemoOrgFjordkaffe), []string{"123456", "123457"}},
		{"partner, Danish CVR", partner, path(SchemeDenmark, DemoOrgHygge), []string{"345678"}},
		{"partner, no sales units yet", partner, path(SchemeDenmark, DemoOrgNorrebro), nil},
		{"partner, Vippsnummer units only", partner, path(SchemeNorway, DemoOrgSkolekorps), nil},
		{"partner, deactivated merchant", partner, path(SchemeNorway, DemoOrgBryggeriet), nil},
		{"partner, not connected", partner, path(SchemeNorway, DemoOrgLofoten), nil},
		{"merchant keys, own merchant", lofoten, path(SchemeNorway, DemoOrgLofoten), []string{"678901"}},
		{"merchant keys, other merchant", lofoten, path(SchemeNorway, DemoOrgFjordkaffe), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.caller.get(tt.path)
			if tt.want == nil {
				wantStatus(t, tt.path, r, http.StatusNotFound)
				return
			}
			wantStatus(t, tt.path, r, http.StatusOK)
			if got := msnsOf(t, r); !slices.Equal(got, tt.want) {
				t.Errorf("MSNs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestManagement_merchantSerialNumberHeader(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	merchant := newMgmt(t, s, srv, prodKeys(t, "123456"))
	for _, tt := range []struct {
		name   string
		caller mgmt
		msn    string
		status int
	}{
		{"partner acting for a connected unit", partner, "234567", 200},
		{"partner acting for a connected but inactive unit", partner, DemoMSNInactive, 200},
		{"partner acting for an unconnected unit", partner, DemoMSNNotConnected, 403},
		{"partner acting for an unknown unit", partner, "999999", 403},
		{"partner acting for a Vippsnummer unit", partner, DemoMSNVippsnummerProduction, 403},
		{"sales unit keys naming their own unit", merchant, "123456", 200},
		{"sales unit keys naming another unit", merchant, DemoMSNLoginOnly, 403},
		{"malformed", partner, "12", 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.caller.with(HeaderMerchantSerialNumber, tt.msn).get("/management/v1/sales-units")
			wantStatus(t, tt.msn, r, tt.status)
		})
	}
}

func TestManagement_partnerOnlyEndpointsRefuseSalesUnitKeys(t *testing.T) {
	s, srv := newServer(t, Options{})
	merchant := newMgmt(t, s, srv, prodKeys(t, "123456"))
	id := uuid.NewString()
	for _, tt := range []struct{ method, path, body string }{
		{http.MethodGet, "/management/v1/partners/price-packages", ""},
		{http.MethodPost, "/management/v1/product-orders", validOrderBody("987654325", "Bakeri")},
		{http.MethodDelete, "/management/v1/product-orders/" + id, ""},
		{http.MethodGet, "/management/v2/product-orders", ""},
		{http.MethodGet, "/management/v2/product-orders/" + id + "/details", ""},
	} {
		r := merchant.with(HeaderIdempotencyKey, "key-1").do(tt.method, tt.path, tt.body)
		wantStatus(t, tt.method+" "+tt.path, r, http.StatusForbidden)
	}
}

func TestManagement_listsThePartnersPricePackages(t *testing.T) {
	s, srv := newServer(t, Options{})

	r := newMgmt(t, s, srv, demoPartnerKeySet(t)).get("/management/v1/partners/price-packages")

	wantStatus(t, "price packages", r, http.StatusOK)
	got := decode[[]map[string]any](t, r)
	if len(got) != 4 || got[0]["pricePackageId"] != DemoPricePackagePOS || got[0]["name"] != "POS standard" ||
		got[0]["description"] != "2.99%" || got[1]["commission"] != "30 %" {
		t.Fatalf("price packages = %s", r.body)
	}
	if c, has := got[0]["commission"]; !has || c != nil {
		t.Errorf("a package without commission says null: %s", r.body)
	}
}

// managementRoutesForGatewayTests is one request to each live Management API operation.
func managementRoutesForGatewayTests() []struct{ method, path string } {
	id := uuid.NewString()
	return []struct{ method, path string }{
		{http.MethodGet, "/management/v1/sales-units"},
		{http.MethodGet, "/management/v1/sales-units/123456"},
		{http.MethodGet, "/management/v1/merchants/business:NO:ORG/" + DemoOrgFjordkaffe},
		{http.MethodGet, "/management/v1/merchants/business:NO:ORG/" + DemoOrgFjordkaffe + "/sales-units"},
		{http.MethodPost, "/management/v1/product-orders"},
		{http.MethodDelete, "/management/v1/product-orders/" + id},
		{http.MethodGet, "/management/v2/product-orders"},
		{http.MethodGet, "/management/v2/product-orders/" + id + "/details"},
		{http.MethodGet, "/management/v1/partners/price-packages"},
		{http.MethodGet, "/management/v1/product-orders"},
		{http.MethodGet, "/management/v1/product-orders/" + id + "/details"},
	}
}

func TestManagement_badCredentialsGetTheGateways401(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	for _, caller := range []struct {
		name string
		m    mgmt
	}{
		{"no token", partner.with("Authorization", "")},
		{"empty Bearer", partner.with("Authorization", "Bearer")},
		{"unknown token", partner.with("Authorization", "Bearer nope")},
		{"no subscription key", partner.with(HeaderSubscriptionKey, "")},
		{"test keys sent as production", newMgmt(t, s, srv, demoKeySet(t, DemoMSN, keys.EnvironmentTest)).with(HeaderEnvironment, keys.EnvironmentProduction)},
	} {
		for _, rt := range managementRoutesForGatewayTests() {
			r := caller.m.with(HeaderIdempotencyKey, "k").do(rt.method, rt.path, "{}")
			var body apimBody
			if err := json.Unmarshal([]byte(r.body), &body); r.status != 401 || err != nil || body.StatusCode != 401 || body.Message == "" {
				t.Errorf("%s: %s %s = %d %s, want the gateway's 401", caller.name, rt.method, rt.path, r.status, r.body)
			}
		}
	}
}

// The test environment's host has no Management API: its gateway knows none of the
// operations, so every one is its 404, before any key is looked at.
func TestManagement_onTheTestHostIsTheGateways404(t *testing.T) {
	s, srv := newServer(t, Options{})
	testKeys := newMgmt(t, s, srv, demoKeySet(t, DemoMSN, keys.EnvironmentTest))
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	for _, caller := range []struct {
		name string
		m    mgmt
	}{
		{"test keys", testKeys},
		{"test keys, environment header test", testKeys.with(HeaderEnvironment, keys.EnvironmentTest)},
		{"partner keys sent as test", partner.with(HeaderEnvironment, keys.EnvironmentTest)},
		{"no keys, environment header test", mgmt{t: t, s: s, srv: srv, headers: map[string]string{HeaderEnvironment: keys.EnvironmentTest}}},
	} {
		for _, rt := range managementRoutesForGatewayTests() {
			r := caller.m.with(HeaderIdempotencyKey, "k").do(rt.method, rt.path, "{}")
			if r.status != http.StatusNotFound || r.body != apimJSON(404, apimNotFound) ||
				!strings.Contains(r.header.Get(HeaderReason), "only in production") {
				t.Errorf("%s: %s %s = %d %s (%s), want the gateway's 404", caller.name, rt.method, rt.path,
					r.status, r.body, r.header.Get(HeaderReason))
			}
		}
	}
	if n := s.Stats()[RouteSalesUnits]; n != 4 {
		t.Errorf("Stats[%s] = %d, want the 404s counted", RouteSalesUnits, n)
	}
}

func TestManagement_neverShippedEndpointsAre404(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	for _, rt := range []struct{ method, path string }{
		{http.MethodGet, "/management/v1/partners/whoami"},
		{http.MethodGet, "/management/v1/merchants"},
		{http.MethodGet, "/management/v1/merchants/business:NO:ORG/" + DemoOrgFjordkaffe + "/contracts"},
		{http.MethodPatch, "/management/v1/sales-units/123456"},
		{http.MethodGet, "/management/v1/api-quality/sales-units/123456"},
		{http.MethodGet, "/management/v1/product-orders/12345"},
		{http.MethodDelete, "/management/v1/product-orders/12345"},
	} {
		r := partner.do(rt.method, rt.path, "")
		if r.status != http.StatusNotFound || r.body != apimJSON(404, apimNotFound) {
			t.Errorf("%s %s = %d %s, want the gateway's 404", rt.method, rt.path, r.status, r.body)
		}
	}
}

// validOrderBody is a complete product order for a merchant the sandbox does not know yet.
func validOrderBody(orgNumber, name string) string {
	return `{
		"businessIdentifier": {"scheme": "business:NO:ORG", "id": "` + orgNumber + `"},
		"productType": "PAYMENT_INTEGRATION",
		"salesUnitName": "` + name + `",
		"settlementBankAccount": {"scheme": "BBAN:NO", "id": "86011117947"},
		"pricePackageId": "` + DemoPricePackagePOS + `",
		"productUseCase": "Website",
		"annualTurnover": 2500000,
		"annualTurnoverPercentage": "30",
		"intendedPurpose": "Bread and pastries sold in the shop and online.",
		"website": {"url": "https://bakeri.example", "termsUrl": "https://bakeri.example/terms"},
		"hasRecurring": true,
		"merchantCategoryCode": "5462"
	}`
}

// createOrder creates a product order and returns its id.
func createOrder(t *testing.T, partner mgmt, key, body string) string {
	t.Helper()
	r := partner.with(HeaderIdempotencyKey, key).do(http.MethodPost, "/management/v1/product-orders", body)
	wantStatus(t, "create", r, http.StatusCreated)
	resp := decode[apiProductOrderResponse](t, r)
	if resp.PrefillURL != PrefillURLBase+resp.PrefilledOrderID || !uuidFormat.MatchString(resp.PrefilledOrderID) {
		t.Fatalf("create = %s", r.body)
	}
	return resp.PrefilledOrderID
}

func orderDetails(t *testing.T, partner mgmt, id string) apiProductOrderDetails {
	t.Helper()
	r := partner.get("/management/v2/product-orders/" + id + "/details")
	wantStatus(t, "details", r, http.StatusOK)
	return decode[apiProductOrderDetails](t, r)
}

func TestManagement_productOrderLifecycleToCompleted(t *testing.T) {
	s, srv := newServer(t, Options{Clock: newClock()})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	id := createOrder(t, partner, "order-1", validOrderBody("987654325", "Bakeri Bergen"))

	d := orderDetails(t, partner, id)
	if d.Status != OrderStatusReceived || d.ProductOrderType != OrderTypePrefill || d.ProductType != ProductTypePaymentIntegration ||
		d.BusinessIdentifier.ID != "987654325" || d.ProductOrderURL == nil || *d.ProductOrderURL != PrefillURLBase+id || d.SalesUnit != nil {
		t.Fatalf("details = %+v", d)
	}
	list := decode[[]apiProductOrderDetails](t, partner.get("/management/v2/product-orders"))
	if len(list) != 1 || list[0].ProductOrderID != id {
		t.Fatalf("list = %+v", list)
	}

	for _, status := range []string{OrderStatusMerchantViewed, OrderStatusSubmitted} {
		if err := s.AdvanceProductOrder(id, status); err != nil {
			t.Fatalf("advance to %s: %v", status, err)
		}
		if got := orderDetails(t, partner, id).Status; got != status {
			t.Fatalf("status = %s, want %s", got, status)
		}
	}
	r := partner.do(http.MethodDelete, "/management/v1/product-orders/"+id, "")
	wantStatus(t, "delete a submitted order", r, http.StatusBadRequest)
	if p := decode[managementProblemBody](t, r); len(p.ExtraDetails) != 1 || p.ExtraDetails[0].Value != OrderStatusSubmitted {
		t.Errorf("problem = %s", r.body)
	}

	if err := s.AdvanceProductOrder(id, OrderStatusCompleted); err != nil {
		t.Fatal(err)
	}

	d = orderDetails(t, partner, id)
	if d.Status != OrderStatusCompleted || d.SalesUnit == nil || d.SalesUnit.Name != "Bakeri Bergen" {
		t.Fatalf("details = %+v", d)
	}
	msn := d.SalesUnit.MSN
	if msn != "800000" {
		t.Errorf("the first completed order's MSN = %s, want 800000", msn)
	}
	unit := decode[apiSalesUnit](t, partner.get("/management/v1/sales-units/"+msn))
	if unit.Name != "Bakeri Bergen" || unit.BusinessIdentifier.ID != "987654325" ||
		unit.Configuration.RecurringAllowed == nil || !*unit.Configuration.RecurringAllowed {
		t.Errorf("new sales unit = %+v", unit)
	}
	m := decode[apiMerchant](t, partner.get("/management/v1/merchants/business:NO:ORG/987654325"))
	if m.Status != MerchantActive || m.CountryCode != "NO" || m.Name != "Bakeri Bergen" || m.CreatedAt != "2026-01-02T03:04:05Z" {
		t.Errorf("new merchant = %+v", m)
	}
	for _, env := range keys.Environments() {
		var found bool
		for _, ks := range s.KeySets() {
			found = found || (ks.MerchantSerialNumber == msn && ks.Environment == env)
		}
		if !found {
			t.Errorf("no %s key set for the new sales unit %s", env, msn)
		}
	}
	// The new unit's own production keys work against the Management API at once.
	own := newMgmt(t, s, srv, currentKeySet(t, s, msn, keys.EnvironmentProduction)).get("/management/v1/sales-units/" + msn)
	wantStatus(t, "new unit's own keys", own, http.StatusOK)
}

// currentKeySet returns a key set the sandbox holds now (not only DemoData's).
func currentKeySet(t *testing.T, s *Sandbox, msn, env string) keys.KeySet {
	t.Helper()
	for _, ks := range s.KeySets() {
		if ks.MerchantSerialNumber == msn && ks.Environment == env {
			return ks
		}
	}
	t.Fatalf("no %s key set for %s", env, msn)
	return keys.KeySet{}
}

func TestManagement_advanceChecksTheLifecycle(t *testing.T) {
	for _, tt := range []struct {
		name  string
		path  []string // statuses reached first
		to    string
		allow bool
	}{
		{"viewed", nil, OrderStatusMerchantViewed, true},
		{"straight to completed", nil, OrderStatusCompleted, true},
		{"rejected after submission", []string{OrderStatusSubmitted}, OrderStatusRejected, true},
		{"expired before submission", []string{OrderStatusMerchantViewed}, OrderStatusExpired, true},
		{"back to received", []string{OrderStatusMerchantViewed}, OrderStatusReceived, false},
		{"same status", []string{OrderStatusMerchantViewed}, OrderStatusMerchantViewed, false},
		{"submitted orders do not expire", []string{OrderStatusSubmitted}, OrderStatusExpired, false},
		{"completed is final", []string{OrderStatusCompleted}, OrderStatusRejected, false},
		{"rejected is final", []string{OrderStatusRejected}, OrderStatusCompleted, false},
		{"expired is final", []string{OrderStatusExpired}, OrderStatusMerchantViewed, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newServer(t, Options{})
			id := createOrder(t, newMgmt(t, s, srv, demoPartnerKeySet(t)), "k", validOrderBody("987654325", "Bakeri"))
			for _, st := range tt.path {
				if err := s.AdvanceProductOrder(id, st); err != nil {
					t.Fatal(err)
				}
			}
			err := s.AdvanceProductOrder(id, tt.to)
			if tt.allow && err != nil {
				t.Fatalf("advance to %s: %v", tt.to, err)
			}
			if !tt.allow && !errors.Is(err, ErrInvalidTransition) {
				t.Fatalf("advance to %s: err = %v, want ErrInvalidTransition", tt.to, err)
			}
		})
	}

	s, _ := newServer(t, Options{})
	if err := s.AdvanceProductOrder(uuid.NewString(), OrderStatusCompleted); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown order: %v", err)
	}
}

func TestManagement_productOrdersExpireAfter14Days(t *testing.T) {
	c := newClock()
	s, srv := newServer(t, Options{Clock: c})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	received := createOrder(t, partner, "a", validOrderBody("987654325", "Bakeri"))
	submitted := createOrder(t, partner, "b", validOrderBody("812098446", "Kiosk"))
	if err := s.AdvanceProductOrder(submitted, OrderStatusSubmitted); err != nil {
		t.Fatal(err)
	}

	c.Advance(ProductOrderLifetime - time.Second)
	partner = newMgmt(t, s, srv, demoPartnerKeySet(t)) // the first token has expired
	if got := orderDetails(t, partner, received).Status; got != OrderStatusReceived {
		t.Fatalf("a second before 14 days: %s", got)
	}
	c.Advance(time.Second)

	if got := orderDetails(t, partner, received).Status; got != OrderStatusExpired {
		t.Errorf("after 14 days: %s, want EXPIRED", got)
	}
	if got := orderDetails(t, partner, submitted).Status; got != OrderStatusSubmitted {
		t.Errorf("a submitted order expired: %s", got)
	}
	ids := func(path string) []string {
		var out []string
		for _, d := range decode[[]apiProductOrderDetails](t, partner.get(path)) {
			out = append(out, d.ProductOrderID)
		}
		return out
	}
	if got := ids("/management/v2/product-orders"); !slices.Equal(got, []string{submitted}) {
		t.Errorf("list hides EXPIRED: got %v", got)
	}
	if got := ids("/management/v2/product-orders?includeExpired=true"); !slices.Equal(got, []string{received, submitted}) {
		t.Errorf("includeExpired=true: got %v", got)
	}
	wantStatus(t, "bad includeExpired", partner.get("/management/v2/product-orders?includeExpired=maybe"), http.StatusBadRequest)
	wantStatus(t, "delete expired", partner.do(http.MethodDelete, "/management/v1/product-orders/"+received, ""), http.StatusBadRequest)
	if err := s.AdvanceProductOrder(received, OrderStatusMerchantViewed); !errors.Is(err, ErrInvalidTransition) {
		t.Errorf("advancing an expired order: %v", err)
	}
}

func TestManagement_idempotencyKeyReplaysAndConflicts(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	body := validOrderBody("987654325", "Bakeri")
	first := createOrder(t, partner, "same-key", body)

	// The same body with other spacing and key order is the same request.
	var v map[string]any
	_ = json.Unmarshal([]byte(body), &v)
	reordered, _ := json.Marshal(v)
	if again := createOrder(t, partner, "same-key", string(reordered)); again != first {
		t.Errorf("replay created order %s, want %s", again, first)
	}
	// An optional field sent as null is the field left out: a retry from another serializer.
	v["salesUnitLogo"], v["app"] = nil, nil
	withNulls, _ := json.Marshal(v)
	if again := createOrder(t, partner, "same-key", string(withNulls)); again != first {
		t.Errorf("replay with explicit nulls created order %s, want %s", again, first)
	}
	r := partner.with(HeaderIdempotencyKey, "same-key").do(http.MethodPost, "/management/v1/product-orders",
		validOrderBody("987654325", "Bakeri Two"))
	wantStatus(t, "same key, other body", r, http.StatusConflict)
	if other := createOrder(t, partner, "other-key", body); other == first {
		t.Error("another key must create another order")
	}
	if n := len(s.ProductOrders()); n != 2 {
		t.Errorf("%d orders, want 2", n)
	}

	// A deleted order's key still replays its 201: the answer to that request was given.
	deleted := createOrder(t, partner, "deleted-key", validOrderBody("812098446", "Kiosk"))
	wantStatus(t, "delete", partner.do(http.MethodDelete, "/management/v1/product-orders/"+deleted, ""), http.StatusOK)
	if again := createOrder(t, partner, "deleted-key", validOrderBody("812098446", "Kiosk")); again != deleted {
		t.Errorf("replay after delete = %s, want %s", again, deleted)
	}

	for _, key := range []string{"", "has space", "under_score", strings.Repeat("a", 51)} {
		r := partner.with(HeaderIdempotencyKey, key).do(http.MethodPost, "/management/v1/product-orders", body)
		wantStatus(t, "Idempotency-Key "+key, r, http.StatusBadRequest)
	}

	// A 4xx stays a 4xx for its key (the 2026 toolkit's platform rule): the invalid body again
	// is refused again, and a valid one with that key is a conflict, not an order.
	invalid := `{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"NOPE"}`
	refused := partner.with(HeaderIdempotencyKey, "refused-key")
	wantStatus(t, "an invalid body", refused.do(http.MethodPost, "/management/v1/product-orders", invalid), http.StatusBadRequest)
	again := refused.do(http.MethodPost, "/management/v1/product-orders", invalid)
	wantStatus(t, "the invalid body again", again, http.StatusBadRequest)
	if p := decode[managementProblemBody](t, again); len(p.ExtraDetails) == 0 || p.ExtraDetails[0].Key != "productType" {
		t.Errorf("the refusal replayed without its reason: %s", again.body)
	}
	wantStatus(t, "a valid body with the refused key", refused.do(http.MethodPost, "/management/v1/product-orders", body), http.StatusConflict)
	// And a key that made an order does not take an invalid body either.
	wantStatus(t, "an invalid body with a used key", partner.with(HeaderIdempotencyKey, "same-key").do(http.MethodPost,
		"/management/v1/product-orders", invalid), http.StatusConflict)
	if n := len(s.ProductOrders()); n != 2 {
		t.Errorf("%d orders, want the 2 made before (one more was deleted)", n)
	}
}

func TestManagement_productOrderValidation(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t)).with(HeaderIdempotencyKey, "v")
	minimal := `{"businessIdentifier":{"scheme":"business:DK:CVR","id":"41205806"},"productType":"LOGIN"}`
	wantStatus(t, "minimal", partner.do(http.MethodPost, "/management/v1/product-orders", minimal), http.StatusCreated)

	for i, tt := range []struct {
		body  string
		field string
	}{
		{`{"productType":"LOGIN"}`, "businessIdentifier"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"}}`, "productType"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"98765432X"},"productType":"LOGIN"}`, "businessIdentifier"},
		{`{"businessIdentifier":{"scheme":"NO","id":"987654325"},"productType":"LOGIN"}`, "businessIdentifier"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"VIPPS_PA_NETT"}`, "productType"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","salesUnitName":""}`, "salesUnitName"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","salesUnitName":"` + strings.Repeat("a", 41) + `"}`, "salesUnitName"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","salesUnitName":"Bar & Grill"}`, "salesUnitName"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","salesUnitLogo":"not base64!"}`, "salesUnitLogo"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","settlementBankAccount":{"scheme":"IBAN","id":"86011117947"}}`, "settlementBankAccount.scheme"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","settlementBankAccount":{"scheme":"BBAN:NO","id":"123"}}`, "settlementBankAccount.id"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","pricePackageId":"nope"}`, "pricePackageId"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","pricePackageId":"` + uuid.NewString() + `"}`, "pricePackageId"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","productUseCase":"Shop"}`, "productUseCase"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","annualTurnover":-1}`, "annualTurnover"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","annualTurnover":"lots"}`, "annualTurnover"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","annualTurnoverPercentage":"15"}`, "annualTurnoverPercentage"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","app":{}}`, "app.appName"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","website":{"url":"https://a.example"}}`, "website.termsUrl"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","website":{"url":"http://a.example","termsUrl":"https://a.example/t"}}`, "website.url"},
		{`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","merchantCategoryCode":"59420"}`, "merchantCategoryCode"},
		{`{"businessIdentifier":`, ""},
	} {
		r := partner.with(HeaderIdempotencyKey, "v"+string(rune('a'+i))).do(http.MethodPost, "/management/v1/product-orders", tt.body)
		wantStatus(t, tt.body, r, http.StatusBadRequest)
		if tt.field == "" {
			continue
		}
		p := decode[managementProblemBody](t, r)
		if len(p.ExtraDetails) == 0 || !strings.HasPrefix(p.ExtraDetails[0].Key, tt.field) || !strings.Contains(p.Detail, tt.field) {
			t.Errorf("%s: problem = %s, want extraDetails naming %s", tt.body, r.body, tt.field)
		}
	}
	// The spec's example sends the MCC as a number; the API takes it.
	numeric := `{"businessIdentifier":{"scheme":"business:NO:ORG","id":"987654325"},"productType":"LOGIN","merchantCategoryCode":5942}`
	wantStatus(t, "numeric MCC", partner.with(HeaderIdempotencyKey, "mcc").do(http.MethodPost, "/management/v1/product-orders", numeric), http.StatusCreated)
	if n := len(s.ProductOrders()); n != 2 {
		t.Errorf("%d orders, want 2: an invalid request creates none", n)
	}
}

func TestManagement_deleteProductOrder(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	id := createOrder(t, partner, "d", validOrderBody("987654325", "Bakeri"))
	if err := s.AdvanceProductOrder(id, OrderStatusMerchantViewed); err != nil {
		t.Fatal(err)
	}

	r := partner.do(http.MethodDelete, "/management/v1/product-orders/"+id, "")

	if r.status != http.StatusOK || r.body != "" {
		t.Fatalf("delete = %d %q, want 200 with no body", r.status, r.body)
	}
	wantStatus(t, "delete again", partner.do(http.MethodDelete, "/management/v1/product-orders/"+id, ""), http.StatusNotFound)
	wantStatus(t, "details of a deleted order", partner.get("/management/v2/product-orders/"+id+"/details"), http.StatusNotFound)
	if got := decode[[]apiProductOrderDetails](t, partner.get("/management/v2/product-orders?includeExpired=true")); len(got) != 0 {
		t.Errorf("list still has the deleted order: %+v", got)
	}
	if len(s.ProductOrders()) != 0 {
		t.Error("ProductOrders still has the deleted order")
	}
	wantStatus(t, "unknown", partner.do(http.MethodDelete, "/management/v1/product-orders/"+uuid.NewString(), ""), http.StatusNotFound)
	wantStatus(t, "not a UUID", partner.do(http.MethodDelete, "/management/v1/product-orders/not-a-uuid", ""), http.StatusBadRequest)
	wantStatus(t, "details, not a UUID", partner.get("/management/v2/product-orders/12345/details"), http.StatusBadRequest)
}

func TestManagement_routesAreCountedAndFaultedLikeEveryAPIRoute(t *testing.T) {
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	partner.get("/management/v1/sales-units/123456")
	partner.get("/management/v1/sales-units/234567")

	if got := s.Stats()[RouteSalesUnit]; got != 2 {
		t.Errorf("Stats[%q] = %d, want 2 (%v)", RouteSalesUnit, got, s.Stats())
	}
	rule := addRule(t, s, FaultRule{Mode: Fault503})
	if r := partner.get("/management/v1/sales-units"); r.status != http.StatusServiceUnavailable {
		t.Errorf("with fault 503: %d %s", r.status, r.body)
	}
	if err := s.RemoveFaultRule(rule.ID); err != nil {
		t.Fatal(err)
	}
	addRule(t, s, FaultRule{Mode: Fault404})
	r := partner.get("/management/v1/sales-units")
	wantStatus(t, "fault 404 on a management route", r, http.StatusNotFound)
}

func TestPartnerKeys_getTokensWithOrWithoutAnMSN(t *testing.T) {
	s, srv := newServer(t, Options{})
	ks := demoPartnerKeySet(t)
	for _, msn := range []string{"", "123456", DemoMSNNotConnected} {
		// Whether the unit is connected is the Management API's question (403 there).
		if r := postToken(t, s, srv, with(credentials(ks), HeaderMerchantSerialNumber, msn)); r.status != http.StatusOK {
			t.Errorf("MSN %q: %d %s", msn, r.status, r.body)
		}
	}
	if r := postToken(t, s, srv, with(credentials(ks), HeaderEnvironment, keys.EnvironmentTest)); r.status != http.StatusUnauthorized {
		t.Errorf("partner keys in test: %d %s", r.status, r.body)
	}
	if got := s.PartnerKeySets(); len(got) != 1 || got[0] != ks || got[0].MerchantSerialNumber != "" {
		t.Errorf("PartnerKeySets = %+v", got)
	}
	for _, k := range s.KeySets() {
		if k.ClientID == ks.ClientID {
			t.Error("KeySets lists the partner key set; it is not a sales unit's")
		}
	}
}

func TestAdmin_listsPartnerKeys(t *testing.T) {
	s, srv := newServer(t, Options{})

	r := send(t, s, srv, http.MethodGet, "/_sandbox/partner-keys", nil, "")

	got := decode[[]partnerKeySetView](t, r)
	if r.status != 200 || len(got) != 1 || got[0].PartnerID != DemoPartnerID || got[0].PartnerName != "Demo Partner AS" ||
		got[0].KeySet != demoPartnerKeySet(t) || !strings.Contains(r.body, `"client_secret"`) {
		t.Errorf("partner keys = %d %s", r.status, r.body)
	}
}

func TestAdmin_advanceProductOrder(t *testing.T) {
	s, srv := newServer(t, Options{})
	id := createOrder(t, newMgmt(t, s, srv, demoPartnerKeySet(t)), "adm", validOrderBody("987654325", "Bakeri"))
	advance := func(id, body string) response {
		return send(t, s, srv, http.MethodPost, "/_sandbox/product-orders/"+id+"/advance", nil, body)
	}

	r := advance(id, `{"status":"COMPLETED"}`)

	got := decode[advanceResponse](t, r)
	if r.status != 200 || got.ProductOrder.Status != OrderStatusCompleted || got.ProductOrder.SalesUnitMSN == "" || len(got.KeySets) != 2 {
		t.Fatalf("advance = %d %s", r.status, r.body)
	}
	for _, tt := range []struct {
		id, body string
		status   int
	}{
		{id, `{"status":"REJECTED"}`, http.StatusConflict},
		{id, `{"status":"DONE"}`, http.StatusBadRequest},
		{id, `{"state":"COMPLETED"}`, http.StatusBadRequest},
		{uuid.NewString(), `{"status":"COMPLETED"}`, http.StatusNotFound},
	} {
		if r := advance(tt.id, tt.body); r.status != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.body, r.status, r.body, tt.status)
		}
	}
	list := send(t, s, srv, http.MethodGet, "/_sandbox/product-orders", nil, "")
	if orders := decode[[]ProductOrder](t, list); len(orders) != 1 || orders[0].ID != id {
		t.Errorf("product orders = %s", list.body)
	}
}

func TestReset_forgetsProductOrdersAndCompletedUnits(t *testing.T) {
	s, srv := newServer(t, Options{})
	id := createOrder(t, newMgmt(t, s, srv, demoPartnerKeySet(t)), "r", validOrderBody("987654325", "Bakeri"))
	if err := s.AdvanceProductOrder(id, OrderStatusCompleted); err != nil {
		t.Fatal(err)
	}

	s.Reset()

	if len(s.ProductOrders()) != 0 || len(s.KeySets()) != len(DemoData().KeySets) || len(s.Data().Merchants) != len(DemoData().Merchants) {
		t.Errorf("after Reset: %d orders, %d key sets, %d merchants", len(s.ProductOrders()), len(s.KeySets()), len(s.Data().Merchants))
	}
}

func TestData_returnsACopyOfManagementObjects(t *testing.T) {
	s, _ := newServer(t, Options{})
	d := s.Data()
	*d.SalesUnits[0].Configuration.PaymentAllowed = false
	d.Merchants[0].BusinessAddress.Lines[0] = "changed"
	d.Partners[0].Merchants[0].ID = "changed"

	again := s.Data()
	if !*again.SalesUnits[0].Configuration.PaymentAllowed || again.Merchants[0].BusinessAddress.Lines[0] == "changed" ||
		again.Partners[0].Merchants[0].ID == "changed" {
		t.Error("Data shares memory with the sandbox")
	}
}

func TestLoadData_rejectsBadManagementData(t *testing.T) {
	demo := DemoData
	for _, tt := range []struct {
		name string
		edit func(d *Data)
		want string
	}{
		{"unit of an unknown merchant", func(d *Data) { d.SalesUnits[0].Merchant.ID = "987654325" }, "is not in merchants"},
		{"merchant twice", func(d *Data) { d.Merchants = append(d.Merchants, d.Merchants[0]) }, "listed twice"},
		{"bad merchant status", func(d *Data) { d.Merchants[0].Status = "GONE" }, "status must be"},
		{"bad org number", func(d *Data) { d.Merchants[0].BusinessIdentifier.ID = "12" }, "id must be"},
		{"bad capture type", func(d *Data) { d.SalesUnits[0].Configuration = &SalesUnitConfiguration{CaptureType: "Later"} }, "capture_type"},
		{"partner with unknown merchant", func(d *Data) {
			d.Partners[0].Merchants = append(d.Partners[0].Merchants, BusinessIdentifier{SchemeNorway, "987654325"})
		}, "is not in merchants"},
		{"partner key set with an MSN", func(d *Data) { d.PartnerKeySets[0].MerchantSerialNumber = "123456" }, "has no merchant_serial_number"},
		{"partner key set in test", func(d *Data) { d.PartnerKeySets[0].Environment = keys.EnvironmentTest }, "only in production"},
		{"partner key set sharing a client_id", func(d *Data) { d.PartnerKeySets[0].ClientID = d.KeySets[0].ClientID }, "client_id is already used"},
		{"partner key set of an unknown partner", func(d *Data) { d.PartnerKeySets[0].PartnerID = "nobody" }, "is not in partners"},
		{"price package of an unknown partner", func(d *Data) { d.PricePackages[0].PartnerID = "nobody" }, "is not in partners"},
		{"price package description too long", func(d *Data) { d.PricePackages[0].Description = "2.99 %%" }, "description"},
		{"completed order without a unit", func(d *Data) {
			d.ProductOrders = []ProductOrder{{ID: uuid.NewString(), PartnerID: DemoPartnerID, Type: OrderTypeManual,
				BusinessIdentifier: d.Merchants[0].BusinessIdentifier, ProductType: ProductTypeLogin, Status: OrderStatusCompleted}}
		}, "sales_unit_msn"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := demo()
			tt.edit(d)
			_, err := New(Options{Data: d})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
