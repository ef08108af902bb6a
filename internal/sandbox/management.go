// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"cmp"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
)

// The Management API: production only, read plus create-prefill.
// Gateway failures (token, subscription key, test keys) have APIM's {statusCode, message}
// shape; everything the API itself refuses is application/problem+json.

// Route patterns of the live Management API endpoints (the nine of spec 2.0.9, and the v1
// product order reads deprecated in October 2024 but still served); they are also the Stats
// keys.
const (
	RouteSalesUnits          = "GET /management/v1/sales-units"
	RouteSalesUnit           = "GET /management/v1/sales-units/{msn}"
	RouteMerchant            = "GET /management/v1/merchants/{scheme}/{id}"
	RouteMerchantSalesUnits  = "GET /management/v1/merchants/{scheme}/{id}/sales-units"
	RouteCreateProductOrder  = "POST /management/v1/product-orders"
	RouteDeleteProductOrder  = "DELETE /management/v1/product-orders/{productOrderId}"
	RouteProductOrders       = "GET /management/v2/product-orders"
	RouteProductOrderDetails = "GET /management/v2/product-orders/{productOrderId}/details"
	RoutePricePackages       = "GET /management/v1/partners/price-packages"

	RouteProductOrdersV1       = "GET /management/v1/product-orders"
	RouteProductOrderDetailsV1 = "GET /management/v1/product-orders/{productOrderId}/details"
)

// HeaderIdempotencyKey is required on POST product-orders.
const HeaderIdempotencyKey = "Idempotency-Key"

// contentTypeManagement is what the Management API's 200 and 201 answers carry.
const contentTypeManagement = "application/json;charset=UTF-8"

// PrefillURLBase is where a prefilled product order is opened by the merchant.
const PrefillURLBase = "https://portal.vippsmobilepay.com/register/prefilled/"

// managementRoute is one operation of the Management API.
type managementRoute struct {
	pattern string
	// partnerOnly, when set, says what only partner keys may do ("list price packages").
	partnerOnly string
	// gateway, when set, is a check the gateway makes before any key is looked at.
	gateway func(*http.Request) *failure
	// handle answers an authorized caller: it writes the answer, or returns the failure.
	handle func(w http.ResponseWriter, r *http.Request, c caller) *failure
}

// managementRoutes registers the live endpoints. The endpoints of spec 1.1.6 that never
// shipped (whoami, the merchant list, contracts, PATCH sales unit, api-quality and the v1
// product order by numeric id) are deliberately absent, so the catch-all answers them 404.
//
// The v1 product order reads were deprecated in October 2024 and are still served. No source
// gives their answers' shape; the sandbox answers them exactly as their v2 successors.
func (s *Sandbox) managementRoutes() {
	for _, rt := range []managementRoute{
		{pattern: RouteSalesUnits, handle: s.handleSalesUnits},
		{pattern: RouteSalesUnit, handle: s.handleSalesUnit},
		{pattern: RouteMerchant, handle: s.handleMerchant},
		{pattern: RouteMerchantSalesUnits, handle: s.handleMerchantSalesUnits},
		{pattern: RouteCreateProductOrder, partnerOnly: "create product orders", handle: s.handleCreateProductOrder},
		{pattern: RouteDeleteProductOrder, partnerOnly: "delete product orders", gateway: neverShippedOrderID, handle: s.handleDeleteProductOrder},
		{pattern: RouteProductOrders, partnerOnly: "list product orders", handle: s.handleProductOrders},
		{pattern: RouteProductOrderDetails, partnerOnly: "read product orders", handle: s.handleProductOrderDetails},
		{pattern: RouteProductOrdersV1, partnerOnly: "list product orders", handle: s.handleProductOrders},
		{pattern: RouteProductOrderDetailsV1, partnerOnly: "read product orders", handle: s.handleProductOrderDetails},
		{pattern: RoutePricePackages, partnerOnly: "list price packages", handle: s.handlePricePackages},
	} {
		s.api(rt.pattern, s.managementHandler(rt))
	}
}

// managementHandler runs what every Management API request goes through: the test host's
// gateway, which has no such API; the route's own gateway check; the token, subscription key
// and Merchant-Serial-Number; the partner-only rule; and then the operation.
func (s *Sandbox) managementHandler(rt managementRoute) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f := s.testHostHasNoManagementAPI(r)
		if f == nil && rt.gateway != nil {
			f = rt.gateway(r)
		}
		var c caller
		if f == nil {
			c, f = s.authorizeManagement(r)
		}
		if f == nil && rt.partnerOnly != "" {
			f = partnerOnly(c, rt.partnerOnly)
		}
		if f == nil {
			f = rt.handle(w, r, c)
		}
		if f != nil {
			f.write(w)
		}
	}
}

// testHostHasNoManagementAPI answers a Management API request meant for the test host
// (apitest.vipps.no) as that host's gateway does: it has no such API, so it knows no such
// operation, and says 404 before it looks at any key. A request is for the test host when
// X-Vippsmobilepay-Environment says test or, without that header, when its subscription key is
// a test key (which only the test host knows).
func (s *Sandbox) testHostHasNoManagementAPI(r *http.Request) *failure {
	env := r.Header.Get(HeaderEnvironment)
	if env == "" {
		s.mu.RLock()
		u, ok := s.st.bySubKey[r.Header.Get(HeaderSubscriptionKey)]
		s.mu.RUnlock()
		if ok {
			env = u.environment
		}
	}
	if env != keys.EnvironmentTest {
		return nil
	}
	return apimError(http.StatusNotFound, apimNotFound).
		because("the Management API exists only in production; the test environment's host has no /management/ operations")
}

// The API's shapes (spec 2.0.9).

type apiBusinessIdentifier struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

type apiMsnInfo struct {
	MSN  string `json:"msn"` // a string, as the spec says; only guide examples print a number
	Name string `json:"name"`
}

type apiSalesUnit struct {
	MSN                string                `json:"msn"`
	Name               string                `json:"name"`
	BusinessIdentifier apiBusinessIdentifier `json:"businessIdentifier"`
	Configuration      apiConfiguration      `json:"configuration"`
}

type apiConfiguration struct {
	PaymentAllowed               *bool  `json:"paymentAllowed,omitempty"`
	CaptureType                  string `json:"captureType,omitempty"`
	SkipLandingPageAllowed       *bool  `json:"skipLandingPageAllowed,omitempty"`
	RecurringAllowed             *bool  `json:"recurringAllowed,omitempty"`
	PartialCaptureAllowed        *bool  `json:"partialCaptureAllowed,omitempty"`
	LateCaptureAllowed           *bool  `json:"lateCaptureAllowed,omitempty"`
	LandingPagePhoneNumberLocked *bool  `json:"landingPagePhoneNumberLocked,omitempty"`
	LongLivingPaymentAllowed     *bool  `json:"longLivingPaymentAllowed,omitempty"`
	CreditCardPaymentAllowed     *bool  `json:"creditCardPaymentAllowed,omitempty"`
}

type apiMerchant struct {
	BusinessIdentifier  apiBusinessIdentifier `json:"businessIdentifier"`
	Name                string                `json:"name"`
	Status              string                `json:"status"`
	CreatedAt           string                `json:"createdAt"`
	UpdatedAt           string                `json:"updatedAt"`
	CountryCode         string                `json:"countryCode"`
	BusinessAddress     *apiAddress           `json:"businessAddress,omitempty"`
	BusinessPostAddress *apiAddress           `json:"businessPostAddress,omitempty"`
}

type apiAddress struct {
	Lines       []string `json:"lines"`
	PostCode    *string  `json:"postCode"`
	City        *string  `json:"city"`
	CountryCode *string  `json:"countryCode"`
}

type apiPricePackage struct {
	PricePackageID      string  `json:"pricePackageId"`
	Name                string  `json:"name"`
	Description         string  `json:"description"`
	VisibleInSignupForm bool    `json:"visibleInSignupForm"`
	ProductType         string  `json:"productType,omitempty"`
	Market              string  `json:"market,omitempty"`
	Commission          *string `json:"commission"`
}

type apiProductOrderResponse struct {
	PrefilledOrderID string `json:"prefilledOrderId"`
	PrefillURL       string `json:"prefillUrl"`
}

type apiProductOrderDetails struct {
	ProductOrderType   string                `json:"productOrderType"`
	ProductOrderID     string                `json:"productOrderId"`
	ProductType        string                `json:"productType"`
	Status             string                `json:"status"`
	BusinessIdentifier apiBusinessIdentifier `json:"businessIdentifier"`
	ProductOrderURL    *string               `json:"productOrderUrl"` // null unless PREFILL
	SalesUnit          *apiMsnInfo           `json:"salesUnit"`       // null until COMPLETED
}

func toAPIBusinessIdentifier(b BusinessIdentifier) apiBusinessIdentifier {
	return apiBusinessIdentifier(b)
}

func toAPIConfiguration(c *SalesUnitConfiguration) apiConfiguration {
	if c == nil {
		return apiConfiguration{} // "configuration" is required; an empty object says nothing
	}
	return apiConfiguration{
		PaymentAllowed:               c.PaymentAllowed,
		CaptureType:                  c.CaptureType,
		SkipLandingPageAllowed:       c.SkipLandingPageAllowed,
		RecurringAllowed:             c.RecurringAllowed,
		PartialCaptureAllowed:        c.PartialCaptureAllowed,
		LateCaptureAllowed:           c.LateCaptureAllowed,
		LandingPagePhoneNumberLocked: c.LandingPagePhoneNumberLocked,
		LongLivingPaymentAllowed:     c.LongLivingPaymentAllowed,
		CreditCardPaymentAllowed:     c.CreditCardPaymentAllowed,
	}
}

func toAPIMerchant(m Merchant) apiMerchant {
	return apiMerchant{
		BusinessIdentifier:  toAPIBusinessIdentifier(m.BusinessIdentifier),
		Name:                m.Name,
		Status:              m.Status,
		CreatedAt:           apiTime(m.CreatedAt),
		UpdatedAt:           apiTime(m.UpdatedAt),
		CountryCode:         m.CountryCode,
		BusinessAddress:     toAPIAddress(m.BusinessAddress),
		BusinessPostAddress: toAPIAddress(m.BusinessPostAddress),
	}
}

// apiTime formats like the guide's example "2022-09-02T06:45:25.921251Z". (Spec 2.0.9's own
// example, "2023-31-12T06:45:25.921251Z", is not a valid date; the reference wins.)
func apiTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func toAPIAddress(a *Address) *apiAddress {
	if a == nil {
		return nil
	}
	orNull := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	return &apiAddress{
		Lines:       append([]string{}, a.Lines...), // "lines" is required, and may be empty
		PostCode:    orNull(a.PostCode),
		City:        orNull(a.City),
		CountryCode: orNull(a.CountryCode),
	}
}

func toAPIPricePackage(p PricePackage) apiPricePackage {
	out := apiPricePackage{
		PricePackageID:      p.ID,
		Name:                p.Name,
		Description:         p.Description,
		VisibleInSignupForm: p.VisibleInSignupForm,
		ProductType:         p.ProductType,
		Market:              p.Market,
	}
	if p.Commission != "" {
		out.Commission = &p.Commission
	}
	return out
}

func prefillURL(id string) string { return PrefillURLBase + id }

// Problems.

// problemExtra is one item of a problem's extraDetails, {key, value} as spec 2.0.9 has it.
type problemExtra struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type managementProblemBody struct {
	Type         string         `json:"type"`
	Title        string         `json:"title"`
	Status       int            `json:"status"`
	Detail       string         `json:"detail"`
	Instance     string         `json:"instance"`
	ExtraDetails []problemExtra `json:"extraDetails,omitempty"`
}

// managementProblem is the API's own error: RFC 7807 with the HTTP status phrase as title.
// Every 404 is problem+json too, though spec 2.0.9 declares some 404s as
// application/json;charset=UTF-8: the reference (§3.4) says the API uses problem+json, and a
// client must read both anyway.
func managementProblem(status int, detail string, extra ...problemExtra) *failure {
	return &failure{
		status:      status,
		contentType: contentTypeProblem,
		body: mustJSON(managementProblemBody{
			Type:         "about:blank",
			Title:        http.StatusText(status),
			Status:       status,
			Detail:       detail,
			Instance:     "urn:uuid:" + uuid.NewString(),
			ExtraDetails: extra,
		}),
	}
}

func writeManagement(w http.ResponseWriter, status int, v any) {
	writeJSON(w, status, contentTypeManagement, v)
}

// Callers.

// caller is who a Management API request comes from.
type caller struct {
	// partner is the partner ID for partner keys, else "".
	partner string
	// merchant is the merchant of the sales unit of sales unit keys (zero when it has none).
	merchant BusinessIdentifier
}

// authorizeManagement checks the token and subscription key (authorize), that they are
// production keys, and the Merchant-Serial-Number header: partner keys may name a sales unit
// of a connected merchant, sales unit keys only their own.
func (s *Sandbox) authorizeManagement(r *http.Request) (caller, *failure) {
	g, f := s.authorize(r)
	if f != nil {
		return caller{}, f
	}
	c := caller{partner: g.unit.partner}

	s.mu.RLock()
	defer s.mu.RUnlock()
	st := s.st
	if c.partner == "" {
		c.merchant = st.units[g.unit].Merchant
	}
	msn := merchantSerialNumberHeader(r.Header)
	switch {
	case msn == "":
		return c, nil
	case keys.CheckMerchantSerialNumber(msn) != "":
		return caller{}, managementProblem(http.StatusBadRequest,
			HeaderMerchantSerialNumber+" "+keys.ProblemMerchantSerialNumber+".")
	case c.partner != "":
		u, ok := st.units[unitKey{environment: keys.EnvironmentProduction, msn: msn}]
		if !ok || u.Kind != KindAPI || !st.isConnected(c.partner, u.Merchant) {
			return caller{}, managementProblem(http.StatusForbidden,
				"Sales unit "+msn+" is not connected to the partner. Check the Merchant-Serial-Number header.")
		}
	case msn != g.unit.msn:
		return caller{}, managementProblem(http.StatusForbidden,
			"Merchant-Serial-Number "+msn+" is not the sales unit of these API keys.")
	}
	return c, nil
}

// partnerOnly refuses sales unit keys on the endpoints that only partner keys may call.
func partnerOnly(c caller, what string) *failure {
	if c.partner != "" {
		return nil
	}
	return managementProblem(http.StatusForbidden,
		"Only partner keys can "+what+". Sales unit keys can read only their own merchant's sales units.")
}

// visibleUnit reports whether c may see the production sales unit u: an active API unit of an
// active merchant that is c's own merchant (sales unit keys) or connected to c (partner keys).
// Vippsnummer units have no API keys and never appear.
func (st *state) visibleUnit(c caller, u SalesUnit) bool {
	if u.Environment != keys.EnvironmentProduction || u.Kind != KindAPI || !u.isActive() {
		return false
	}
	m, ok := st.merchant(u.Merchant)
	if !ok || m.Status != MerchantActive {
		return false
	}
	return st.visibleMerchant(c, u.Merchant)
}

// visibleMerchant reports whether c may read the merchant: its own, or a connected one.
func (st *state) visibleMerchant(c caller, bi BusinessIdentifier) bool {
	if c.partner != "" {
		return st.isConnected(c.partner, bi)
	}
	return c.merchant != (BusinessIdentifier{}) && c.merchant == bi
}

// visibleUnits returns the units c may see, optionally only one merchant's, by MSN.
func (st *state) visibleUnits(c caller, only *BusinessIdentifier) []apiMsnInfo {
	var units []SalesUnit
	for _, u := range st.units {
		if (only == nil || u.Merchant == *only) && st.visibleUnit(c, u) {
			units = append(units, u)
		}
	}
	slices.SortFunc(units, func(a, b SalesUnit) int {
		return compareUnits(unitKey{environment: a.Environment, msn: a.MerchantSerialNumber},
			unitKey{environment: b.Environment, msn: b.MerchantSerialNumber})
	})
	out := make([]apiMsnInfo, 0, len(units)) // an empty list is [], never null
	for _, u := range units {
		out = append(out, apiMsnInfo{MSN: u.MerchantSerialNumber, Name: u.Name})
	}
	return out
}

// Handlers.

func (s *Sandbox) handleSalesUnits(w http.ResponseWriter, _ *http.Request, c caller) *failure {
	s.mu.RLock()
	units := s.st.visibleUnits(c, nil)
	s.mu.RUnlock()
	writeManagement(w, http.StatusOK, units)
	return nil
}

func (s *Sandbox) handleSalesUnit(w http.ResponseWriter, r *http.Request, c caller) *failure {
	msn := r.PathValue("msn")
	if p := keys.CheckMerchantSerialNumber(msn); p != "" {
		return managementProblem(http.StatusBadRequest, "The MSN "+p+".")
	}
	s.mu.RLock()
	u, ok := s.st.units[unitKey{environment: keys.EnvironmentProduction, msn: msn}]
	ok = ok && s.st.visibleUnit(c, u)
	s.mu.RUnlock()
	if !ok {
		// One answer for missing, inactive, of a deactivated merchant and not connected: the
		// API does not say which (§3.2).
		return managementProblem(http.StatusNotFound, "Sales unit "+msn+" was not found, or is not active.")
	}
	writeManagement(w, http.StatusOK, apiSalesUnit{
		MSN:                u.MerchantSerialNumber,
		Name:               u.Name,
		BusinessIdentifier: toAPIBusinessIdentifier(u.Merchant),
		Configuration:      toAPIConfiguration(u.Configuration),
	})
	return nil
}

// businessIdentifierOf reads {scheme}/{id} from the path.
func businessIdentifierOf(r *http.Request) (BusinessIdentifier, *failure) {
	bi := BusinessIdentifier{Scheme: r.PathValue("scheme"), ID: r.PathValue("id")}
	if err := bi.check(); err != nil {
		return BusinessIdentifier{}, managementProblem(http.StatusBadRequest, "Invalid business identifier: "+err.Error()+".")
	}
	return bi, nil
}

func (s *Sandbox) handleMerchant(w http.ResponseWriter, r *http.Request, c caller) *failure {
	bi, f := businessIdentifierOf(r)
	if f != nil {
		return f
	}
	s.mu.RLock()
	m, ok := s.st.merchant(bi)
	ok = ok && s.st.visibleMerchant(c, bi)
	s.mu.RUnlock()
	if !ok {
		// Not connected is answered like not found, so a partner learns nothing about
		// merchants it does not serve (the API's strict sharing rules).
		return managementProblem(http.StatusNotFound, "Merchant "+bi.String()+" was not found.")
	}
	// A deactivated merchant is still answered: its status says so.
	writeManagement(w, http.StatusOK, toAPIMerchant(m))
	return nil
}

func (s *Sandbox) handleMerchantSalesUnits(w http.ResponseWriter, r *http.Request, c caller) *failure {
	bi, f := businessIdentifierOf(r)
	if f != nil {
		return f
	}
	s.mu.RLock()
	units := s.st.visibleUnits(c, &bi)
	s.mu.RUnlock()
	if len(units) == 0 {
		return managementProblem(http.StatusNotFound, "Merchant "+bi.String()+" has no active sales units connected to the caller.")
	}
	writeManagement(w, http.StatusOK, units)
	return nil
}

func (s *Sandbox) handlePricePackages(w http.ResponseWriter, _ *http.Request, c caller) *failure {
	s.mu.RLock()
	out := []apiPricePackage{}
	for _, p := range s.st.pricePackages {
		if p.PartnerID == c.partner {
			out = append(out, toAPIPricePackage(p))
		}
	}
	s.mu.RUnlock()
	writeManagement(w, http.StatusOK, out)
	return nil
}

func (s *Sandbox) handleCreateProductOrder(w http.ResponseWriter, r *http.Request, c caller) *failure {
	key := r.Header.Get(HeaderIdempotencyKey)
	if management.CheckIdempotencyKey(key) != "" {
		return managementProblem(http.StatusBadRequest,
			"The Idempotency-Key header is required: 1 to 50 letters, digits and hyphens.",
			problemExtra{Key: HeaderIdempotencyKey, Value: "must match " + management.IdempotencyKeyPattern})
	}
	req, digest, f := decodeProductOrderRequest(w, r)
	if f != nil {
		return f
	}

	now := s.clock.Now()
	n := newOrder{partnerID: c.partner, idempotencyKey: key, digest: digest}
	s.mu.Lock()
	// A key answers as it first did: the same order again, the same refusal again (a 4xx stays
	// a 4xx for its key), or 409 for another body, whether that body is valid or not.
	_, answered, refused, err := s.st.earlierAnswer(n)
	if !answered && refused == nil && err == nil {
		if refused = req.problems(s.st.partnerPackages(c.partner)); len(refused) > 0 {
			s.st.refuseOrder(n, refused)
		}
	}
	if refused != nil {
		s.mu.Unlock()
		return invalidProductOrder(refused)
	}
	var o ProductOrder
	if err == nil {
		n.order = req.order(uuid.NewString(), now) // valid, or it was refused above
		o, _, err = s.st.createOrder(n)
	}
	s.mu.Unlock()
	if err != nil {
		return managementProblem(http.StatusConflict, "The Idempotency-Key "+key+
			" was already used with a different request body (one that made an order, or one refused as invalid: "+
			"a refusal stays a refusal for its key). Use a new key for a new product order.")
	}
	// A replay answers exactly as the first request was answered: 201 with the same order.
	writeManagement(w, http.StatusCreated, apiProductOrderResponse{PrefilledOrderID: o.ID, PrefillURL: prefillURL(o.ID)})
	return nil
}

// partnerPackages is the set of a partner's price package IDs.
func (st *state) partnerPackages(partnerID string) map[string]bool {
	out := map[string]bool{}
	for _, p := range st.pricePackages {
		if p.PartnerID == partnerID {
			out[strings.ToLower(p.ID)] = true
		}
	}
	return out
}

// numericOrderID is the v1 product order id of spec 1.1.6, which never shipped.
var numericOrderID = regexp.MustCompile(`^\d{3,10}$`)

// neverShippedOrderID answers DELETE /management/v1/product-orders/{numeric id}, the
// never-shipped v1 endpoint, as the gateway does: 404 in its own shape.
func neverShippedOrderID(r *http.Request) *failure {
	if !numericOrderID.MatchString(r.PathValue("productOrderId")) {
		return nil
	}
	return apimError(http.StatusNotFound, apimNotFound).
		because("the v1 product order endpoints with numeric ids were proposed in spec 1.1.6 and never shipped")
}

// orderIDOf reads {productOrderId} from the path, which is a UUID.
func orderIDOf(r *http.Request) (string, *failure) {
	id := r.PathValue("productOrderId")
	if management.CheckUUID(id) != "" {
		return "", managementProblem(http.StatusBadRequest, "The product order id must be a UUID.")
	}
	return id, nil
}

func (s *Sandbox) handleDeleteProductOrder(w http.ResponseWriter, r *http.Request, c caller) *failure {
	id, f := orderIDOf(r)
	if f != nil {
		return f
	}
	now := s.clock.Now()
	s.mu.Lock()
	status, err := s.st.deleteOrder(c.partner, id, now)
	s.mu.Unlock()
	switch {
	case err == nil:
		w.WriteHeader(http.StatusOK) // 200 with no body, as the spec says
		return nil
	case errors.Is(err, ErrNotFound):
		return managementProblem(http.StatusNotFound, "Product order "+id+" was not found.")
	default:
		// Spec 2.0.9 lists 400, 401, 403, 404 and 500 for this operation, and no 409, so a
		// submitted, completed, rejected or expired order is a 400. extraDetails says which.
		return managementProblem(http.StatusBadRequest,
			"Product order "+id+" can no longer be deleted: only an order the merchant has not submitted can be. Its status is "+status+".",
			problemExtra{Key: "status", Value: status})
	}
}

// productOrder returns a partner's order with its status at the sandbox clock.
func (s *Sandbox) productOrder(partnerID, id string) (ProductOrder, bool) {
	now := s.clock.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, ok := s.st.order(partnerID, id)
	o.Status = o.statusAt(now)
	return o, ok
}

func (s *Sandbox) handleProductOrders(w http.ResponseWriter, r *http.Request, c caller) *failure {
	// Not in spec 2.0.9, but in the 2026 docs (§3.2): EXPIRED orders only when asked for.
	includeExpired := false
	if v := r.URL.Query().Get("includeExpired"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return managementProblem(http.StatusBadRequest, "includeExpired must be true or false.")
		}
		includeExpired = b
	}
	now := s.clock.Now()
	out := []apiProductOrderDetails{}
	s.mu.RLock()
	for _, o := range s.st.orders {
		if o.PartnerID != c.partner || o.Deleted {
			continue
		}
		o.Status = o.statusAt(now)
		if o.Status == OrderStatusExpired && !includeExpired {
			continue
		}
		out = append(out, s.st.orderDetails(o))
	}
	s.mu.RUnlock()
	writeManagement(w, http.StatusOK, out)
	return nil
}

func (s *Sandbox) handleProductOrderDetails(w http.ResponseWriter, r *http.Request, c caller) *failure {
	id, f := orderIDOf(r)
	if f != nil {
		return f
	}
	o, ok := s.productOrder(c.partner, id)
	if !ok {
		return managementProblem(http.StatusNotFound, "Product order "+id+" was not found.")
	}
	s.mu.RLock()
	details := s.st.orderDetails(o)
	s.mu.RUnlock()
	writeManagement(w, http.StatusOK, details)
	return nil
}

// orderDetails is ProductOrderDetailsResponseV2 of an order whose Status is already the
// status at now.
func (st *state) orderDetails(o ProductOrder) apiProductOrderDetails {
	d := apiProductOrderDetails{
		ProductOrderType:   o.Type,
		ProductOrderID:     o.ID,
		ProductType:        o.ProductType,
		Status:             o.Status,
		BusinessIdentifier: toAPIBusinessIdentifier(o.BusinessIdentifier),
	}
	if o.Type == OrderTypePrefill {
		d.ProductOrderURL = ptr(prefillURL(o.ID))
	}
	if o.Status == OrderStatusCompleted {
		u := st.units[unitKey{environment: keys.EnvironmentProduction, msn: o.SalesUnitMSN}]
		d.SalesUnit = &apiMsnInfo{MSN: o.SalesUnitMSN, Name: cmp.Or(u.Name, defaultSalesUnitName(o.SalesUnitMSN))}
	}
	return d
}
