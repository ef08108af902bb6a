// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// uuidPattern matches the IDs the sandbox hands out, for state checks.
var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// productOrderValidators returns the validators of a product order attribute, by its path.
func productOrderValidators(t *testing.T, path ...string) []validator.String {
	t.Helper()
	var resp resource.SchemaResponse
	NewProductOrderResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	attrs := resp.Schema.Attributes
	for _, name := range path[:len(path)-1] {
		nested, ok := attrs[name].(schema.SingleNestedAttribute)
		if !ok {
			t.Fatalf("product order attribute %s is not a nested object", name)
		}
		attrs = nested.Attributes
	}
	attr, ok := attrs[path[len(path)-1]].(schema.StringAttribute)
	if !ok {
		t.Fatalf("product order attribute %s is not a string", strings.Join(path, "."))
	}
	return attr.Validators
}

// TestManagementRules_providerAndSandboxAgree runs one table of product order values through
// the provider's plan-time validators and through the sandbox's POST product-orders. They must
// agree on every value: what the provider lets through to apply, the API twin accepts, and
// what the twin refuses, the provider refuses at plan, naming the attribute. The rows include
// the values on which the two used to disagree.
func TestManagementRules_providerAndSandboxAgree(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	partner := sb.PartnerKeySets()[0]
	client := vipps.New(vipps.Config{BaseURL: sb.URL})
	creds := vipps.Credentials{
		Environment: keys.EnvironmentProduction, ClientID: partner.ClientID,
		ClientSecret: partner.ClientSecret, SubscriptionKey: partner.SubscriptionKeyPrimary,
	}
	type field struct {
		path []string
		set  func(*vipps.ProductOrderRequest, string)
	}
	var (
		name   = field{[]string{"sales_unit_name"}, func(r *vipps.ProductOrderRequest, v string) { r.SalesUnitName = v }}
		scheme = field{[]string{"business_identifier", "scheme"}, func(r *vipps.ProductOrderRequest, v string) { r.BusinessIdentifier.Scheme = v }}
		id     = field{[]string{"business_identifier", "id"}, func(r *vipps.ProductOrderRequest, v string) { r.BusinessIdentifier.ID = v }}
		bank   = field{[]string{"settlement_bank_account", "scheme"}, func(r *vipps.ProductOrderRequest, v string) {
			r.SettlementBankAccount = &vipps.BankAccount{Scheme: v, ID: "86011117947"}
		}}
		account = field{[]string{"settlement_bank_account", "id"}, func(r *vipps.ProductOrderRequest, v string) {
			r.SettlementBankAccount = &vipps.BankAccount{Scheme: "BBAN:NO", ID: v}
		}}
		website = field{[]string{"website", "url"}, func(r *vipps.ProductOrderRequest, v string) {
			r.Website = &vipps.Website{URL: v, TermsURL: "https://bakeri.example/terms"}
		}}
		app         = field{[]string{"app_name"}, func(r *vipps.ProductOrderRequest, v string) { r.App = &vipps.App{AppName: v} }}
		logo        = field{[]string{"sales_unit_logo"}, func(r *vipps.ProductOrderRequest, v string) { r.SalesUnitLogo = v }}
		mcc         = field{[]string{"merchant_category_code"}, func(r *vipps.ProductOrderRequest, v string) { r.MerchantCategoryCode = v }}
		share       = field{[]string{"annual_turnover_percentage"}, func(r *vipps.ProductOrderRequest, v string) { r.AnnualTurnoverPercentage = v }}
		useCase     = field{[]string{"product_use_case"}, func(r *vipps.ProductOrderRequest, v string) { r.ProductUseCase = v }}
		productType = field{[]string{"product_type"}, func(r *vipps.ProductOrderRequest, v string) { r.ProductType = v }}
		pkg         = field{[]string{"price_package_id"}, func(r *vipps.ProductOrderRequest, v string) { r.PricePackageID = v }}
	)
	for i, tc := range []struct {
		field field
		value string
	}{
		{name, "Norrebro Cykler Web"},
		{name, "Cafe\u0301 Fjord"}, // a combining accent: the provider used to refuse it, the sandbox to accept it
		{name, "Bakeri ²"},         // a superscript digit: the provider used to accept it, the sandbox to refuse it
		{name, "Kiosk ٣"},
		{name, "Bar & Grill"},
		{name, strings.Repeat("å", 40)},
		{name, strings.Repeat("å", 41)},
		{scheme, sandbox.SchemeDenmark},
		{scheme, "NO"},
		{scheme, "business:NO:" + strings.Repeat("Ø", 18)}, // 30 characters in 48 bytes
		{id, sandbox.DemoOrgNorrebro},
		{id, "2345678-9"},
		{id, "98765432X"},
		{id, "123"},
		{bank, "BBAN:DK"},
		{bank, "BBAN:SE"},
		{bank, "IBAN"},
		{account, "12345678901"},
		{account, "123"},
		{website, "https://cykler.example"},
		{website, "https:///cykler"},
		{website, " https://cykler.example"},
		{website, "http://cykler.example"},
		{website, "https://kari:hemmelig@cykler.example"},
		{app, "Cykler"},
		{app, ""},
		{logo, "iVBORw0KGgo="},
		{logo, "not base64!"},
		{mcc, "5942"},
		{mcc, "59420"},
		{share, "30"},
		{share, "15"},
		{useCase, "WebsiteWithTest"},
		{useCase, "Shop"},
		{productType, "CHECKOUT"},
		{productType, "login"},
		{pkg, sandbox.DemoPricePackageDenmark},
		{pkg, "not-a-uuid"},
	} {
		where := fmt.Sprintf("%s = %q", strings.Join(tc.field.path, "."), tc.value)
		attrPath := path.Root(tc.field.path[0])
		for _, p := range tc.field.path[1:] {
			attrPath = attrPath.AtName(p)
		}
		var problems []string
		for _, v := range productOrderValidators(t, tc.field.path...) {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: attrPath, ConfigValue: types.StringValue(tc.value)}, resp)
			for _, d := range resp.Diagnostics {
				problems = append(problems, d.Summary()+": "+d.Detail())
			}
		}
		req := vipps.ProductOrderRequest{
			BusinessIdentifier: vipps.BusinessIdentifier{Scheme: sandbox.SchemeDenmark, ID: sandbox.DemoOrgNorrebro},
			ProductType:        "LOGIN",
		}
		tc.field.set(&req, tc.value)
		_, err := client.CreateProductOrder(context.Background(), creds, fmt.Sprintf("rules-%d", i), req)
		if err != nil && !errors.Is(err, vipps.ErrBadRequest) {
			t.Fatalf("%s: the sandbox failed otherwise than refusing: %v", where, err)
		}
		switch providerOK, sandboxOK := len(problems) == 0, err == nil; {
		case providerOK && !sandboxOK:
			t.Errorf("%s: the provider accepts it at plan, the sandbox refuses it: %v", where, err)
		case !providerOK && sandboxOK:
			t.Errorf("%s: the provider refuses it (%s), the sandbox accepts it", where, problems)
		case !providerOK && !strings.Contains(problems[0], tc.field.path[len(tc.field.path)-1]):
			t.Errorf("%s: the diagnostic does not name the attribute: %s", where, problems[0])
		}
	}
}
