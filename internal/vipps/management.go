// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
)

// The Management API (production only): sales units, merchants, a partner's price packages and
// prefilled product orders. Every call takes the caller's Credentials:
//
//   - sales unit keys see only their own merchant's sales units;
//   - partner keys see every sales unit of the merchants connected to the partner, and are the
//     only keys that may read price packages and create, list or delete product orders. With
//     MerchantSerialNumber set they act for that (connected) sales unit.
//
// The calls that read sales units and merchants send Merchant-Serial-Number from the
// credentials, as the API advises; the partner-level calls (price packages, product orders)
// do not, because they act for the partner, not for one sales unit.

// BusinessIdentifier names a merchant: a scheme ("business:NO:ORG", "business:DK:CVR",
// "business:FI:Y-tunnus") and the organization number in it.
type BusinessIdentifier struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

// MsnInfo is a sales unit in a list: its MSN and name.
type MsnInfo struct {
	MerchantSerialNumber string
	Name                 string
}

// SalesUnit is one sales unit's details.
type SalesUnit struct {
	MerchantSerialNumber string
	Name                 string
	BusinessIdentifier   BusinessIdentifier
	Configuration        SalesUnitConfiguration
}

// SalesUnitConfiguration holds a sales unit's flags. A nil flag is one the API did not send,
// which it says does not mean false.
type SalesUnitConfiguration struct {
	PaymentAllowed               *bool  `json:"paymentAllowed"`
	CaptureType                  string `json:"captureType"` // ReserveCapture, DirectCapture or NotApplicable
	SkipLandingPageAllowed       *bool  `json:"skipLandingPageAllowed"`
	RecurringAllowed             *bool  `json:"recurringAllowed"`
	PartialCaptureAllowed        *bool  `json:"partialCaptureAllowed"`
	LateCaptureAllowed           *bool  `json:"lateCaptureAllowed"`
	LandingPagePhoneNumberLocked *bool  `json:"landingPagePhoneNumberLocked"`
	LongLivingPaymentAllowed     *bool  `json:"longLivingPaymentAllowed"`
	CreditCardPaymentAllowed     *bool  `json:"creditCardPaymentAllowed"`
}

// Merchant is a merchant's basic information.
type Merchant struct {
	BusinessIdentifier BusinessIdentifier `json:"businessIdentifier"`
	Name               string             `json:"name"`
	Status             string             `json:"status"` // ACTIVE or DEACTIVATED
	CountryCode        string             `json:"countryCode"`
	// CreatedAt and UpdatedAt are passed on as the API sends them (ISO 8601). They are not
	// parsed, so an odd value (the spec's own example is "2023-31-12T…") cannot fail a read.
	CreatedAt           string   `json:"createdAt"`
	UpdatedAt           string   `json:"updatedAt"`
	BusinessAddress     *Address `json:"businessAddress"`
	BusinessPostAddress *Address `json:"businessPostAddress"`
}

// Address is a merchant's street or post address. Lines may be empty.
type Address struct {
	Lines       []string `json:"lines"`
	PostCode    string   `json:"postCode"`
	City        string   `json:"city"`
	CountryCode string   `json:"countryCode"`
}

// PricePackage is one of a partner's price packages.
type PricePackage struct {
	ID                  string `json:"pricePackageId"`
	Name                string `json:"name"`
	Description         string `json:"description"` // a short price summary, e.g. "2.99%"
	VisibleInSignupForm bool   `json:"visibleInSignupForm"`
	ProductType         string `json:"productType"`
	Market              string `json:"market"` // NO, DK or FI
	Commission          string `json:"commission"`
}

// ProductOrderRequest prefills a product order for a merchant. Only BusinessIdentifier and
// ProductType are required; empty optional fields are left out of the request.
type ProductOrderRequest struct {
	BusinessIdentifier       BusinessIdentifier `json:"businessIdentifier"`
	ProductType              string             `json:"productType"` // PAYMENT_INTEGRATION, CASHIER, CHECKOUT, LOGIN or DONATIONS
	SalesUnitName            string             `json:"salesUnitName,omitempty"`
	SalesUnitLogo            string             `json:"salesUnitLogo,omitempty"` // base64 PNG
	SettlementBankAccount    *BankAccount       `json:"settlementBankAccount,omitempty"`
	PricePackageID           string             `json:"pricePackageId,omitempty"`
	ProductUseCase           string             `json:"productUseCase,omitempty"` // Website, WebsiteWithTest, App or Unknown
	AnnualTurnover           *int64             `json:"annualTurnover,omitempty"`
	AnnualTurnoverPercentage string             `json:"annualTurnoverPercentage,omitempty"` // "10", "20", ..., "100"
	IntendedPurpose          string             `json:"intendedPurpose,omitempty"`
	App                      *App               `json:"app,omitempty"`
	Website                  *Website           `json:"website,omitempty"`
	HasRecurring             *bool              `json:"hasRecurring,omitempty"`
	MerchantCategoryCode     string             `json:"merchantCategoryCode,omitempty"`
}

// BankAccount is a settlement account: scheme BBAN:NO, BBAN:DK or BBAN:FI (no IBAN).
type BankAccount struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

// App names the app of a product order with use case App.
type App struct {
	AppName string `json:"appName"`
}

// Website is the merchant's website; every URL must use HTTPS.
type Website struct {
	URL                 string `json:"url"`
	TermsURL            string `json:"termsUrl"`
	TestWebsiteURL      string `json:"testWebsiteUrl,omitempty"`
	TestWebsiteUsername string `json:"testWebsiteUsername,omitempty"`
	TestWebsitePassword string `json:"testWebsitePassword,omitempty"`
}

// ProductOrderResponse is a created product order: its id and the URL the merchant opens to
// submit it (valid for 14 days).
type ProductOrderResponse struct {
	ID         string `json:"prefilledOrderId"`
	PrefillURL string `json:"prefillUrl"`
}

// ProductOrderDetails is a product order as the partner sees it.
type ProductOrderDetails struct {
	Type               string // PREFILL, TEMPLATE or MANUAL
	ID                 string
	ProductType        string
	Status             string // RECEIVED, MERCHANT_VIEWED, ORDER_SUBMITTED, COMPLETED, REJECTED or EXPIRED
	BusinessIdentifier BusinessIdentifier
	URL                string // the prefill URL; empty for TEMPLATE and MANUAL orders
	// SalesUnit is the sales unit the order created; set only once it is COMPLETED.
	SalesUnit *MsnInfo
}

// Wire shapes, where the API's answers vary: guide examples print an MSN as a JSON number.

type msnInfoBody struct {
	MSN  flexString `json:"msn"`
	Name string     `json:"name"`
}

func (b msnInfoBody) info() MsnInfo {
	return MsnInfo{MerchantSerialNumber: string(b.MSN), Name: b.Name}
}

type salesUnitBody struct {
	MSN                flexString             `json:"msn"`
	Name               string                 `json:"name"`
	BusinessIdentifier BusinessIdentifier     `json:"businessIdentifier"`
	Configuration      SalesUnitConfiguration `json:"configuration"`
}

type productOrderDetailsBody struct {
	ProductOrderType   string             `json:"productOrderType"`
	ProductOrderID     string             `json:"productOrderId"`
	ProductType        string             `json:"productType"`
	Status             string             `json:"status"`
	BusinessIdentifier BusinessIdentifier `json:"businessIdentifier"`
	ProductOrderURL    string             `json:"productOrderUrl"`
	SalesUnit          *msnInfoBody       `json:"salesUnit"`
}

func (b productOrderDetailsBody) details() ProductOrderDetails {
	d := ProductOrderDetails{
		Type:               b.ProductOrderType,
		ID:                 b.ProductOrderID,
		ProductType:        b.ProductType,
		Status:             b.Status,
		BusinessIdentifier: b.BusinessIdentifier,
		URL:                b.ProductOrderURL,
	}
	if b.SalesUnit != nil {
		su := b.SalesUnit.info()
		d.SalesUnit = &su
	}
	return d
}

// SalesUnits lists every sales unit the credentials reach.
func (c *Client) SalesUnits(ctx context.Context, creds Credentials) ([]MsnInfo, error) {
	var body []msnInfoBody
	err := c.management(ctx, creds, request{
		operation: "list sales units", method: http.MethodGet,
		path: "/management/v1/sales-units", msn: creds.MerchantSerialNumber,
	}, &body)
	if err != nil {
		return nil, err
	}
	return msnInfos(body), nil
}

// SalesUnit reads one sales unit. ErrNotFound means it does not exist, is inactive, belongs to
// a deactivated merchant or is out of the credentials' reach: the API does not say which.
func (c *Client) SalesUnit(ctx context.Context, creds Credentials, msn string) (SalesUnit, error) {
	if msn == "" {
		return SalesUnit{}, fmt.Errorf("read sales unit: %w: the MSN is empty", ErrBadRequest)
	}
	var body salesUnitBody
	err := c.management(ctx, creds, request{
		operation: "read sales unit " + msn, method: http.MethodGet,
		path: "/management/v1/sales-units/" + url.PathEscape(msn), msn: creds.MerchantSerialNumber,
	}, &body)
	if err != nil {
		return SalesUnit{}, err
	}
	return SalesUnit{
		MerchantSerialNumber: string(body.MSN),
		Name:                 body.Name,
		BusinessIdentifier:   body.BusinessIdentifier,
		Configuration:        body.Configuration,
	}, nil
}

// Merchant reads a merchant by business identifier.
func (c *Client) Merchant(ctx context.Context, creds Credentials, bi BusinessIdentifier) (Merchant, error) {
	path, err := merchantPath("read merchant", bi)
	if err != nil {
		return Merchant{}, err
	}
	var m Merchant
	err = c.management(ctx, creds, request{
		operation: "read merchant " + bi.Scheme + " " + bi.ID, method: http.MethodGet,
		path: path, msn: creds.MerchantSerialNumber,
	}, &m)
	return m, err
}

// MerchantSalesUnits lists a merchant's sales units the credentials reach. ErrNotFound means
// the merchant has none that are active and reachable.
func (c *Client) MerchantSalesUnits(ctx context.Context, creds Credentials, bi BusinessIdentifier) ([]MsnInfo, error) {
	path, err := merchantPath("list the merchant's sales units", bi)
	if err != nil {
		return nil, err
	}
	var body []msnInfoBody
	err = c.management(ctx, creds, request{
		operation: "list the sales units of merchant " + bi.Scheme + " " + bi.ID, method: http.MethodGet,
		path: path + "/sales-units", msn: creds.MerchantSerialNumber,
	}, &body)
	if err != nil {
		return nil, err
	}
	return msnInfos(body), nil
}

// PricePackages lists the partner's price packages (partner keys only).
func (c *Client) PricePackages(ctx context.Context, creds Credentials) ([]PricePackage, error) {
	var out []PricePackage
	err := c.management(ctx, creds, request{
		operation: "list price packages", method: http.MethodGet, path: "/management/v1/partners/price-packages",
	}, &out)
	if err != nil {
		return nil, err
	}
	return nonNil(out), nil
}

// CreateProductOrder prefills a product order (partner keys only). The idempotency key makes
// the call safe to repeat: every retry, by this client or by a later run, sends the same key,
// and the API answers it with the order the first request made. The same key with another
// request is ErrConflict.
func (c *Client) CreateProductOrder(ctx context.Context, creds Credentials, idempotencyKey string, req ProductOrderRequest) (ProductOrderResponse, error) {
	const operation = "create product order"
	if problem := management.CheckIdempotencyKey(idempotencyKey); problem != "" {
		return ProductOrderResponse{}, fmt.Errorf("%s: %w: the Idempotency-Key %s", operation, ErrBadRequest, problem)
	}
	if req.Website != nil {
		c.redactor.Add(req.Website.TestWebsitePassword)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return ProductOrderResponse{}, fmt.Errorf("%s: %w", operation, err)
	}
	h := http.Header{}
	h.Set("Idempotency-Key", idempotencyKey)
	var out ProductOrderResponse
	err = c.management(ctx, creds, request{
		operation: operation, method: http.MethodPost, path: "/management/v1/product-orders",
		header: h, body: body,
	}, &out)
	return out, err
}

// DeleteProductOrder deletes a product order the merchant has not submitted yet (partner keys
// only). A submitted, completed, rejected or expired order gives ErrBadRequest; an unknown
// (or already deleted) one ErrNotFound.
func (c *Client) DeleteProductOrder(ctx context.Context, creds Credentials, id string) error {
	path, err := productOrderPath("delete product order", "/management/v1/product-orders/", id)
	if err != nil {
		return err
	}
	return c.management(ctx, creds, request{
		operation: "delete product order " + id, method: http.MethodDelete, path: path,
	}, nil)
}

// ProductOrders lists the product orders that name the partner, expired ones included
// (partner keys only; includeExpired is from the 2026 docs, and the spec's API ignores it).
func (c *Client) ProductOrders(ctx context.Context, creds Credentials) ([]ProductOrderDetails, error) {
	var body []productOrderDetailsBody
	if err := c.management(ctx, creds, request{
		operation: "list product orders", method: http.MethodGet, path: "/management/v2/product-orders?includeExpired=true",
	}, &body); err != nil {
		return nil, err
	}
	orders := make([]ProductOrderDetails, len(body))
	for i, b := range body {
		orders[i] = b.details()
	}
	return orders, nil
}

// ProductOrderDetails reads one product order (partner keys only).
func (c *Client) ProductOrderDetails(ctx context.Context, creds Credentials, id string) (ProductOrderDetails, error) {
	path, err := productOrderPath("read product order", "/management/v2/product-orders/", id)
	if err != nil {
		return ProductOrderDetails{}, err
	}
	var body productOrderDetailsBody
	if err := c.management(ctx, creds, request{
		operation: "read product order " + id, method: http.MethodGet, path: path + "/details",
	}, &body); err != nil {
		return ProductOrderDetails{}, err
	}
	return body.details(), nil
}

// management sends a Management API request with the credentials' token and decodes a 2xx
// body into out (unless out is nil).
func (c *Client) management(ctx context.Context, creds Credentials, req request, out any) error {
	resp, err := c.doAuthorized(ctx, creds, req)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(resp.body, out); err != nil {
		// The message says where the answer broke, never what it held.
		msg := "the answer is not the documented JSON"
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			msg += fmt.Sprintf(" (invalid at byte %d)", syn.Offset)
		case errors.As(err, &typ):
			msg += fmt.Sprintf(" (%s is a JSON %s, not a %s)", typ.Field, typ.Value, typ.Type)
		}
		return &APIError{
			Operation: req.operation, Method: req.method, Host: resp.host, Path: resp.path,
			MerchantSerialNumber: req.msn, StatusCode: resp.status, Message: msg, kind: ErrMalformedResponse,
		}
	}
	return nil
}

func merchantPath(operation string, bi BusinessIdentifier) (string, error) {
	if bi.Scheme == "" || bi.ID == "" {
		return "", fmt.Errorf("%s: %w: the business identifier needs a scheme and an id", operation, ErrBadRequest)
	}
	return "/management/v1/merchants/" + url.PathEscape(bi.Scheme) + "/" + url.PathEscape(bi.ID), nil
}

func productOrderPath(operation, prefix, id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("%s: %w: the product order id is empty", operation, ErrBadRequest)
	}
	return prefix + url.PathEscape(id), nil
}

func msnInfos(body []msnInfoBody) []MsnInfo {
	out := make([]MsnInfo, 0, len(body))
	for _, b := range body {
		out = append(out, b.info())
	}
	return out
}

// nonNil turns a JSON null list into an empty one, so callers need not tell them apart.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
