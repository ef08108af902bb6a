// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
)

// This file holds the Management API's part of Data: merchants, partners with their keys and
// connections, price packages and product orders. Field names are snake_case like the rest of
// Data; the API's camelCase shapes live in management.go.

// Merchant statuses.
const (
	MerchantActive      = "ACTIVE"
	MerchantDeactivated = "DEACTIVATED"
)

// Capture types of a sales unit.
const (
	CaptureTypeReserve       = "ReserveCapture"
	CaptureTypeDirect        = "DirectCapture"
	CaptureTypeNotApplicable = "NotApplicable"
)

// Product types, product order statuses and types, and the order lifetime are the Management
// API's own (package management); these names keep the sandbox's data vocabulary in one place.
const (
	ProductTypePaymentIntegration = management.ProductTypePaymentIntegration
	ProductTypeCashier            = management.ProductTypeCashier
	ProductTypeCheckout           = management.ProductTypeCheckout
	ProductTypeLogin              = management.ProductTypeLogin
	ProductTypeDonations          = management.ProductTypeDonations

	OrderStatusReceived       = management.OrderStatusReceived
	OrderStatusMerchantViewed = management.OrderStatusMerchantViewed
	OrderStatusSubmitted      = management.OrderStatusSubmitted
	OrderStatusCompleted      = management.OrderStatusCompleted
	OrderStatusRejected       = management.OrderStatusRejected
	OrderStatusExpired        = management.OrderStatusExpired

	OrderTypePrefill  = management.OrderTypePrefill
	OrderTypeTemplate = management.OrderTypeTemplate
	OrderTypeManual   = management.OrderTypeManual

	ProductOrderLifetime = management.ProductOrderLifetime
)

// ProductTypes lists the valid product types, in the spec's order.
func ProductTypes() []string { return management.ProductTypes() }

// OrderStatuses lists every product order status, in lifecycle order.
func OrderStatuses() []string { return management.OrderStatuses() }

// BusinessIdentifier names a merchant: a scheme such as business:NO:ORG and the organization
// number in it.
type BusinessIdentifier struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

func (b BusinessIdentifier) String() string { return b.Scheme + " " + b.ID }

func (b BusinessIdentifier) check() error {
	if p := management.CheckScheme(b.Scheme); p != "" {
		return fmt.Errorf("scheme %s", p)
	}
	if p := management.CheckBusinessID(b.ID); p != "" {
		return fmt.Errorf("id %s", p)
	}
	return nil
}

// countryCode is the country of the scheme ("business:NO:ORG" → "NO"), or "".
func (b BusinessIdentifier) countryCode() string {
	parts := strings.Split(b.Scheme, ":")
	if len(parts) >= 2 && countryCodePattern.MatchString(parts[1]) {
		return parts[1]
	}
	return ""
}

var countryCodePattern = regexp.MustCompile(`^[A-Z]{2}$`)

// Merchant is a company with sales units.
type Merchant struct {
	BusinessIdentifier BusinessIdentifier `json:"business_identifier"`
	Name               string             `json:"name"`
	// Status is MerchantActive or MerchantDeactivated. A deactivated merchant can still be
	// read, but its sales units are answered as not found.
	Status              string    `json:"status"`
	CountryCode         string    `json:"country_code"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
	BusinessAddress     *Address  `json:"business_address,omitempty"`
	BusinessPostAddress *Address  `json:"business_post_address,omitempty"`
}

// Address is a merchant's street or post address.
type Address struct {
	Lines       []string `json:"lines"`
	PostCode    string   `json:"post_code,omitempty"`
	City        string   `json:"city,omitempty"`
	CountryCode string   `json:"country_code,omitempty"`
}

func (m Merchant) clone() Merchant {
	m.BusinessAddress = m.BusinessAddress.clone()
	m.BusinessPostAddress = m.BusinessPostAddress.clone()
	return m
}

func (a *Address) clone() *Address {
	if a == nil {
		return nil
	}
	c := *a
	c.Lines = slices.Clone(a.Lines)
	return &c
}

func (m Merchant) check() error {
	if err := m.BusinessIdentifier.check(); err != nil {
		return fmt.Errorf("business_identifier: %w", err)
	}
	if p := management.CheckName(m.Name, management.NameMaxLength); p != "" {
		return fmt.Errorf("name %s", p)
	}
	if m.Status != MerchantActive && m.Status != MerchantDeactivated {
		return fmt.Errorf("status must be %q or %q", MerchantActive, MerchantDeactivated)
	}
	if !countryCodePattern.MatchString(m.CountryCode) {
		return fmt.Errorf("country_code must be two capital letters (NO, DK, FI)")
	}
	for _, a := range []*Address{m.BusinessAddress, m.BusinessPostAddress} {
		if err := a.check(); err != nil {
			return err
		}
	}
	return nil
}

func (a *Address) check() error {
	if a == nil {
		return nil
	}
	for _, l := range a.Lines {
		if utf8.RuneCountInString(l) > 30 || strings.ContainsFunc(l, unicode.IsControl) {
			return fmt.Errorf("address lines must be at most 30 characters, with no control characters")
		}
	}
	if utf8.RuneCountInString(a.PostCode) > 20 || utf8.RuneCountInString(a.City) > 30 {
		return fmt.Errorf("address post_code must be at most 20 characters and city at most 30")
	}
	if a.CountryCode != "" && !countryCodePattern.MatchString(a.CountryCode) {
		return fmt.Errorf("address country_code must be two capital letters")
	}
	return nil
}

// SalesUnitConfiguration is a sales unit's flags. A nil flag is unknown, which the API says is
// not the same as false.
type SalesUnitConfiguration struct {
	PaymentAllowed               *bool  `json:"payment_allowed,omitempty"`
	CaptureType                  string `json:"capture_type,omitempty"`
	SkipLandingPageAllowed       *bool  `json:"skip_landing_page_allowed,omitempty"`
	RecurringAllowed             *bool  `json:"recurring_allowed,omitempty"`
	PartialCaptureAllowed        *bool  `json:"partial_capture_allowed,omitempty"`
	LateCaptureAllowed           *bool  `json:"late_capture_allowed,omitempty"`
	LandingPagePhoneNumberLocked *bool  `json:"landing_page_phone_number_locked,omitempty"`
	LongLivingPaymentAllowed     *bool  `json:"long_living_payment_allowed,omitempty"`
	CreditCardPaymentAllowed     *bool  `json:"credit_card_payment_allowed,omitempty"`
}

func (c SalesUnitConfiguration) clone() SalesUnitConfiguration {
	for _, p := range c.flags() {
		*p = cloneBool(*p)
	}
	return c
}

// flags points at every flag field, so clone cannot miss one.
func (c *SalesUnitConfiguration) flags() []**bool {
	return []**bool{
		&c.PaymentAllowed, &c.SkipLandingPageAllowed, &c.RecurringAllowed, &c.PartialCaptureAllowed,
		&c.LateCaptureAllowed, &c.LandingPagePhoneNumberLocked, &c.LongLivingPaymentAllowed,
		&c.CreditCardPaymentAllowed,
	}
}

func (c SalesUnitConfiguration) check() error {
	switch c.CaptureType {
	case "", CaptureTypeReserve, CaptureTypeDirect, CaptureTypeNotApplicable:
		return nil
	}
	return fmt.Errorf("capture_type must be %q, %q or %q", CaptureTypeReserve, CaptureTypeDirect, CaptureTypeNotApplicable)
}

func cloneBool(p *bool) *bool {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func ptr[T any](v T) *T { return &v }

func cloneEach[T any](in []T, clone func(T) T) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = clone(v)
	}
	return out
}

// Partner is a partner (an integrator or a platform) that onboards and serves merchants. It
// sees every sales unit of the merchants it is connected to.
type Partner struct {
	ID        string               `json:"partner_id"`
	Name      string               `json:"name"`
	Merchants []BusinessIdentifier `json:"merchants"`
}

func (p Partner) clone() Partner {
	p.Merchants = slices.Clone(p.Merchants)
	return p
}

var partnerIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,49}$`)

// PartnerKeySet is a partner's API keys: the same attributes as a sales unit's key set, with
// no merchant_serial_number (partner keys serve every connected sales unit) and production as
// the only environment (partner keys exist only there).
type PartnerKeySet struct {
	PartnerID string `json:"partner_id"`
	keys.KeySet
}

// check returns what is wrong with a partner key set, in package keys' words.
func (p PartnerKeySet) check() error {
	var problems []keys.Problem
	for _, pr := range p.Problems() {
		if pr.Attribute != keys.AttrMerchantSerialNumber {
			problems = append(problems, pr)
		}
	}
	if len(problems) > 0 {
		return &KeySetError{Problems: problems}
	}
	if p.MerchantSerialNumber != "" {
		return fmt.Errorf("a partner key set has no %s: partner keys serve every connected sales unit", keys.AttrMerchantSerialNumber)
	}
	if p.Environment != keys.EnvironmentProduction {
		return fmt.Errorf("partner keys exist only in %s", keys.EnvironmentProduction)
	}
	return nil
}

// PricePackage is one of a partner's price packages.
type PricePackage struct {
	PartnerID           string `json:"partner_id"`
	ID                  string `json:"price_package_id"`
	Name                string `json:"name"`
	Description         string `json:"description"`
	VisibleInSignupForm bool   `json:"visible_in_signup_form"`
	ProductType         string `json:"product_type"`
	Market              string `json:"market"`
	// Commission is shown as is ("30 %"); empty is answered as null.
	Commission string `json:"commission,omitempty"`
}

func (p PricePackage) check() error {
	switch {
	case management.CheckUUID(p.ID) != "":
		return fmt.Errorf("price_package_id %s", management.ProblemUUID)
	case management.CheckName(p.Name, 30) != "":
		return fmt.Errorf("name %s", management.CheckName(p.Name, 30))
	case p.Description == "" || utf8.RuneCountInString(p.Description) > 6:
		return fmt.Errorf("description must be 1 to 6 characters (for example 2.99%%)")
	case p.ProductType != "" && !slices.Contains(ProductTypes(), p.ProductType):
		return fmt.Errorf("product_type must be one of %s", strings.Join(ProductTypes(), ", "))
	case p.Market != "" && !slices.Contains(management.Markets(), p.Market):
		return fmt.Errorf("market must be NO, DK or FI")
	}
	return nil
}

// ProductOrder is a product order naming a partner. Status is the stored status; whether it
// has expired is computed from CreatedAt on the sandbox clock when it is read.
type ProductOrder struct {
	ID                 string             `json:"product_order_id"`
	PartnerID          string             `json:"partner_id"`
	Type               string             `json:"product_order_type"`
	BusinessIdentifier BusinessIdentifier `json:"business_identifier"`
	ProductType        string             `json:"product_type"`
	SalesUnitName      string             `json:"sales_unit_name,omitempty"`
	PricePackageID     string             `json:"price_package_id,omitempty"`
	HasRecurring       bool               `json:"has_recurring,omitempty"`
	Status             string             `json:"status"`
	CreatedAt          time.Time          `json:"created_at"`
	// SalesUnitMSN is the production sales unit a COMPLETED order created.
	SalesUnitMSN string `json:"sales_unit_msn,omitempty"`
	// IdempotencyKey and RequestDigest (SHA-256 of the canonical request body) let a repeated
	// POST replay this order, and a reused key with another body be refused.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	RequestDigest  string `json:"request_digest,omitempty"`
	// Deleted orders are gone for the API but still answer a replayed POST with their key.
	Deleted bool `json:"deleted,omitempty"`
}

func (o ProductOrder) check() error {
	switch {
	case management.CheckUUID(o.ID) != "":
		return fmt.Errorf("product_order_id %s", management.ProblemUUID)
	case !slices.Contains(management.OrderTypes(), o.Type):
		return fmt.Errorf("product_order_type must be %s, %s or %s", OrderTypePrefill, OrderTypeTemplate, OrderTypeManual)
	case !slices.Contains(ProductTypes(), o.ProductType):
		return fmt.Errorf("product_type must be one of %s", strings.Join(ProductTypes(), ", "))
	case !slices.Contains(OrderStatuses(), o.Status):
		return fmt.Errorf("status must be one of %s", strings.Join(OrderStatuses(), ", "))
	case (o.Status == OrderStatusCompleted) != (o.SalesUnitMSN != ""):
		return fmt.Errorf("sales_unit_msn is set exactly when the status is %s", OrderStatusCompleted)
	case o.IdempotencyKey != "" && management.CheckIdempotencyKey(o.IdempotencyKey) != "":
		return fmt.Errorf("idempotency_key %s", management.ProblemIdempotencyKey)
	}
	if err := o.BusinessIdentifier.check(); err != nil {
		return fmt.Errorf("business_identifier: %w", err)
	}
	return nil
}

// statusAt is the order's status at now (see management.OrderStatusAt).
func (o ProductOrder) statusAt(now time.Time) string {
	return management.OrderStatusAt(o.Status, o.CreatedAt, now)
}
