package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// productOrderRequest is the body of POST /management/v1/product-orders (ProductOrderRequest,
// spec 2.0.9). Optional fields are pointers so that null and absent are told apart from "".
// Unknown fields are ignored, as the API ignores them.
type productOrderRequest struct {
	BusinessIdentifier       *apiBusinessIdentifier `json:"businessIdentifier"`
	ProductType              string                 `json:"productType"`
	SalesUnitName            *string                `json:"salesUnitName"`
	SalesUnitLogo            *string                `json:"salesUnitLogo"`
	SettlementBankAccount    *bankAccount           `json:"settlementBankAccount"`
	PricePackageID           *string                `json:"pricePackageId"`
	ProductUseCase           *string                `json:"productUseCase"`
	AnnualTurnover           *int64                 `json:"annualTurnover"`
	AnnualTurnoverPercentage *string                `json:"annualTurnoverPercentage"`
	IntendedPurpose          *string                `json:"intendedPurpose"`
	App                      *struct {
		AppName *string `json:"appName"`
	} `json:"app"`
	Website              *website     `json:"website"`
	HasRecurring         *bool        `json:"hasRecurring"`
	MerchantCategoryCode *looseString `json:"merchantCategoryCode"`
}

type bankAccount struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

type website struct {
	URL                 *string `json:"url"`
	TermsURL            *string `json:"termsUrl"`
	TestWebsiteURL      *string `json:"testWebsiteUrl"`
	TestWebsiteUsername *string `json:"testWebsiteUsername"`
	TestWebsitePassword *string `json:"testWebsitePassword"`
}

// looseString accepts a string or a number: the spec types merchantCategoryCode as a string
// but its example is the number 5942.
type looseString string

func (l *looseString) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*l = looseString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New("must be a string of four digits")
	}
	*l = looseString(n.String())
	return nil
}

// maxProductOrderBytes leaves room for a base64 logo of 1000×1000 pixels.
const maxProductOrderBytes = 4 << 20

// decodeProductOrderRequest reads the body, and returns it with the digest of its canonical
// form: the same JSON with other spacing or key order is the same request.
func decodeProductOrderRequest(w http.ResponseWriter, r *http.Request) (productOrderRequest, string, *failure) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxProductOrderBytes))
	if err != nil {
		return productOrderRequest{}, "", managementProblem(http.StatusBadRequest, "The request body could not be read: "+err.Error())
	}
	var req productOrderRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		// The real API has been seen answering a malformed body with 500 (§3.4); a 400 that
		// says what is wrong is what a twin for development should give.
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return productOrderRequest{}, "", invalidProductOrder([]problemExtra{{Key: typeErr.Field, Value: "must be a JSON " + typeErr.Type.Kind().String()}})
		}
		return productOrderRequest{}, "", managementProblem(http.StatusBadRequest, "The request body is not a valid ProductOrderRequest JSON object: "+err.Error())
	}
	var canonical any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&canonical); err != nil {
		return productOrderRequest{}, "", managementProblem(http.StatusBadRequest, "The request body is not valid JSON.")
	}
	sum := sha256.Sum256(mustJSON(canonical)) // maps marshal with sorted keys
	return req, hex.EncodeToString(sum[:]), nil
}

func invalidProductOrder(extra []problemExtra) *failure {
	parts := make([]string, len(extra))
	for i, e := range extra {
		parts[i] = e.Key + " " + e.Value
	}
	return managementProblem(http.StatusBadRequest,
		"The product order request is invalid: "+strings.Join(parts, "; ")+".", extra...)
}

// Validation rules of ProductOrderRequest.
var (
	// salesUnitNamePattern follows the reference (§3.3): letters, digits, ()-_+. and spaces.
	// Spec 2.0.9's pattern, ^[\p{L}\p{M}\d\\(\)-_\+\s\.`]+$, has an unescaped "-" that makes
	// ")-_" a range of 55 characters, and allows backslashes and backticks by accident.
	salesUnitNamePattern     = regexp.MustCompile(`^[\p{L}\p{M}\d()\-_+. ]+$`)
	bankAccountSchemePattern = regexp.MustCompile(`^BBAN:[A-Z]{2}$`) // no IBAN
	bankAccountIDPattern     = regexp.MustCompile(`^\d{9,34}$`)
	turnoverPercentPattern   = regexp.MustCompile(`^(10|[1-9])0$`)
	mccPattern               = regexp.MustCompile(`^\d{4}$`)
	productUseCases          = []string{"Website", "WebsiteWithTest", "App", "Unknown"}
)

// problems lists what is wrong with the request, one {field, problem} per item, in the
// order of the schema. packages are the calling partner's price package IDs.
func (req productOrderRequest) problems(packages map[string]bool) []problemExtra {
	var out []problemExtra
	add := func(field, problem string) { out = append(out, problemExtra{Key: field, Value: problem}) }

	if bi := req.BusinessIdentifier; bi == nil {
		add("businessIdentifier", "is required")
	} else if err := BusinessIdentifier(*bi).check(); err != nil {
		add("businessIdentifier", err.Error())
	}
	if req.SalesUnitName != nil {
		name := *req.SalesUnitName
		if n := utf8.RuneCountInString(name); n < 1 || n > 40 || !salesUnitNamePattern.MatchString(name) {
			add("salesUnitName", "must be 1 to 40 letters, digits, spaces and ()-_+.")
		}
	}
	if req.SalesUnitLogo != nil {
		if _, err := base64.StdEncoding.DecodeString(*req.SalesUnitLogo); err != nil {
			add("salesUnitLogo", "must be a base64 encoded PNG")
		}
	}
	if a := req.SettlementBankAccount; a != nil {
		if !bankAccountSchemePattern.MatchString(a.Scheme) {
			add("settlementBankAccount.scheme", "must be BBAN:NO, BBAN:DK or BBAN:FI (IBAN is not supported)")
		}
		if !bankAccountIDPattern.MatchString(a.ID) {
			add("settlementBankAccount.id", "must be 9 to 34 digits")
		}
	}
	if id := req.PricePackageID; id != nil {
		switch {
		case !uuidPattern.MatchString(*id):
			add("pricePackageId", "must be a UUID")
		case !packages[strings.ToLower(*id)]:
			add("pricePackageId", "is not one of the partner's price packages")
		}
	}
	switch {
	case req.ProductType == "":
		add("productType", "is required")
	case !slices.Contains(ProductTypes(), req.ProductType):
		add("productType", "must be one of "+strings.Join(ProductTypes(), ", "))
	}
	if uc := req.ProductUseCase; uc != nil && !slices.Contains(productUseCases, *uc) {
		add("productUseCase", "must be one of "+strings.Join(productUseCases, ", "))
	}
	if t := req.AnnualTurnover; t != nil && (*t < 0 || *t > 999999999) {
		add("annualTurnover", "must be between 0 and 999999999")
	}
	if p := req.AnnualTurnoverPercentage; p != nil && !turnoverPercentPattern.MatchString(*p) {
		add("annualTurnoverPercentage", "must be one of 10, 20, ..., 100")
	}
	if req.App != nil && (req.App.AppName == nil || *req.App.AppName == "") {
		add("app.appName", "is required")
	}
	if ws := req.Website; ws != nil {
		for _, f := range []struct {
			name     string
			value    *string
			required bool
		}{
			{"website.url", ws.URL, true},
			{"website.termsUrl", ws.TermsURL, true},
			{"website.testWebsiteUrl", ws.TestWebsiteURL, false},
		} {
			if f.value == nil {
				if f.required {
					add(f.name, "is required")
				}
				continue
			}
			if !isHTTPSURL(*f.value) {
				add(f.name, "must be a valid URL with HTTPS scheme")
			}
		}
	}
	if mcc := req.MerchantCategoryCode; mcc != nil && !mccPattern.MatchString(string(*mcc)) {
		add("merchantCategoryCode", "must be four digits")
	}
	return out
}

func isHTTPSURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && u.Scheme == "https" && u.Host != ""
}

// order is the new product order the request describes.
func (req productOrderRequest) order(id string, now time.Time) ProductOrder {
	o := ProductOrder{
		ID:                 id,
		Type:               OrderTypePrefill,
		BusinessIdentifier: BusinessIdentifier(*req.BusinessIdentifier),
		ProductType:        req.ProductType,
		Status:             OrderStatusReceived,
		CreatedAt:          now.UTC(),
	}
	if req.SalesUnitName != nil {
		o.SalesUnitName = *req.SalesUnitName
	}
	if req.PricePackageID != nil {
		o.PricePackageID = strings.ToLower(*req.PricePackageID)
	}
	if req.HasRecurring != nil {
		o.HasRecurring = *req.HasRecurring
	}
	return o
}
