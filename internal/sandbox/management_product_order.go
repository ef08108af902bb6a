// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
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
		return productOrderRequest{}, "", managementProblem(http.StatusBadRequest,
			fmt.Sprintf("The request body could not be read in full (at most %d bytes, sent in time).", maxProductOrderBytes))
	}
	var req productOrderRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		// The real API has been seen answering a malformed body with 500 (§3.4); a 400 that
		// says what is wrong is what a twin for development should give.
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return productOrderRequest{}, "", invalidProductOrder([]problemExtra{{Key: typeErr.Field, Value: "must be a JSON " + typeErr.Type.Kind().String()}})
		}
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) {
			return productOrderRequest{}, "", managementProblem(http.StatusBadRequest,
				fmt.Sprintf("The request body is not valid JSON (at byte %d).", syntaxErr.Offset))
		}
		return productOrderRequest{}, "", managementProblem(http.StatusBadRequest,
			"The request body must be a JSON object, as the ProductOrderRequest schema describes.")
	}
	var canonical any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&canonical); err != nil {
		return productOrderRequest{}, "", managementProblem(http.StatusBadRequest, "The request body is not valid JSON.")
	}
	sum := sha256.Sum256(mustJSON(withoutNulls(canonical))) // maps marshal with sorted keys
	return req, hex.EncodeToString(sum[:]), nil
}

// withoutNulls drops the members whose value is null, at every depth: an optional field sent as
// null is the field left out, so a retry whose serializer writes nulls is the same request.
func withoutNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, member := range t {
			if member != nil {
				out[k] = withoutNulls(member)
			}
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			out[i] = withoutNulls(item)
		}
		return out
	}
	return v
}

func invalidProductOrder(extra []problemExtra) *failure {
	parts := make([]string, len(extra))
	for i, e := range extra {
		parts[i] = e.Key + " " + e.Value
	}
	return managementProblem(http.StatusBadRequest,
		"The product order request is invalid: "+strings.Join(parts, "; ")+".", extra...)
}

// problems lists what is wrong with the request, one {field, problem} per item, in the
// order of the schema. packages are the calling partner's price package IDs. The rules are
// package management's, which the provider's validators use too.
func (req productOrderRequest) problems(packages map[string]bool) []problemExtra {
	var out []problemExtra
	check := func(field, problem string) {
		if problem != "" {
			out = append(out, problemExtra{Key: field, Value: problem})
		}
	}
	checkOptional := func(field string, v *string, rule func(string) string) {
		if v != nil {
			check(field, rule(*v))
		}
	}

	if bi := req.BusinessIdentifier; bi == nil {
		check("businessIdentifier", "is required")
	} else {
		check("businessIdentifier.scheme", management.CheckScheme(bi.Scheme))
		check("businessIdentifier.id", management.CheckBusinessID(bi.ID))
	}
	checkOptional("salesUnitName", req.SalesUnitName, management.CheckSalesUnitName)
	checkOptional("salesUnitLogo", req.SalesUnitLogo, management.CheckSalesUnitLogo)
	if a := req.SettlementBankAccount; a != nil {
		check("settlementBankAccount.scheme", management.CheckBankAccountScheme(a.Scheme))
		check("settlementBankAccount.id", management.CheckBankAccountID(a.ID))
	}
	if id := req.PricePackageID; id != nil {
		if p := management.CheckUUID(*id); p != "" {
			check("pricePackageId", p)
		} else if !packages[strings.ToLower(*id)] {
			check("pricePackageId", "is not one of the partner's price packages")
		}
	}
	if req.ProductType == "" {
		check("productType", "is required")
	} else {
		check("productType", management.CheckProductType(req.ProductType))
	}
	checkOptional("productUseCase", req.ProductUseCase, management.CheckProductUseCase)
	if t := req.AnnualTurnover; t != nil {
		check("annualTurnover", management.CheckAnnualTurnover(*t))
	}
	checkOptional("annualTurnoverPercentage", req.AnnualTurnoverPercentage, management.CheckAnnualTurnoverPercentage)
	if req.App != nil {
		if req.App.AppName == nil {
			check("app.appName", "is required")
		} else {
			check("app.appName", management.CheckAppName(*req.App.AppName))
		}
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
			if f.value == nil && f.required {
				check(f.name, "is required")
			}
			checkOptional(f.name, f.value, management.CheckHTTPSURL)
		}
	}
	if mcc := req.MerchantCategoryCode; mcc != nil {
		check("merchantCategoryCode", management.CheckMerchantCategoryCode(string(*mcc)))
	}
	return out
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
