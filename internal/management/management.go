// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package management holds the rules of the Vipps MobilePay Management API that both sides
// check: business identifiers, product types, what a product order may carry (the sales unit
// name among it), idempotency keys, the order lifecycle and its lifetime.
//
// It is to the Management API what package keys is to a key set: the provider's validators and
// the sandbox both call it, so that a value one accepts the other accepts too. It is pure Go
// and knows nothing of Terraform or HTTP. Where spec 2.0.9 and the reference disagree, the
// comment on the rule says which one it follows and why.
//
// A Check function returns "" for a good value, else the problem, worded to follow the
// attribute's name ("must be ..."). Problems never quote the value.
package management

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Business identifier schemes, one per market.
const (
	SchemeNorway  = "business:NO:ORG"
	SchemeDenmark = "business:DK:CVR"
	SchemeFinland = "business:FI:Y-tunnus"
)

// Schemes lists the business identifier schemes of the three markets.
func Schemes() []string { return []string{SchemeNorway, SchemeDenmark, SchemeFinland} }

// Length limits of a business identifier scheme, in characters (spec 2.0.9; 1.1.6 allowed 20).
const (
	SchemeMinLength = 10
	SchemeMaxLength = 30
)

// Problem texts of the business identifier.
var (
	ProblemScheme = fmt.Sprintf("must be %d to %d characters, such as %s", SchemeMinLength, SchemeMaxLength,
		strings.Join(Schemes(), ", "))
	ProblemBusinessID = "must be 4 to 50 digits or hyphens (an organisation number such as 987654321)"
)

// Spec 2.0.9's id pattern. Spec 1.1.6 allowed only 9 digits, which Danish (8) and Finnish
// (7-1, with a hyphen) numbers do not have.
var businessIDPattern = regexp.MustCompile(`^[0-9-]{4,50}$`)

// CheckScheme checks a business identifier's scheme. Any scheme of the right length passes:
// the spec gives the three as examples, not as an enum.
func CheckScheme(s string) string {
	if n := utf8.RuneCountInString(s); n < SchemeMinLength || n > SchemeMaxLength || hasControl(s) {
		return ProblemScheme
	}
	return ""
}

// CheckBusinessID checks a business identifier's id (the organisation number).
func CheckBusinessID(s string) string {
	if !businessIDPattern.MatchString(s) {
		return ProblemBusinessID
	}
	return ""
}

// Product types of spec 2.0.9 (1.1.6 had VIPPS_PA_NETT and others, which are gone).
const (
	ProductTypePaymentIntegration = "PAYMENT_INTEGRATION"
	ProductTypeCashier            = "CASHIER"
	ProductTypeCheckout           = "CHECKOUT"
	ProductTypeLogin              = "LOGIN"
	ProductTypeDonations          = "DONATIONS"
)

// ProductTypes lists the valid product types, in the spec's order.
func ProductTypes() []string {
	return []string{
		ProductTypePaymentIntegration, ProductTypeCashier, ProductTypeCheckout,
		ProductTypeLogin, ProductTypeDonations,
	}
}

// ProductUseCases lists the valid productUseCase values (Unknown is for point of sale).
func ProductUseCases() []string { return []string{"Website", "WebsiteWithTest", "App", "Unknown"} }

// BankAccountSchemes lists the settlement bank account schemes (IBAN is not supported).
func BankAccountSchemes() []string { return []string{"BBAN:NO", "BBAN:DK", "BBAN:FI"} }

// Markets are the price package markets.
func Markets() []string { return []string{"NO", "DK", "FI"} }

// CheckProductType checks a productType.
func CheckProductType(s string) string { return oneOf(s, ProductTypes()) }

// CheckProductUseCase checks a productUseCase.
func CheckProductUseCase(s string) string { return oneOf(s, ProductUseCases()) }

// CheckBankAccountScheme checks a settlement bank account's scheme.
func CheckBankAccountScheme(s string) string {
	if !slices.Contains(BankAccountSchemes(), s) {
		return "must be one of " + strings.Join(BankAccountSchemes(), ", ") + " (IBAN is not supported)"
	}
	return ""
}

func oneOf(s string, valid []string) string {
	if !slices.Contains(valid, s) {
		return "must be one of " + strings.Join(valid, ", ")
	}
	return ""
}

// SalesUnitNameMaxLength is the limit on the salesUnitName of a product order, in characters
// (spec 2.0.9; 1.1.6 allowed 30).
const SalesUnitNameMaxLength = 40

// ProblemSalesUnitName is the problem of a product order's salesUnitName.
var ProblemSalesUnitName = fmt.Sprintf("must be 1 to %d letters, digits, spaces and ()-_+.", SalesUnitNameMaxLength)

// salesUnitNamePattern follows the reference: letters (with combining marks, so that "Café"
// typed on a keyboard that composes é from e and U+0301 passes), the digits 0 to 9, the space and
// ()-_+. — spec 2.0.9's pattern ^[\p{L}\p{M}\d\\(\)-_\+\s\.`]+$ has an unescaped "-" that makes
// ")-_" a range of 55 characters, and admits backslashes, backticks, tabs and newlines by
// accident. Its \d is taken as 0-9, as Java and Go read it: other scripts' digits ("٣", "²")
// are not letters and are refused.
var salesUnitNamePattern = regexp.MustCompile(`^[\p{L}\p{M}0-9()\-_+. ]+$`)

// CheckSalesUnitName checks the salesUnitName of a product order: the name of the sales unit
// the order will create.
func CheckSalesUnitName(s string) string {
	if n := utf8.RuneCountInString(s); n < 1 || n > SalesUnitNameMaxLength || !salesUnitNamePattern.MatchString(s) {
		return ProblemSalesUnitName
	}
	return ""
}

// NameMaxLength bounds the names the API reports: a sales unit's name in MsnInfo and a
// merchant's name (spec 2.0.9: at most 50 characters each).
const NameMaxLength = 50

// CheckName checks a name the API reports (a sales unit's, a merchant's, a partner's): 1 to
// maxLength characters, none of them a control character (a pasted newline or tab, which a
// portal field would never hold).
func CheckName(s string, maxLength int) string {
	if n := utf8.RuneCountInString(s); n < 1 || n > maxLength {
		return fmt.Sprintf("must be 1 to %d characters", maxLength)
	}
	if hasControl(s) {
		return "must not contain control characters (newlines, tabs, escapes)"
	}
	return ""
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl) || !utf8.ValidString(s)
}

// CheckSalesUnitLogo checks a salesUnitLogo: standard, padded Base64 (of a PNG, 100×100 to
// 1000×1000 pixels; what the picture holds is the portal's business).
func CheckSalesUnitLogo(s string) string {
	if _, err := base64.StdEncoding.Strict().DecodeString(s); err != nil || s == "" {
		return "must be a Base64 encoded PNG"
	}
	return ""
}

var (
	bankAccountIDPattern   = regexp.MustCompile(`^[0-9]{9,34}$`)
	turnoverPercentPattern = regexp.MustCompile(`^(10|[1-9])0$`)
	mccPattern             = regexp.MustCompile(`^[0-9]{4}$`)
	idempotencyKeyPattern  = regexp.MustCompile(`^[a-zA-Z0-9-]{1,50}$`)
)

// CheckBankAccountID checks a settlement bank account number.
func CheckBankAccountID(s string) string {
	if !bankAccountIDPattern.MatchString(s) {
		return "must be 9 to 34 digits"
	}
	return ""
}

// ProblemUUID is the problem of a malformed product order or price package id.
const ProblemUUID = "must be a UUID (for example 3dd68d33-5a68-46d6-b8bc-06a965e27efa)"

// canonicalUUIDLength is the length of a UUID in its hyphenated form, the one the API's paths
// and bodies use: uuid.Validate also reads the braced, urn:uuid: and hyphenless spellings.
const canonicalUUIDLength = 36

// CheckUUID checks a product order id or a price package id.
func CheckUUID(s string) string {
	if len(s) != canonicalUUIDLength || uuid.Validate(s) != nil {
		return ProblemUUID
	}
	return ""
}

// Limits of annualTurnover, in the local currency's major unit.
const (
	AnnualTurnoverMin = 0
	AnnualTurnoverMax = 999999999
)

// CheckAnnualTurnover checks annualTurnover.
func CheckAnnualTurnover(n int64) string {
	if n < AnnualTurnoverMin || n > AnnualTurnoverMax {
		return fmt.Sprintf("must be between %d and %d", AnnualTurnoverMin, AnnualTurnoverMax)
	}
	return ""
}

// CheckAnnualTurnoverPercentage checks annualTurnoverPercentage: a share in tens.
func CheckAnnualTurnoverPercentage(s string) string {
	if !turnoverPercentPattern.MatchString(s) {
		return "must be one of 10, 20, ..., 100"
	}
	return ""
}

// CheckMerchantCategoryCode checks merchantCategoryCode (MCC).
func CheckMerchantCategoryCode(s string) string {
	if !mccPattern.MatchString(s) {
		return "must be 4 digits"
	}
	return ""
}

// CheckAppName checks app.appName, which the app object requires.
func CheckAppName(s string) string {
	if strings.TrimSpace(s) == "" {
		return "must not be empty"
	}
	return ""
}

// ProblemURLCredentials is the problem of a website URL with a user name or password in it.
const ProblemURLCredentials = "must not carry a user name or password (https://user:password@...)"

// CheckHTTPSURL checks the website URLs of a product order: an absolute https:// URL with a
// host, and no whitespace anywhere (a URL with a space in it is a paste gone wrong). Credentials
// in it are refused: the test website's user name and password have fields of their own.
func CheckHTTPSURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || strings.ContainsFunc(s, unicode.IsSpace) {
		return "must be an https:// URL"
	}
	if u.User != nil {
		return ProblemURLCredentials
	}
	return ""
}

// ProblemIdempotencyKey is the problem of a malformed Idempotency-Key.
const ProblemIdempotencyKey = "must be 1 to 50 letters, digits and hyphens"

// CheckIdempotencyKey checks the Idempotency-Key of POST product-orders.
func CheckIdempotencyKey(s string) string {
	if !idempotencyKeyPattern.MatchString(s) {
		return ProblemIdempotencyKey
	}
	return ""
}

// IdempotencyKeyPattern is the Idempotency-Key rule as a pattern, for error details that quote it.
const IdempotencyKeyPattern = `^[a-zA-Z0-9-]{1,50}$`

// MaxIdempotencyKeyGeneration is the last generation of a derived Idempotency-Key. Each order
// with the same arguments that was deleted since costs one generation (and one request).
const MaxIdempotencyKeyGeneration = 99

// DerivedIdempotencyKey is the Idempotency-Key of a product order whose caller gave none: "tf-",
// 32 hex digits of an HMAC-SHA256 of the request body, "-" and the generation. The same order
// gets the same key on every run, so a request repeated after its answer was lost (a killed
// process, a dropped connection) gets the first order back instead of making a second one.
//
// The HMAC is keyed with secret, the caller's client_id (in any case): keys are scoped to the
// partner at the API anyway, and without the secret the key tells nothing about the body, which
// may hold a test website's password. generation moves on when the order the key made is gone
// (deleted), so the same arguments can order again.
func DerivedIdempotencyKey(secret string, body []byte, generation int) string {
	mac := hmac.New(sha256.New, []byte(strings.ToLower(secret)))
	mac.Write([]byte("vippsmobilepay product order\n"))
	mac.Write(body)
	return fmt.Sprintf("tf-%x-%d", mac.Sum(nil)[:16], generation)
}

// ProductOrderLifetime is how long a prefilled product order can be submitted: the prefill URL
// "expires after 14 days due to regulatory requirements".
const ProductOrderLifetime = 14 * 24 * time.Hour

// Product order statuses. RECEIVED → MERCHANT_VIEWED → ORDER_SUBMITTED → COMPLETED or
// REJECTED; RECEIVED and MERCHANT_VIEWED become EXPIRED ProductOrderLifetime after creation.
const (
	OrderStatusReceived       = "RECEIVED"
	OrderStatusMerchantViewed = "MERCHANT_VIEWED"
	OrderStatusSubmitted      = "ORDER_SUBMITTED"
	OrderStatusCompleted      = "COMPLETED"
	OrderStatusRejected       = "REJECTED"
	OrderStatusExpired        = "EXPIRED"
)

// OrderStatuses lists every product order status, in lifecycle order.
func OrderStatuses() []string {
	return []string{
		OrderStatusReceived, OrderStatusMerchantViewed, OrderStatusSubmitted,
		OrderStatusCompleted, OrderStatusRejected, OrderStatusExpired,
	}
}

// Product order types: made with prefill (POST product-orders), with a template link, or by
// the merchant on the business portal.
const (
	OrderTypePrefill  = "PREFILL"
	OrderTypeTemplate = "TEMPLATE"
	OrderTypeManual   = "MANUAL"
)

// OrderTypes lists the product order types.
func OrderTypes() []string { return []string{OrderTypePrefill, OrderTypeTemplate, OrderTypeManual} }

// OrderStatusAt is the status at now of an order stored with status and created at createdAt:
// an order the merchant has not submitted is EXPIRED once its lifetime has passed. A submitted
// order is with Vipps MobilePay by then and does not expire.
func OrderStatusAt(status string, createdAt, now time.Time) string {
	if (status == OrderStatusReceived || status == OrderStatusMerchantViewed) &&
		!now.Before(createdAt.Add(ProductOrderLifetime)) {
		return OrderStatusExpired
	}
	return status
}
