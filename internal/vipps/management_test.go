// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// mgmtFixture is a client talking to a sandbox over HTTP. Its Sleep records backoff waits
// instead of sleeping, and calls onWait (when set) at each, so a test can clear a fault at the
// moment the client would have slept.
type mgmtFixture struct {
	sb     *sandbox.Sandbox
	client *Client

	mu     sync.Mutex
	waits  int
	onWait func(n int)
}

// newMgmtFixture starts the demo sandbox. wrap, when set, stands between the client and the
// sandbox.
func newMgmtFixture(t *testing.T, wrap func(http.Handler) http.Handler) *mgmtFixture {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = sb
	if wrap != nil {
		h = wrap(sb)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f := &mgmtFixture{sb: sb}
	f.client = New(Config{
		BaseURL:        srv.URL,
		MaxRetries:     2,
		RequestTimeout: 5 * time.Second,
		Sleep:          f.sleep,
	})
	return f
}

func (f *mgmtFixture) sleep(ctx context.Context, _ time.Duration) error {
	f.mu.Lock()
	f.waits++
	n, hook := f.waits, f.onWait
	f.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	return ctx.Err()
}

func (f *mgmtFixture) partner(t *testing.T) Credentials {
	t.Helper()
	sets := f.sb.PartnerKeySets()
	if len(sets) == 0 {
		t.Fatal("the sandbox has no partner keys")
	}
	return keySetCredentials(sets[0])
}

// unit returns the credentials of a sales unit's key set in an environment.
func (f *mgmtFixture) unit(t *testing.T, msn, env string) Credentials {
	t.Helper()
	for _, ks := range f.sb.KeySets() {
		if ks.MerchantSerialNumber == msn && ks.Environment == env {
			return keySetCredentials(ks)
		}
	}
	t.Fatalf("no key set for %s in %s", msn, env)
	return Credentials{}
}

func keySetCredentials(ks keys.KeySet) Credentials {
	return Credentials{
		Environment:          ks.Environment,
		ClientID:             ks.ClientID,
		ClientSecret:         ks.ClientSecret,
		SubscriptionKey:      ks.SubscriptionKeyPrimary,
		MerchantSerialNumber: ks.MerchantSerialNumber,
	}
}

func msnsOf(units []MsnInfo) []string {
	out := make([]string, len(units))
	for i, u := range units {
		out[i] = u.MerchantSerialNumber
	}
	return out
}

var fjordkaffe = BusinessIdentifier{Scheme: sandbox.SchemeNorway, ID: sandbox.DemoOrgFjordkaffe}

func bakeryOrder(orgNumber string) ProductOrderRequest {
	turnover := int64(2_500_000)
	return ProductOrderRequest{
		BusinessIdentifier:       BusinessIdentifier{Scheme: sandbox.SchemeNorway, ID: orgNumber},
		ProductType:              "PAYMENT_INTEGRATION",
		SalesUnitName:            "Bakeri Bergen",
		SettlementBankAccount:    &BankAccount{Scheme: "BBAN:NO", ID: "86011117947"},
		PricePackageID:           sandbox.DemoPricePackagePOS,
		ProductUseCase:           "Website",
		AnnualTurnover:           &turnover,
		AnnualTurnoverPercentage: "30",
		Website:                  &Website{URL: "https://bakeri.example", TermsURL: "https://bakeri.example/terms"},
		MerchantCategoryCode:     "5462",
	}
}

func TestSalesUnits_listsWhatTheKeysReach(t *testing.T) {
	f := newMgmtFixture(t, nil)
	ctx := context.Background()

	partner, err := f.client.SalesUnits(ctx, f.partner(t))
	if err != nil {
		t.Fatal(err)
	}
	own, err := f.client.SalesUnits(ctx, f.unit(t, "123456", keys.EnvironmentProduction))
	if err != nil {
		t.Fatal(err)
	}

	if got := msnsOf(partner); !slices.Equal(got, []string{"123456", "123457", "234567", "345678", "456789"}) {
		t.Errorf("partner sees %v", got)
	}
	if got := msnsOf(own); !slices.Equal(got, []string{"123456", "123457"}) {
		t.Errorf("sales unit keys see %v", got)
	}
	if partner[0].Name != "Fjordkaffe Bergen" {
		t.Errorf("first unit = %+v", partner[0])
	}
}

func TestSalesUnit_readsDetailsAndTypesNotFound(t *testing.T) {
	f := newMgmtFixture(t, nil)
	ctx := context.Background()
	creds := f.partner(t)

	u, err := f.client.SalesUnit(ctx, creds, "123457")

	if err != nil {
		t.Fatal(err)
	}
	if u.MerchantSerialNumber != "123457" || u.Name != "Fjordkaffe Kundeklubb" || u.BusinessIdentifier != fjordkaffe ||
		u.Configuration.CaptureType != "NotApplicable" || u.Configuration.PaymentAllowed == nil || *u.Configuration.PaymentAllowed ||
		u.Configuration.RecurringAllowed != nil {
		t.Errorf("sales unit = %+v", u)
	}
	for _, msn := range []string{sandbox.DemoMSNInactive, sandbox.DemoMSNNotConnected, sandbox.DemoMSNDeactivatedMerchant} {
		_, err := f.client.SalesUnit(ctx, creds, msn)
		var apiErr *APIError
		if !errors.Is(err, ErrNotFound) || !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
			t.Errorf("%s: err = %v, want ErrNotFound", msn, err)
		}
	}
	if _, err := f.client.SalesUnit(ctx, creds, ""); !errors.Is(err, ErrBadRequest) {
		t.Errorf("empty MSN: %v", err)
	}
}

func TestMerchant_readsAConnectedMerchant(t *testing.T) {
	f := newMgmtFixture(t, nil)
	ctx := context.Background()

	m, err := f.client.Merchant(ctx, f.partner(t), fjordkaffe)

	if err != nil {
		t.Fatal(err)
	}
	if m.BusinessIdentifier != fjordkaffe || m.Name != "Fjordkaffe AS" || m.Status != "ACTIVE" || m.CountryCode != "NO" ||
		m.CreatedAt != "2019-03-04T09:30:12.418Z" || m.BusinessAddress == nil || m.BusinessAddress.City != "Bergen" ||
		m.BusinessPostAddress == nil || m.BusinessPostAddress.Lines[0] != "Postboks 412 Sentrum" {
		t.Errorf("merchant = %+v", m)
	}
	fi := BusinessIdentifier{Scheme: sandbox.SchemeFinland, ID: sandbox.DemoOrgAurora}
	if m, err := f.client.Merchant(ctx, f.partner(t), fi); err != nil || m.CountryCode != "FI" {
		t.Errorf("Finnish merchant: %+v, %v", m, err)
	}
	lofoten := BusinessIdentifier{Scheme: sandbox.SchemeNorway, ID: sandbox.DemoOrgLofoten}
	if _, err := f.client.Merchant(ctx, f.partner(t), lofoten); !errors.Is(err, ErrNotFound) {
		t.Errorf("unconnected merchant: %v, want ErrNotFound", err)
	}
}

func TestMerchantSalesUnits_listsOneMerchantsUnits(t *testing.T) {
	f := newMgmtFixture(t, nil)
	ctx := context.Background()

	units, err := f.client.MerchantSalesUnits(ctx, f.partner(t), fjordkaffe)

	if err != nil || !slices.Equal(msnsOf(units), []string{"123456", "123457"}) {
		t.Errorf("units = %v, %v", units, err)
	}
	norrebro := BusinessIdentifier{Scheme: sandbox.SchemeDenmark, ID: sandbox.DemoOrgNorrebro}
	if _, err := f.client.MerchantSalesUnits(ctx, f.partner(t), norrebro); !errors.Is(err, ErrNotFound) {
		t.Errorf("merchant without units: %v, want ErrNotFound", err)
	}
}

func TestPricePackages_listsThePartnersPackages(t *testing.T) {
	f := newMgmtFixture(t, nil)

	got, err := f.client.PricePackages(context.Background(), f.partner(t))

	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0].ID != sandbox.DemoPricePackagePOS || got[0].Description != "2.99%" ||
		got[0].Commission != "" || got[1].Commission != "30 %" || !got[0].VisibleInSignupForm || got[0].Market != "NO" {
		t.Errorf("price packages = %+v", got)
	}
}

func TestManagement_scopingErrorsAreTyped(t *testing.T) {
	f := newMgmtFixture(t, nil)
	ctx := context.Background()
	merchant := f.unit(t, "123456", keys.EnvironmentProduction)
	notConnected := f.partner(t)
	notConnected.MerchantSerialNumber = sandbox.DemoMSNNotConnected
	connected := f.partner(t)
	connected.MerchantSerialNumber = "234567"

	for _, tt := range []struct {
		name string
		call func() error
		want error
	}{
		{"price packages with sales unit keys", func() error { _, err := f.client.PricePackages(ctx, merchant); return err }, ErrForbidden},
		{"create with sales unit keys", func() error {
			_, err := f.client.CreateProductOrder(ctx, merchant, "k1", bakeryOrder("987654325"))
			return err
		}, ErrForbidden},
		{"partner acting for an unconnected unit", func() error { _, err := f.client.SalesUnits(ctx, notConnected); return err }, ErrForbidden},
		{"partner acting for a connected unit", func() error { _, err := f.client.SalesUnits(ctx, connected); return err }, nil},
		{"test keys (the test host has no Management API: its gateway's 404)", func() error {
			_, err := f.client.SalesUnits(ctx, f.unit(t, sandbox.DemoMSN, keys.EnvironmentTest))
			return err
		}, ErrNotFound},
		{"another merchant", func() error {
			_, err := f.client.Merchant(ctx, merchant, BusinessIdentifier{Scheme: sandbox.SchemeNorway, ID: sandbox.DemoOrgNordlys})
			return err
		}, ErrNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestProductOrder_lifecycle(t *testing.T) {
	f := newMgmtFixture(t, nil)
	ctx := context.Background()
	creds := f.partner(t)

	created, err := f.client.CreateProductOrder(ctx, creds, "bakeri-bergen", bakeryOrder("987654325"))
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == "" || created.PrefillURL != sandbox.PrefillURLBase+created.ID {
		t.Fatalf("created = %+v", created)
	}
	d, err := f.client.ProductOrderDetails(ctx, creds, created.ID)
	if err != nil || d.Status != "RECEIVED" || d.Type != "PREFILL" || d.URL != created.PrefillURL || d.SalesUnit != nil ||
		d.BusinessIdentifier.ID != "987654325" || d.ProductType != "PAYMENT_INTEGRATION" {
		t.Fatalf("details = %+v, %v", d, err)
	}

	if err := f.sb.AdvanceProductOrder(created.ID, sandbox.OrderStatusSubmitted); err != nil {
		t.Fatal(err)
	}
	if err := f.client.DeleteProductOrder(ctx, creds, created.ID); !errors.Is(err, ErrBadRequest) {
		t.Errorf("delete a submitted order: %v, want ErrBadRequest", err)
	}
	if err := f.sb.AdvanceProductOrder(created.ID, sandbox.OrderStatusCompleted); err != nil {
		t.Fatal(err)
	}
	d, err = f.client.ProductOrderDetails(ctx, creds, created.ID)
	if err != nil || d.Status != "COMPLETED" || d.SalesUnit == nil || d.SalesUnit.Name != "Bakeri Bergen" {
		t.Fatalf("completed details = %+v, %v", d, err)
	}
	if u, err := f.client.SalesUnit(ctx, creds, d.SalesUnit.MerchantSerialNumber); err != nil || u.Name != "Bakeri Bergen" {
		t.Errorf("the completed order's sales unit: %+v, %v", u, err)
	}

	other, err := f.client.CreateProductOrder(ctx, creds, "kiosk", bakeryOrder("812098446"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.client.DeleteProductOrder(ctx, creds, other.ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := f.client.ProductOrderDetails(ctx, creds, other.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("details of a deleted order: %v, want ErrNotFound", err)
	}
	if orders := f.sb.ProductOrders(); len(orders) != 1 || orders[0].ID != created.ID {
		t.Errorf("the sandbox holds %+v, want only the completed order", orders)
	}
}

func TestCreateProductOrder_sameKeyOtherRequestIsAConflict(t *testing.T) {
	f := newMgmtFixture(t, nil)
	ctx := context.Background()
	creds := f.partner(t)
	first, err := f.client.CreateProductOrder(ctx, creds, "order-42", bakeryOrder("987654325"))
	if err != nil {
		t.Fatal(err)
	}

	again, err := f.client.CreateProductOrder(ctx, creds, "order-42", bakeryOrder("987654325"))
	if err != nil || again != first {
		t.Errorf("repeat = %+v, %v; want the first order %+v", again, err, first)
	}
	_, err = f.client.CreateProductOrder(ctx, creds, "order-42", bakeryOrder("812098446"))
	if !errors.Is(err, ErrConflict) {
		t.Errorf("other request: %v, want ErrConflict", err)
	}
	for _, key := range []string{"", "with space", strings.Repeat("k", 51)} {
		if _, err := f.client.CreateProductOrder(ctx, creds, key, bakeryOrder("987654325")); !errors.Is(err, ErrBadRequest) {
			t.Errorf("key %q: %v, want ErrBadRequest", key, err)
		}
	}
}

func TestCreateProductOrder_retriesA503WithTheSameKeyAndMakesOneOrder(t *testing.T) {
	f := newMgmtFixture(t, nil)
	ctx := context.Background()
	creds := f.partner(t)
	if _, err := f.sb.AddFaultRule(sandbox.FaultRule{Route: sandbox.RouteCreateProductOrder, Mode: sandbox.Fault503, Count: 1}); err != nil {
		t.Fatal(err)
	}

	created, err := f.client.CreateProductOrder(ctx, creds, "fleet-merchant-1", bakeryOrder("987654325"))

	if err != nil {
		t.Fatal(err)
	}
	if got := f.sb.Stats()[sandbox.RouteCreateProductOrder]; got != 2 {
		t.Errorf("POST product-orders was sent %d times, want 2 (a 503, then the retry)", got)
	}
	if orders := f.sb.ProductOrders(); len(orders) != 1 || orders[0].ID != created.ID {
		t.Errorf("orders after the retried create = %+v; want exactly %s", orders, created.ID)
	}
}

// lostFirstAnswer lets the first POST product-orders reach the sandbox, which creates the
// order, and then answers 503 instead of the sandbox's 201: the order exists, but the client
// never heard of it.
type lostFirstAnswer struct {
	next http.Handler

	mu   sync.Mutex
	keys []string
}

func (l *lostFirstAnswer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/management/v1/product-orders" {
		l.next.ServeHTTP(w, r)
		return
	}
	l.mu.Lock()
	l.keys = append(l.keys, r.Header.Get("Idempotency-Key"))
	first := len(l.keys) == 1
	l.mu.Unlock()
	if !first {
		l.next.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	l.next.ServeHTTP(rec, r)
	if rec.Code != http.StatusCreated {
		panic(fmt.Sprintf("the first create failed: %d %s", rec.Code, rec.Body))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = io.WriteString(w, `{"statusCode":503,"message":"Service unavailable"}`)
}

func TestCreateProductOrder_lostAnswerIsReplayedNotDuplicated(t *testing.T) {
	lost := &lostFirstAnswer{}
	f := newMgmtFixture(t, func(h http.Handler) http.Handler { lost.next = h; return lost })
	ctx := context.Background()
	creds := f.partner(t)

	created, err := f.client.CreateProductOrder(ctx, creds, "fleet-merchant-2", bakeryOrder("987654325"))

	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lost.keys, []string{"fleet-merchant-2", "fleet-merchant-2"}) {
		t.Errorf("Idempotency-Keys sent = %q, want the same key twice", lost.keys)
	}
	orders := f.sb.ProductOrders()
	if len(orders) != 1 || orders[0].ID != created.ID {
		t.Errorf("sandbox orders = %+v; want exactly the one the client got, %s", orders, created.ID)
	}
}

// fakeManagement answers like the real API where it differs from the sandbox: MSNs as JSON
// numbers, problems with a string status, 404s as application/json.
func fakeManagement(t *testing.T, routes map[string]func(w http.ResponseWriter, r *http.Request)) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/accesstoken/get" {
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			_, _ = io.WriteString(w, `{"token_type":"Bearer","expires_in":"86398","ext_expires_in":"0",`+
				`"expires_on":"4102444800","not_before":"1700000000","resource":"x","access_token":"fake-token-0123456789"}`)
			return
		}
		h, ok := routes[r.Method+" "+r.URL.EscapedPath()]
		if !ok {
			t.Errorf("unexpected request %s %s", r.Method, r.URL.EscapedPath())
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return New(Config{BaseURL: srv.URL, MaxRetries: 0})
}

func reply(status int, contentType, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

var fakeCreds = Credentials{
	Environment: keys.EnvironmentProduction, ClientID: keys.ExampleClientID,
	ClientSecret: keys.ExampleClientSecret, SubscriptionKey: keys.ExampleSubscriptionKey,
}

func TestManagement_parsesTheAPIsLooserShapes(t *testing.T) {
	const jsonUTF8 = "application/json;charset=UTF-8"
	client := fakeManagement(t, map[string]func(http.ResponseWriter, *http.Request){
		"GET /management/v1/sales-units": reply(200, jsonUTF8, `[{"msn":123456,"name":"Guide example"}]`),
		"GET /management/v1/sales-units/123456": reply(200, jsonUTF8,
			`{"msn":123456,"name":"A","businessIdentifier":{"scheme":"business:NO:ORG","id":"9876543221"},`+
				`"configuration":{"captureType":"DirectCapture","settlementBankAccount":{"scheme":"BBAN:NO","id":"86011117947"}}}`),
		"GET /management/v1/merchants/business:NO:ORG/9876543221": reply(200, jsonUTF8,
			`{"businessIdentifier":{"scheme":"business:NO:ORG","id":"9876543221"},"name":"A","status":"ACTIVE",`+
				`"createdAt":"2023-31-12T06:45:25.921251Z","updatedAt":"2023-31-12T06:45:25.921251Z","countryCode":"NO","businessAddress":null}`),
		"GET /management/v1/partners/price-packages": reply(200, jsonUTF8, `null`),
		"GET /management/v2/product-orders/81b83246-5c19-7b94-875b-ea6d1114f099/details": reply(200, jsonUTF8,
			`{"status":"COMPLETED","businessIdentifier":{"scheme":"business:NO:ORG","id":"9876543221"},"productOrderUrl":null,"salesUnit":{"msn":12345678,"name":"New"}}`),
		"DELETE /management/v1/product-orders/81b83246-5c19-7b94-875b-ea6d1114f099": reply(404, jsonUTF8,
			`{"type":"https://example.com/problem/not-found","title":"Not Found","status":404,"detail":"No such product order","instance":"urn:uuid:1"}`),
		"GET /management/v2/product-orders/00000000-0000-4000-8000-000000000000/details": reply(400, "application/problem+json",
			`{"type":"about:blank","title":"Bad Request","status":"400","detail":"Invalid request","instance":"urn:uuid:2",`+
				`"extraDetails":[{"name":"productOrderId","reason":"must name an order of this partner"}]}`),
		"GET /management/v1/merchants/business:NO:ORG/9876543221/sales-units": reply(200, jsonUTF8, `[{"msn":"1234`),
	})
	ctx := context.Background()
	bi := BusinessIdentifier{Scheme: "business:NO:ORG", ID: "9876543221"}

	if units, err := client.SalesUnits(ctx, fakeCreds); err != nil || units[0].MerchantSerialNumber != "123456" {
		t.Errorf("MSN as a number: %+v, %v", units, err)
	}
	if u, err := client.SalesUnit(ctx, fakeCreds, "123456"); err != nil || u.MerchantSerialNumber != "123456" ||
		u.Configuration.CaptureType != "DirectCapture" || u.Configuration.PaymentAllowed != nil {
		t.Errorf("sales unit: %+v, %v", u, err)
	}
	if m, err := client.Merchant(ctx, fakeCreds, bi); err != nil || m.CreatedAt != "2023-31-12T06:45:25.921251Z" || m.BusinessAddress != nil {
		t.Errorf("the spec's invalid date must not fail a read: %+v, %v", m, err)
	}
	if p, err := client.PricePackages(ctx, fakeCreds); err != nil || p == nil || len(p) != 0 {
		t.Errorf("null list: %#v, %v", p, err)
	}
	d, err := client.ProductOrderDetails(ctx, fakeCreds, "81b83246-5c19-7b94-875b-ea6d1114f099")
	if err != nil || d.SalesUnit == nil || d.SalesUnit.MerchantSerialNumber != "12345678" || d.URL != "" {
		t.Errorf("details: %+v, %v", d, err)
	}
	if err := client.DeleteProductOrder(ctx, fakeCreds, "81b83246-5c19-7b94-875b-ea6d1114f099"); !errors.Is(err, ErrNotFound) ||
		!strings.Contains(err.Error(), "No such product order") {
		t.Errorf("404 as application/json: %v", err)
	}
	if _, err := client.ProductOrderDetails(ctx, fakeCreds, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, ErrBadRequest) ||
		!strings.Contains(err.Error(), "productOrderId: must name an order of this partner") {
		t.Errorf("problem with a string status: %v", err)
	}
	if _, err := client.MerchantSalesUnits(ctx, fakeCreds, bi); !errors.Is(err, ErrMalformedResponse) {
		t.Errorf("truncated JSON: %v, want ErrMalformedResponse", err)
	}
}

func TestManagement_escapesPathSegmentsAndSendsTheMSNOnlyWhereItActsForAUnit(t *testing.T) {
	var mu sync.Mutex
	msnHeader := map[string]string{}
	record := func(body string) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			msnHeader[r.Method+" "+r.URL.EscapedPath()] = r.Header.Get("Merchant-Serial-Number")
			mu.Unlock()
			reply(200, "application/json;charset=UTF-8", body)(w, r)
		}
	}
	client := fakeManagement(t, map[string]func(http.ResponseWriter, *http.Request){
		"GET /management/v1/sales-units":                                record(`[]`),
		"GET /management/v1/merchants/business:FI:Y-tunnus/3016443-6":   record(`{}`),
		"GET /management/v1/merchants/odd%2Fscheme/1%20%3F/sales-units": record(`[]`),
		"GET /management/v2/product-orders/a%2F..%2Fb/details":          record(`{}`),
		"GET /management/v1/partners/price-packages":                    record(`[]`),
	})
	ctx := context.Background()
	creds := fakeCreds
	creds.MerchantSerialNumber = "123456"

	for _, call := range []func() error{
		func() error { _, err := client.SalesUnits(ctx, creds); return err },
		func() error {
			_, err := client.Merchant(ctx, creds, BusinessIdentifier{Scheme: sandbox.SchemeFinland, ID: "3016443-6"})
			return err
		},
		func() error {
			_, err := client.MerchantSalesUnits(ctx, creds, BusinessIdentifier{Scheme: "odd/scheme", ID: "1 ?"})
			return err
		},
		func() error { _, err := client.ProductOrderDetails(ctx, creds, "a/../b"); return err },
		func() error { _, err := client.PricePackages(ctx, creds); return err },
	} {
		if err := call(); err != nil {
			t.Error(err)
		}
	}

	if got := msnHeader["GET /management/v1/sales-units"]; got != "123456" {
		t.Errorf("sales units sent Merchant-Serial-Number %q, want 123456", got)
	}
	for _, partnerLevel := range []string{
		"GET /management/v1/partners/price-packages", "GET /management/v2/product-orders/a%2F..%2Fb/details",
	} {
		if got, seen := msnHeader[partnerLevel]; !seen || got != "" {
			t.Errorf("%s: seen %v, Merchant-Serial-Number %q; want seen and none", partnerLevel, seen, got)
		}
	}
}
