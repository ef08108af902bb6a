// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

func decodeKeySet(t *testing.T, body string) keys.KeySet {
	t.Helper()
	var ks keys.KeySet
	if err := json.Unmarshal([]byte(body), &ks); err != nil {
		t.Fatalf("not a key set: %v: %s", err, body)
	}
	return ks
}

func TestAdmin_healthSaysOK(t *testing.T) {
	s, srv := newServer(t, Options{Fault: FaultReset, RateLimit: 1})
	for range 3 { // admin routes are never faulted or rate limited
		r := send(t, s, srv, http.MethodGet, "/_sandbox/health", nil, "")
		if r.status != http.StatusOK || strings.TrimSpace(r.body) != `{
  "status": "ok"
}` {
			t.Fatalf("status = %d, body = %s", r.status, r.body)
		}
	}
}

func TestAdmin_listsKeySetsWithSecrets(t *testing.T) {
	s, srv := newServer(t, Options{})

	r := send(t, s, srv, http.MethodGet, "/_sandbox/key-sets", nil, "")

	var got []keys.KeySet
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	want := DemoData().KeySets
	if len(got) != len(want) {
		t.Fatalf("got %d key sets, want %d", len(got), len(want))
	}
	if got[0] != demoKeySet(t, DemoMSN, keys.EnvironmentTest) {
		t.Errorf("first key set = %+v, want 123456 in test with secrets", got[0])
	}
	for _, name := range []string{"merchant_serial_number", "environment", "client_id", "client_secret",
		"subscription_key_primary", "subscription_key_secondary"} {
		if !strings.Contains(r.body, `"`+name+`"`) {
			t.Errorf("body lacks %s", name)
		}
	}
}

func TestAdmin_addKeySetGeneratesMissingSecrets(t *testing.T) {
	s, srv := newServer(t, Options{})

	r := send(t, s, srv, http.MethodPost, "/_sandbox/key-sets", nil,
		`{"merchant_serial_number":"777777","environment":"production","name":"Bodø Bakeri"}`)

	if r.status != http.StatusCreated {
		t.Fatalf("status = %d: %s", r.status, r.body)
	}
	ks := decodeKeySet(t, r.body)
	if ks.MerchantSerialNumber != "777777" || ks.Environment != keys.EnvironmentProduction ||
		ks.SubscriptionKeySecondary == "" || len(ks.Problems()) > 0 {
		t.Fatalf("key set = %+v, problems %v", ks, ks.Problems())
	}
	if tok := postToken(t, s, srv, with(credentials(ks), HeaderMerchantSerialNumber, "777777")); tok.status != 200 {
		t.Errorf("new keys refused: %d %s", tok.status, tok.body)
	}
	if u := findUnit(s.Data(), "777777", keys.EnvironmentProduction); u == nil || u.Name != "Bodø Bakeri" || u.Kind != KindAPI {
		t.Errorf("sales unit = %+v", u)
	}
}

func findUnit(d *Data, msn, env string) *SalesUnit {
	for i, u := range d.SalesUnits {
		if u.MerchantSerialNumber == msn && u.Environment == env {
			return &d.SalesUnits[i]
		}
	}
	return nil
}

func TestAdmin_addKeySetKeepsGivenValues(t *testing.T) {
	s, srv := newServer(t, Options{})
	body := `{"merchant_serial_number":"7777","client_id":"11111111-2222-4333-8444-555555555555",` +
		`"client_secret":"c2VjcmV0LXNlY3JldC1zZWNyZXQ=","subscription_key_primary":"0123456789abcdef0123456789abcdef"}`

	r := send(t, s, srv, http.MethodPost, "/_sandbox/key-sets", nil, body)

	ks := decodeKeySet(t, r.body)
	if r.status != http.StatusCreated || ks.Environment != keys.EnvironmentTest ||
		ks.ClientID != "11111111-2222-4333-8444-555555555555" || ks.ClientSecret != "c2VjcmV0LXNlY3JldC1zZWNyZXQ=" ||
		ks.SubscriptionKeyPrimary != "0123456789abcdef0123456789abcdef" {
		t.Fatalf("status = %d, key set = %+v", r.status, ks)
	}
}

func TestAdmin_addKeySetRejections(t *testing.T) {
	demo := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	tests := []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"malformed client_id", `{"merchant_serial_number":"777777","client_id":"nope"}`, 400,
			keys.AttrClientID + " " + keys.ProblemClientID},
		{"malformed client_secret", `{"merchant_serial_number":"777777","client_secret":"not base64!"}`, 400,
			keys.AttrClientSecret + " " + keys.ProblemClientSecret},
		{"malformed MSN", `{"merchant_serial_number":"12"}`, 400,
			keys.AttrMerchantSerialNumber + " " + keys.ProblemMerchantSerialNumber},
		{"unknown environment", `{"merchant_serial_number":"777777","environment":"staging"}`, 400,
			keys.AttrEnvironment + " " + keys.ProblemEnvironment},
		{"unknown field", `{"merchant_serial_number":"777777","clientid":"x"}`, 400, "unknown field"},
		{"unit already has keys", `{"merchant_serial_number":"123456"}`, 409, "already has a key set"},
		{"Vippsnummer unit", `{"merchant_serial_number":"` + DemoMSNVippsnummerTest + `"}`, 409, "no API keys"},
		{"client_id of another key set", `{"merchant_serial_number":"777777","client_id":"` + demo.ClientID + `"}`, 409,
			"client_id is already used"},
		{"subscription key of another key set",
			`{"merchant_serial_number":"777777","subscription_key_primary":"` + demo.SubscriptionKeySecondary + `"}`, 409,
			"subscription_key_primary is already used"},
	}
	s, srv := newServer(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, s, srv, http.MethodPost, "/_sandbox/key-sets", nil, tt.body)
			var e adminError
			if err := json.Unmarshal([]byte(r.body), &e); err != nil {
				t.Fatal(err)
			}
			if text := e.Message + "\n" + strings.Join(e.Problems, "\n"); r.status != tt.status || !strings.Contains(text, tt.want) {
				t.Errorf("got %d %s, want %d mentioning %q", r.status, r.body, tt.status, tt.want)
			}
			if strings.Contains(r.body, demo.SubscriptionKeySecondary) {
				t.Error("error echoes a subscription key")
			}
		})
	}
	if len(s.KeySets()) != len(DemoData().KeySets) {
		t.Error("a rejected key set was added")
	}
}

func TestAdmin_regenerateKeysReplacesOldKeys(t *testing.T) {
	s, srv := newServer(t, Options{})
	old := demoKeySet(t, DemoMSN, keys.EnvironmentTest)

	r := send(t, s, srv, http.MethodPost, "/_sandbox/sales-units/123456/regenerate-keys", nil, "")

	if r.status != http.StatusOK {
		t.Fatalf("status = %d: %s", r.status, r.body)
	}
	fresh := decodeKeySet(t, r.body)
	if fresh.MerchantSerialNumber != DemoMSN || fresh.Environment != keys.EnvironmentTest || len(fresh.Problems()) > 0 {
		t.Fatalf("new key set = %+v", fresh)
	}
	if fresh.ClientID == old.ClientID || fresh.ClientSecret == old.ClientSecret ||
		fresh.SubscriptionKeyPrimary == old.SubscriptionKeyPrimary || fresh.SubscriptionKeySecondary == old.SubscriptionKeySecondary {
		t.Errorf("some keys were not regenerated: %+v", fresh)
	}
	if got := postToken(t, s, srv, credentials(old)); got.status != http.StatusUnauthorized {
		t.Errorf("old keys: status = %d, want 401", got.status)
	}
	if got := postToken(t, s, srv, credentials(fresh)); got.status != http.StatusOK {
		t.Errorf("new keys: status = %d: %s", got.status, got.body)
	}
	if prod := postToken(t, s, srv, credentials(demoKeySet(t, DemoMSN, keys.EnvironmentProduction))); prod.status != http.StatusOK {
		t.Errorf("production keys of the same MSN stopped working: %d", prod.status)
	}
}

func TestAdmin_regenerateOneKeyKeepsTheOthers(t *testing.T) {
	s, srv := newServer(t, Options{})
	old := demoKeySet(t, "234567", keys.EnvironmentProduction)

	r := send(t, s, srv, http.MethodPost,
		"/_sandbox/sales-units/234567/regenerate-keys?environment=production&key=client_secret", nil, "")

	fresh := decodeKeySet(t, r.body)
	if fresh.ClientSecret == old.ClientSecret {
		t.Fatal("client_secret not regenerated")
	}
	fresh.ClientSecret = old.ClientSecret
	if fresh != old {
		t.Errorf("other keys changed: %+v", fresh)
	}
	if got := postToken(t, s, srv, credentials(old)); got.status != http.StatusUnauthorized ||
		!strings.Contains(got.body, "AADSTS7000215") {
		t.Errorf("old secret: %d %s", got.status, got.body)
	}
}

func TestAdmin_regenerateKeysRejections(t *testing.T) {
	s, srv := newServer(t, Options{})
	tests := []struct {
		path   string
		status int
	}{
		{"/_sandbox/sales-units/999999/regenerate-keys", 404},
		{"/_sandbox/sales-units/" + DemoMSNProductionOnly + "/regenerate-keys", 404}, // test is the default
		{"/_sandbox/sales-units/" + DemoMSNVippsnummerTest + "/regenerate-keys", 409},
		{"/_sandbox/sales-units/12x/regenerate-keys", 400},
		{"/_sandbox/sales-units/123456/regenerate-keys?environment=staging", 400},
		{"/_sandbox/sales-units/123456/regenerate-keys?key=merchant_serial_number", 400},
	}
	for _, tt := range tests {
		if r := send(t, s, srv, http.MethodPost, tt.path, nil, ""); r.status != tt.status {
			t.Errorf("%s: status = %d, want %d: %s", tt.path, r.status, tt.status, r.body)
		}
	}
}

func TestAdmin_statsCountAPIRequestsByRoute(t *testing.T) {
	s, srv := newServer(t, Options{})
	ks := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	postToken(t, s, srv, credentials(ks))
	postToken(t, s, srv, with(credentials(ks), HeaderClientSecret, ""))
	postToken(t, s, srv, nil)
	send(t, s, srv, http.MethodGet, "/_sandbox/key-sets", nil, "")

	r := send(t, s, srv, http.MethodGet, "/_sandbox/stats", nil, "")

	var got map[string]int
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"POST /accesstoken/get": 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("stats = %v, want %v", got, want)
	}
}

func TestAdmin_resetRestoresStartingState(t *testing.T) {
	s, srv := newServer(t, Options{Generate: 3, Fault: ""})
	before := s.Data()
	old := demoKeySet(t, DemoMSN, keys.EnvironmentTest)
	if _, err := s.RegenerateKeys(DemoMSN, keys.EnvironmentTest); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddKeySet(keys.KeySet{MerchantSerialNumber: "777777"}, ""); err != nil {
		t.Fatal(err)
	}
	addRule(t, s, FaultRule{Mode: Fault503})
	postToken(t, s, srv, credentials(old))

	r := send(t, s, srv, http.MethodPost, "/_sandbox/reset", nil, "")

	if r.status != http.StatusOK {
		t.Fatalf("status = %d", r.status)
	}
	if !reflect.DeepEqual(s.Data(), before) {
		t.Error("data differs from the starting state")
	}
	if len(s.Stats()) != 0 {
		t.Errorf("stats = %v, want empty", s.Stats())
	}
	if got := postToken(t, s, srv, credentials(old)); got.status != http.StatusOK {
		t.Errorf("starting keys after reset: %d %s", got.status, got.body)
	}
	if rules := s.FaultRules(); len(rules) != 0 {
		t.Errorf("fault rules after reset = %v, want the starting none", rules)
	}
}

func TestAdmin_resetRestoresTheStartingFaultRulesUnfired(t *testing.T) {
	s, srv := newServer(t, Options{FaultRules: []FaultRule{{Route: RouteAccessToken, Mode: Fault503, Count: 1}}})
	creds := credentials(demoKeySet(t, DemoMSN, keys.EnvironmentTest))
	addRule(t, s, FaultRule{Mode: Fault500})
	if r := postToken(t, s, srv, creds); r.status != http.StatusServiceUnavailable {
		t.Fatalf("first request: %d, want the starting rule's 503", r.status)
	}

	s.Reset()

	rules := s.FaultRules()
	if len(rules) != 1 || rules[0].Fired != 0 || rules[0].Mode != Fault503 {
		t.Fatalf("rules after reset = %+v, want the starting rule, unfired", rules)
	}
	if r := postToken(t, s, srv, creds); r.status != http.StatusServiceUnavailable {
		t.Errorf("after reset: %d, want the starting rule's 503 again", r.status)
	}
	if r := postToken(t, s, srv, creds); r.status != http.StatusOK {
		t.Errorf("after the starting rule is spent: %d, want 200", r.status)
	}
}

func TestAdmin_faultRulesAreAddedListedRemovedAndCleared(t *testing.T) {
	s, srv := newServer(t, Options{})
	creds := credentials(demoKeySet(t, DemoMSN, keys.EnvironmentTest))

	r := send(t, s, srv, http.MethodPost, "/_sandbox/fault-rules", nil,
		`{"route":"POST /accesstoken/get","mode":"503","count":2,"latency":"1ms"}`)
	if r.status != http.StatusCreated {
		t.Fatalf("add: %d %s", r.status, r.body)
	}
	var added map[string]any
	if err := json.Unmarshal([]byte(r.body), &added); err != nil {
		t.Fatal(err)
	}
	if added["id"] != float64(1) || added["mode"] != "503" || added["count"] != float64(2) || added["latency"] != "1ms" || added["fired"] != float64(0) {
		t.Errorf("added rule = %s", r.body)
	}
	for i, want := range []int{503, 503, 200} {
		if got := postToken(t, s, srv, creds); got.status != want {
			t.Errorf("request %d: %d, want %d", i+1, got.status, want)
		}
	}
	list := send(t, s, srv, http.MethodGet, "/_sandbox/fault-rules", nil, "")
	if !strings.Contains(list.body, `"fired": 2`) {
		t.Errorf("list = %s, want the rule with fired 2", list.body)
	}

	send(t, s, srv, http.MethodPost, "/_sandbox/fault-rules", nil, `{"mode":"500"}`)
	if r := send(t, s, srv, http.MethodDelete, "/_sandbox/fault-rules/2", nil, ""); r.status != http.StatusOK {
		t.Errorf("remove: %d %s", r.status, r.body)
	}
	if r := send(t, s, srv, http.MethodDelete, "/_sandbox/fault-rules/2", nil, ""); r.status != http.StatusNotFound {
		t.Errorf("remove again: %d %s", r.status, r.body)
	}
	send(t, s, srv, http.MethodPost, "/_sandbox/fault-rules", nil, `{"mode":"500"}`)
	if r := send(t, s, srv, http.MethodDelete, "/_sandbox/fault-rules", nil, ""); r.status != http.StatusOK || !strings.Contains(r.body, `"removed": 2`) {
		t.Errorf("clear: %d %s", r.status, r.body)
	}
	if got := postToken(t, s, srv, creds); got.status != http.StatusOK {
		t.Errorf("after clear: %d", got.status)
	}
}

func TestAdmin_refusesBadFaultRules(t *testing.T) {
	s, srv := newServer(t, Options{})
	for _, body := range []string{
		`{"mode":"418"}`,
		`{"route":"POST /_sandbox/reset","mode":"503"}`,
		`{"route":"accesstoken/get","mode":"503"}`,
		`{"mode":"503","probability":1.5}`,
		`{"mode":"503","probability":0}`,
		`{"mode":"503","count":-1}`,
		`{"mode":"503","latency":"soon"}`,
		`{"mode":"503","msn":"100003"}`,
		`{"mode":"503","merchant_serial_number":"12"}`,
		`{"mode":"503","client_id":"not-a-guid"}`,
		`{"latency":"0s"}`,
		`{"id":7,"mode":"503"}`,
		`null`, `[]`, `{"mode":"503"} {"mode":"500"}`, ``,
	} {
		if r := send(t, s, srv, http.MethodPost, "/_sandbox/fault-rules", nil, body); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", body, r.status, r.body)
		}
	}
	if rules := s.FaultRules(); len(rules) != 0 {
		t.Errorf("refused rules were added: %v", rules)
	}
}

func TestAdmin_dataMatchesDemoData(t *testing.T) {
	s, srv := newServer(t, Options{})
	r := send(t, s, srv, http.MethodGet, "/_sandbox/data", nil, "")
	var got Data
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, DemoData()) {
		t.Errorf("GET /_sandbox/data differs from DemoData:\n%s", r.body)
	}
}

func TestAdmin_wrongMethodIs405ButAPIRoutesStayTheGateways404(t *testing.T) {
	s, srv := newServer(t, Options{})
	for _, rt := range []struct{ method, path, allow string }{
		{http.MethodPost, "/_sandbox/health", "GET, HEAD"},
		{http.MethodGet, "/_sandbox/reset", "POST"},
		{http.MethodPut, "/_sandbox/fault-rules", "DELETE, GET, HEAD, POST"},
		{http.MethodGet, "/_sandbox/product-orders/x/advance", "POST"},
	} {
		r := send(t, s, srv, rt.method, rt.path, nil, "")
		if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != rt.allow || !strings.Contains(r.body, `"message"`) {
			t.Errorf("%s %s: %d Allow=%q %s, want 405 with Allow %q", rt.method, rt.path, r.status, r.header.Get("Allow"), r.body, rt.allow)
		}
	}
	if r := send(t, s, srv, http.MethodGet, "/_sandbox/nothing", nil, ""); r.status != http.StatusNotFound || !strings.Contains(r.body, `"message"`) {
		t.Errorf("unknown admin path: %d %s", r.status, r.body)
	}
	for _, rt := range []struct{ method, path string }{
		{http.MethodGet, "/accesstoken/get"},
		{http.MethodPut, "/management/v1/sales-units"},
		{http.MethodGet, "/miami/v1/token"},
	} {
		if r := send(t, s, srv, rt.method, rt.path, nil, ""); r.status != http.StatusNotFound || r.body != apimJSON(404, apimNotFound) {
			t.Errorf("%s %s: %d %s, want the gateway's 404", rt.method, rt.path, r.status, r.body)
		}
	}
}

func TestAdmin_bodiesAreExactlyOneJSONObject(t *testing.T) {
	s, srv := newServer(t, Options{})
	for _, body := range []string{
		``, `null`, `[]`, `"x"`, `7`,
		`{"merchant_serial_number":"777777"} {"merchant_serial_number":"777778"}`,
		`{"merchant_serial_number":"777777"}x`,
		`{"merchant_serial_number":"777777"`,
	} {
		if r := send(t, s, srv, http.MethodPost, "/_sandbox/key-sets", nil, body); r.status != http.StatusBadRequest {
			t.Errorf("key set body %q: %d %s, want 400", body, r.status, r.body)
		}
	}
	if r := send(t, s, srv, http.MethodPost, "/_sandbox/key-sets", nil, "{\"merchant_serial_number\":\"777777\"}\n"); r.status != http.StatusCreated {
		t.Errorf("one object and a newline: %d %s", r.status, r.body)
	}
	if r := send(t, s, srv, http.MethodPost, "/_sandbox/product-orders/"+DemoPricePackagePOS+"/advance", nil, `null`); r.status != http.StatusBadRequest {
		t.Errorf("advance with null: %d %s, want 400", r.status, r.body)
	}
}

func TestAdmin_refusesNamesWithControlCharacters(t *testing.T) {
	s, srv := newServer(t, Options{})
	for _, name := range []string{"Bodø Bakeri\n", "Bodø\tBakeri", "Bodø\u0000Bakeri", "Bodø \u001b[31mBakeri"} {
		body, _ := json.Marshal(map[string]string{"merchant_serial_number": "777777", "name": name})
		if r := send(t, s, srv, http.MethodPost, "/_sandbox/key-sets", nil, string(body)); r.status != http.StatusBadRequest ||
			!strings.Contains(r.body, "control characters") {
			t.Errorf("name %q: %d %s, want 400 naming the control characters", name, r.status, r.body)
		}
	}
	if _, err := s.AddKeySet(keys.KeySet{MerchantSerialNumber: "777778"}, "Bodø Bakeri & Co."); err != nil {
		t.Errorf("a name with punctuation: %v", err)
	}
	d := DemoData()
	d.Merchants[0].Name = "Fjordkaffe\r\nAS"
	if _, err := New(Options{Data: d}); err == nil || !strings.Contains(err.Error(), "control characters") {
		t.Errorf("a merchant name with a newline in the data: %v", err)
	}
}
