package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The contract test checks every Management API answer the sandbox gives, success and error,
// against the schemas of the Management API's OpenAPI spec 2.0.9 (a copy of
// ../shared/openapi/management-api/openapi-2.0.9.yaml in testdata). Where the spec and the
// reference (../shared/vipps-api.md) disagree, the reference wins:
//
//   - Gateway errors (401 for a missing or invalid token or subscription key, and 404 for an
//     operation the gateway does not know) have Azure APIM's {statusCode, message} shape
//     (§3.4), though the spec declares Problem for 401. They are checked for that shape.
//   - Some 404s are declared application/json;charset=UTF-8 in the spec; the API sends
//     problem+json (§3.4), and so does the sandbox. Any declared JSON media type is accepted
//     for the schema the spec gives.
//   - The spec's date-time example "2023-31-12T06:45:25.921251Z" is not a date. Examples are
//     not checked; the sandbox's date-times must parse as RFC 3339.
//   - The 201 of POST product-orders is declared application/json; the sandbox sends
//     application/json;charset=UTF-8, as every other success (§3.1). Parameters are ignored.
//
// The schema checker covers what the spec uses: $ref, allOf, type, nullable, required,
// properties, items, enum, pattern, minLength, maxLength, minimum, maximum and the formats
// uuid, date-time and uri. It is stricter than OpenAPI in one way: a property the schema does
// not declare is an error, so a misspelt field in the sandbox cannot pass.

const specPath = "testdata/management-api-openapi-2.0.9.yaml"

type openAPI struct {
	doc map[string]any
}

func loadSpec(t *testing.T) openAPI {
	t.Helper()
	b, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parse %s: %v", specPath, err)
	}
	return openAPI{doc: doc}
}

// operation finds the spec's operation for a request, or nil when the spec has none.
func (o openAPI) operation(method, path string) (template string, op map[string]any) {
	paths, _ := o.doc["paths"].(map[string]any)
	for tmpl, item := range paths {
		if !matchesTemplate(tmpl, path) {
			continue
		}
		if op, ok := item.(map[string]any)[strings.ToLower(method)].(map[string]any); ok {
			return tmpl, op
		}
	}
	return "", nil
}

func matchesTemplate(tmpl, path string) bool {
	ts, ps := strings.Split(tmpl, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if !strings.HasPrefix(ts[i], "{") && ts[i] != ps[i] {
			return false
		}
	}
	return true
}

// resolve follows a local $ref ("#/components/schemas/Problem").
func (o openAPI) resolve(ref string) map[string]any {
	var node any = o.doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		node = node.(map[string]any)[part]
	}
	return node.(map[string]any)
}

// properties are the properties a schema declares itself and through allOf (the merchant
// response is allOf: [Merchant]).
func (o openAPI) properties(schema map[string]any) map[string]any {
	if ref, ok := schema["$ref"].(string); ok {
		return o.properties(o.resolve(ref))
	}
	out := map[string]any{}
	for _, sub := range asList(schema["allOf"]) {
		for k, v := range o.properties(sub.(map[string]any)) {
			out[k] = v
		}
	}
	props, _ := schema["properties"].(map[string]any)
	for k, v := range props {
		out[k] = v
	}
	return out
}

// check returns every way v breaks schema; where is a JSON path for the messages.
func (o openAPI) check(where string, schema map[string]any, v any) []string {
	if ref, ok := schema["$ref"].(string); ok {
		return o.check(where, o.resolve(ref), v)
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, where+": "+fmt.Sprintf(format, args...)) }
	for _, sub := range asList(schema["allOf"]) {
		errs = append(errs, o.check(where, sub.(map[string]any), v)...)
	}
	if v == nil {
		if schema["nullable"] != true {
			fail("null, but the schema is not nullable")
		}
		return errs
	}
	switch typ, _ := schema["type"].(string); typ {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			fail("want an object, got %T", v)
			return errs
		}
		props := o.properties(schema)
		for _, name := range asList(schema["required"]) {
			if _, has := obj[name.(string)]; !has {
				fail("required property %q is missing", name)
			}
		}
		for _, name := range sortedKeys(obj) {
			sub, declared := props[name].(map[string]any)
			if !declared {
				fail("property %q is not in the schema", name)
				continue
			}
			errs = append(errs, o.check(where+"."+name, sub, obj[name])...)
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			fail("want an array, got %T", v)
			return errs
		}
		items, _ := schema["items"].(map[string]any)
		for i, item := range arr {
			errs = append(errs, o.check(fmt.Sprintf("%s[%d]", where, i), items, item)...)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			fail("want a string, got %T %v", v, v)
			return errs
		}
		errs = append(errs, checkString(where, schema, s)...)
	case "integer", "number":
		n, ok := v.(json.Number)
		if !ok {
			fail("want a number, got %T", v)
			return errs
		}
		f, err := n.Float64()
		if err != nil || (typ == "integer" && strings.ContainsAny(n.String(), ".eE")) {
			fail("want an %s, got %s", typ, n)
		}
		if minimum, ok := asFloat(schema["minimum"]); ok && f < minimum {
			fail("%s is below the minimum %v", n, minimum)
		}
		if maximum, ok := asFloat(schema["maximum"]); ok && f > maximum {
			fail("%s is above the maximum %v", n, maximum)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			fail("want a boolean, got %T", v)
		}
	case "":
		// No type: only the keywords below apply.
	default:
		fail("the checker does not know type %q", typ)
	}
	if enum := asList(schema["enum"]); enum != nil && !slices.Contains(enum, v) {
		fail("%v is not one of %v", v, enum)
	}
	return errs
}

var uuidFormat = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func checkString(where string, schema map[string]any, s string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, where+": "+fmt.Sprintf(format, args...)) }
	n := utf8.RuneCountInString(s)
	if minLength, ok := asFloat(schema["minLength"]); ok && float64(n) < minLength {
		fail("%q is shorter than %v", s, minLength)
	}
	if maxLength, ok := asFloat(schema["maxLength"]); ok && float64(n) > maxLength {
		fail("%q is longer than %v", s, maxLength)
	}
	if pattern, ok := schema["pattern"].(string); ok && !regexp.MustCompile(pattern).MatchString(s) {
		fail("%q does not match %s", s, pattern)
	}
	switch schema["format"] {
	case "uuid":
		if !uuidFormat.MatchString(s) {
			fail("%q is not a lower-case UUID", s)
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			fail("%q is not an RFC 3339 date-time", s)
		}
	case "uri":
		if u, err := url.Parse(s); err != nil || u.Scheme == "" {
			fail("%q is not an absolute URI", s)
		}
	}
	return errs
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func asFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// contract validates answers and remembers which (operation, status) pairs it saw.
type contract struct {
	t    *testing.T
	spec openAPI
	seen map[string]bool
}

func (c *contract) validate(method, path string, r response) {
	c.t.Helper()
	path, _, _ = strings.Cut(path, "?")
	tmpl, op := c.spec.operation(method, path)
	if op == nil || isGatewayError(r) {
		c.checkGatewayError(method, path, r, op == nil)
		return
	}
	key := fmt.Sprintf("%s %s %d", method, tmpl, r.status)
	c.seen[key] = true

	responses := op["responses"].(map[string]any)
	declared, ok := responses[fmt.Sprint(r.status)].(map[string]any)
	if !ok {
		declared, ok = responses["default"].(map[string]any)
	}
	if !ok && r.header.Get("Content-Type") == contentTypeProblem {
		// GET /management/v2/product-orders declares only 200 and 500, and no default. Its
		// 400 (includeExpired, which is not in the spec either) and 403 (sales unit keys) are
		// problem+json like every error of the API (§3.4).
		declared = map[string]any{"content": map[string]any{
			contentTypeProblem: map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}},
		}}
		ok = true
	}
	if !ok {
		c.t.Errorf("%s: the spec declares no answer %d and no default", key, r.status)
		return
	}
	content, _ := declared["content"].(map[string]any)
	if content == nil {
		if r.body != "" {
			c.t.Errorf("%s: the spec declares no body, got %q", key, r.body)
		}
		return
	}
	got, _, err := mime.ParseMediaType(r.header.Get("Content-Type"))
	if err != nil {
		c.t.Errorf("%s: content type %q: %v", key, r.header.Get("Content-Type"), err)
		return
	}
	var schema map[string]any
	for mediaType, entry := range content {
		want, _, _ := mime.ParseMediaType(mediaType)
		// A 404 declared as application/json carries problem+json (see the top of the file).
		if want == got || (r.status == http.StatusNotFound && got == "application/problem+json") {
			schema = entry.(map[string]any)["schema"].(map[string]any)
		}
	}
	if schema == nil {
		c.t.Errorf("%s: content type %q is not one the spec declares (%v)", key, got, sortedKeys(content))
		return
	}
	if r.status < 300 && r.header.Get("Content-Type") != contentTypeManagement {
		c.t.Errorf("%s: content type %q, want %q", key, r.header.Get("Content-Type"), contentTypeManagement)
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(r.body)))
	dec.UseNumber()
	var body any
	if err := dec.Decode(&body); err != nil {
		c.t.Errorf("%s: body is not JSON: %v: %s", key, err, r.body)
		return
	}
	for _, e := range c.spec.check("$", schema, body) {
		c.t.Errorf("%s: %s\n\tbody: %s", key, e, r.body)
	}
}

func isGatewayError(r response) bool {
	var b map[string]any
	if json.Unmarshal([]byte(r.body), &b) != nil {
		return false
	}
	_, hasCode := b["statusCode"]
	return hasCode
}

// checkGatewayError checks an APIM answer: a 401 for credentials, or a 404 for an operation
// the gateway does not have (the endpoints that never shipped, which the spec lacks too).
func (c *contract) checkGatewayError(method, path string, r response, unknownOperation bool) {
	c.t.Helper()
	var b apimBody
	err := json.Unmarshal([]byte(r.body), &b)
	ok := err == nil && b.StatusCode == r.status && b.Message != "" &&
		(r.status == http.StatusUnauthorized || r.status == http.StatusNotFound)
	if unknownOperation {
		ok = ok && r.status == http.StatusNotFound
	}
	if !ok {
		c.t.Errorf("%s %s: %d %s, want the gateway's 401 or 404 {statusCode, message}", method, path, r.status, r.body)
	}
	c.seen[fmt.Sprintf("gateway %d", r.status)] = true
}

func TestManagementContract_everyAnswerMatchesTheSpec(t *testing.T) {
	c := &contract{t: t, spec: loadSpec(t), seen: map[string]bool{}}
	s, srv := newServer(t, Options{})
	partner := newMgmt(t, s, srv, demoPartnerKeySet(t))
	merchant := newMgmt(t, s, srv, prodKeys(t, "123456"))
	lofoten := newMgmt(t, s, srv, prodKeys(t, "678901"))
	testKeys := newMgmt(t, s, srv, demoKeySet(t, DemoMSN, "test"))
	call := func(m mgmt, method, path, body string) response {
		t.Helper()
		r := m.do(method, path, body)
		c.validate(method, path, r)
		return r
	}
	get := func(m mgmt, path string) { t.Helper(); call(m, http.MethodGet, path, "") }
	post := func(m mgmt, key, body string) response {
		t.Helper()
		return call(m.with(HeaderIdempotencyKey, key), http.MethodPost, "/management/v1/product-orders", body)
	}
	const fjordkaffe = "/management/v1/merchants/business:NO:ORG/" + DemoOrgFjordkaffe

	// Sales units and merchants, in and out of scope.
	for _, m := range []mgmt{partner, merchant, lofoten} {
		get(m, "/management/v1/sales-units")
	}
	get(newMgmt(t, s, srv, prodKeys(t, DemoMSNDeactivatedMerchant)), "/management/v1/sales-units") // []
	for _, msn := range []string{"123456", DemoMSNLoginOnly, "345678", "456789", DemoMSNInactive, "999999", "12ab"} {
		get(partner, "/management/v1/sales-units/"+msn)
	}
	get(lofoten, "/management/v1/sales-units/678901") // configuration {}
	for _, path := range []string{
		fjordkaffe, "/management/v1/merchants/business:NO:ORG/" + DemoOrgBryggeriet,
		"/management/v1/merchants/business:DK:CVR/" + DemoOrgHygge, "/management/v1/merchants/business:FI:Y-tunnus/" + DemoOrgAurora,
		"/management/v1/merchants/business:DK:CVR/" + DemoOrgNorrebro, "/management/v1/merchants/business:NO:ORG/" + DemoOrgSkolekorps,
		"/management/v1/merchants/business:NO:ORG/" + DemoOrgLofoten, "/management/v1/merchants/business:NO:ORG/abc",
	} {
		get(partner, path)
		get(partner, path+"/sales-units")
	}
	get(partner.with(HeaderMerchantSerialNumber, DemoMSNNotConnected), "/management/v1/sales-units")
	get(merchant.with(HeaderMerchantSerialNumber, "234567"), fjordkaffe)
	get(partner.with(HeaderMerchantSerialNumber, "1"), fjordkaffe+"/sales-units")

	// Price packages and product orders, through their whole lifecycle.
	get(partner, "/management/v1/partners/price-packages")
	get(merchant, "/management/v1/partners/price-packages")
	first := decode[apiProductOrderResponse](t, post(partner, "c1", validOrderBody("987654325", "Bakeri Bergen"))).PrefilledOrderID
	post(partner, "c1", validOrderBody("987654325", "Bakeri Bergen"))                          // replay
	post(partner, "c1", validOrderBody("987654325", "Other"))                                  // 409
	post(partner, "c2", `{"businessIdentifier":{"scheme":"x","id":"1"},"productType":"NONE"}`) // 400
	post(partner, "c3", `{"businessIdentifier":`)                                              // 400
	post(partner, "", validOrderBody("987654325", "Bakeri"))                                   // 400
	post(merchant, "c4", validOrderBody("987654325", "Bakeri"))                                // 403
	login := decode[apiProductOrderResponse](t, post(partner, "c5",
		`{"businessIdentifier":{"scheme":"business:DK:CVR","id":"`+DemoOrgNorrebro+`"},"productType":"LOGIN"}`)).PrefilledOrderID
	toDelete := decode[apiProductOrderResponse](t, post(partner, "c6", validOrderBody("812098446", "Kiosk"))).PrefilledOrderID
	details := func(id string) { t.Helper(); get(partner, "/management/v2/product-orders/"+id+"/details") }
	for _, status := range []string{OrderStatusMerchantViewed, OrderStatusSubmitted, OrderStatusCompleted} {
		details(first)
		if err := s.AdvanceProductOrder(first, status); err != nil {
			t.Fatal(err)
		}
	}
	details(first) // COMPLETED, with salesUnit
	if err := s.AdvanceProductOrder(login, OrderStatusRejected); err != nil {
		t.Fatal(err)
	}
	details(login)
	details(newUUID())                                               // 404
	details("12345")                                                 // 400
	get(merchant, "/management/v2/product-orders/"+first+"/details") // 403
	get(partner, "/management/v2/product-orders")
	get(partner, "/management/v2/product-orders?includeExpired=true")
	get(merchant, "/management/v2/product-orders")
	del := func(m mgmt, id string) {
		t.Helper()
		call(m, http.MethodDelete, "/management/v1/product-orders/"+id, "")
	}
	del(partner, toDelete)   // 200, no body
	del(partner, toDelete)   // 404
	del(partner, first)      // 400: completed
	del(partner, "nope")     // 400
	del(merchant, newUUID()) // 403

	// Gateway answers: test keys, no token; the endpoints that never shipped.
	get(testKeys, "/management/v1/sales-units")
	get(partner.with("Authorization", ""), fjordkaffe)
	for _, rt := range []struct{ method, path string }{
		{http.MethodGet, "/management/v1/partners/whoami"},
		{http.MethodGet, "/management/v1/merchants"},
		{http.MethodGet, fjordkaffe + "/contracts"},
		{http.MethodPatch, "/management/v1/sales-units/123456"},
		{http.MethodGet, "/management/v1/api-quality/sales-units/123456"},
		{http.MethodGet, "/management/v1/product-orders/12345"},
		{http.MethodDelete, "/management/v1/product-orders/12345"},
	} {
		call(partner, rt.method, rt.path, "")
	}

	// The injected 500 of a management route is a Problem too.
	s.SetFault(Fault500)
	get(partner, "/management/v1/sales-units")
	s.SetFault("")

	// Every live operation was seen succeeding and failing.
	for _, want := range []string{
		"GET /management/v1/sales-units 200", "GET /management/v1/sales-units 403", "GET /management/v1/sales-units 500",
		"GET /management/v1/sales-units/{msn} 200", "GET /management/v1/sales-units/{msn} 404", "GET /management/v1/sales-units/{msn} 400",
		"GET /management/v1/merchants/{scheme}/{id} 200", "GET /management/v1/merchants/{scheme}/{id} 404", "GET /management/v1/merchants/{scheme}/{id} 403",
		"GET /management/v1/merchants/{scheme}/{id}/sales-units 200", "GET /management/v1/merchants/{scheme}/{id}/sales-units 404",
		"GET /management/v1/merchants/{scheme}/{id}/sales-units 400",
		"POST /management/v1/product-orders 201", "POST /management/v1/product-orders 400",
		"POST /management/v1/product-orders 403", "POST /management/v1/product-orders 409",
		"DELETE /management/v1/product-orders/{productOrderId} 200", "DELETE /management/v1/product-orders/{productOrderId} 400",
		"DELETE /management/v1/product-orders/{productOrderId} 403", "DELETE /management/v1/product-orders/{productOrderId} 404",
		"GET /management/v2/product-orders 200", "GET /management/v2/product-orders 403",
		"GET /management/v2/product-orders/{productOrderId}/details 200", "GET /management/v2/product-orders/{productOrderId}/details 400",
		"GET /management/v2/product-orders/{productOrderId}/details 403", "GET /management/v2/product-orders/{productOrderId}/details 404",
		"GET /management/v1/partners/price-packages 200", "GET /management/v1/partners/price-packages 403",
		"gateway 401", "gateway 404",
	} {
		if !c.seen[want] {
			t.Errorf("the contract test never saw %s", want)
		}
	}
}

// The spec's own quirks, pinned so that a new copy of the spec that fixes them gets noticed.
func TestManagementContract_specQuirksTheReferenceOverrides(t *testing.T) {
	spec := loadSpec(t)
	merchant := spec.resolve("#/components/schemas/Merchant")["properties"].(map[string]any)
	example := merchant["createdAt"].(map[string]any)["example"].(string)
	if _, err := time.Parse(time.RFC3339Nano, example); err == nil {
		t.Errorf("the spec's createdAt example %q is a valid date now; review the comment on apiTime", example)
	}
	_, op := spec.operation(http.MethodDelete, "/management/v1/product-orders/"+newUUID())
	notFound := op["responses"].(map[string]any)["404"].(map[string]any)["content"].(map[string]any)
	if _, ok := notFound["application/json;charset=UTF-8"]; !ok {
		t.Errorf("the spec's 404 of DELETE product-orders is no longer application/json;charset=UTF-8: %v", sortedKeys(notFound))
	}
	if _, ok := op["responses"].(map[string]any)["409"]; ok {
		t.Error("the spec now declares 409 for DELETE product-orders; review handleDeleteProductOrder's 400")
	}
}

// The checker itself: each body breaks its schema in one way, and the checker says so.
func TestManagementContract_checkerFindsViolations(t *testing.T) {
	spec := loadSpec(t)
	for _, tt := range []struct {
		schema, body, want string
	}{
		{"MsnInfo", `{"msn":"123456","name":"Kafé"}`, ""},
		{"MsnInfo", `{"msn":123456,"name":"Kafé"}`, "want a string"},
		{"MsnInfo", `{"msn":"12","name":"Kafé"}`, "does not match"},
		{"MsnInfo", `{"msn":"123456"}`, `required property "name"`},
		{"MsnInfo", `{"msn":"123456","name":"Kafé","MSN":"1"}`, `"MSN" is not in the schema`},
		{"Merchant", `{"businessIdentifier":{"scheme":"business:NO:ORG","id":"914532884"},"name":"A","status":"ACTIVE",` +
			`"createdAt":"2023-31-12T06:45:25.921251Z","updatedAt":"2023-12-31T06:45:25Z","countryCode":"NO"}`, "not an RFC 3339 date-time"},
		{"Merchant", `{"businessIdentifier":{"scheme":"business:NO:ORG","id":"914532884"},"name":"A","status":"GONE",` +
			`"createdAt":"2023-12-31T06:45:25Z","updatedAt":"2023-12-31T06:45:25Z","countryCode":"NO","businessAddress":null}`, "is not one of"},
		{"PricePackage", `{"pricePackageId":"nope","name":"A","description":"1%"}`, "not a lower-case UUID"},
		{"PricePackage", `{"pricePackageId":"3dd68d33-5a68-46d6-b8bc-06a965e27efa","name":"A","description":"1%","commission":null}`, ""},
		{"ProductOrderResponse", `{"prefilledOrderId":"3dd68d33-5a68-46d6-b8bc-06a965e27efa","prefillUrl":"portal/x"}`, "not an absolute URI"},
		{"ProductOrderDetailsResponseV2", `{"status":"COMPLETED","businessIdentifier":{"scheme":"business:NO:ORG","id":"914532884"},"salesUnit":null}`, ""},
		{"ProductOrderDetailsResponseV2", `{"status":"COMPLETED","businessIdentifier":null}`, "not nullable"},
		{"Problem", `{"type":"about:blank","title":"Bad Request","status":"400","detail":"d","instance":"urn:uuid:1"}`, "want a number"},
		{"Problem", `{"type":"about:blank","title":"Bad Request","status":400.5,"detail":"d","instance":"urn:uuid:1"}`, "want an integer"},
	} {
		dec := json.NewDecoder(strings.NewReader(tt.body))
		dec.UseNumber()
		var body any
		if err := dec.Decode(&body); err != nil {
			t.Fatal(err)
		}
		errs := strings.Join(spec.check("$", map[string]any{"$ref": "#/components/schemas/" + tt.schema}, body), "\n")
		if (tt.want == "") != (errs == "") || !strings.Contains(errs, tt.want) {
			t.Errorf("%s %s: errors %q, want %q", tt.schema, tt.body, errs, tt.want)
		}
	}
}
