// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"errors"
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/productorder"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

var (
	_ resource.Resource                = (*productOrderResource)(nil)
	_ resource.ResourceWithConfigure   = (*productOrderResource)(nil)
	_ resource.ResourceWithIdentity    = (*productOrderResource)(nil)
	_ resource.ResourceWithImportState = (*productOrderResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*productOrderResource)(nil)
)

// NewProductOrderResource returns the vippsmobilepay_product_order resource.
func NewProductOrderResource() resource.Resource { return &productOrderResource{} }

type productOrderResource struct {
	cc *ConfiguredClient
}

// importedKey marks, in private state, an order that came in by import: the API does not
// return most of what was ordered, so the configuration's values are adopted, not replaced.
const importedKey = "imported"

type productOrderModel struct {
	ID                       types.String             `tfsdk:"id"`
	BusinessIdentifier       *businessIdentifierModel `tfsdk:"business_identifier"`
	ProductType              types.String             `tfsdk:"product_type"`
	SalesUnitName            types.String             `tfsdk:"sales_unit_name"`
	SalesUnitLogo            types.String             `tfsdk:"sales_unit_logo"`
	SettlementBankAccount    *bankAccountModel        `tfsdk:"settlement_bank_account"`
	PricePackageID           types.String             `tfsdk:"price_package_id"`
	ProductUseCase           types.String             `tfsdk:"product_use_case"`
	AnnualTurnover           types.Int64              `tfsdk:"annual_turnover"`
	AnnualTurnoverPercentage types.String             `tfsdk:"annual_turnover_percentage"`
	IntendedPurpose          types.String             `tfsdk:"intended_purpose"`
	AppName                  types.String             `tfsdk:"app_name"`
	Website                  *websiteModel            `tfsdk:"website"`
	HasRecurring             types.Bool               `tfsdk:"has_recurring"`
	MerchantCategoryCode     types.String             `tfsdk:"merchant_category_code"`
	IdempotencyKey           types.String             `tfsdk:"idempotency_key"`

	PrefillURL types.String      `tfsdk:"prefill_url"`
	Status     types.String      `tfsdk:"status"`
	ExpiresAt  timetypes.RFC3339 `tfsdk:"expires_at"`
	SalesUnit  types.Object      `tfsdk:"sales_unit"`
}

type bankAccountModel struct {
	Scheme string `tfsdk:"scheme"`
	ID     string `tfsdk:"id"`
}

type websiteModel struct {
	URL                 string       `tfsdk:"url"`
	TermsURL            string       `tfsdk:"terms_url"`
	TestWebsiteURL      types.String `tfsdk:"test_website_url"`
	TestWebsiteUsername types.String `tfsdk:"test_website_username"`
	TestWebsitePassword types.String `tfsdk:"test_website_password"`
}

// The product order's rules are package management's, which the sandbox applies too.
var (
	productTypes    = management.ProductTypes()
	productUseCases = management.ProductUseCases()
	bankSchemes     = management.BankAccountSchemes()

	salesUnitNameRule  = rule{management.ProblemSalesUnitName, management.CheckSalesUnitName}
	salesUnitLogoRule  = rule{"must be a Base64 encoded PNG", management.CheckSalesUnitLogo}
	turnoverPctRule    = rule{"must be one of 10, 20, ..., 100", management.CheckAnnualTurnoverPercentage}
	mccRule            = rule{"must be 4 digits", management.CheckMerchantCategoryCode}
	bankSchemeRule     = rule{"must be one of " + strings.Join(bankSchemes, ", "), management.CheckBankAccountScheme}
	bankAccountRule    = rule{"must be 9 to 34 digits", management.CheckBankAccountID}
	uuidRule           = rule{management.ProblemUUID, management.CheckUUID}
	appNameRule        = rule{"must not be empty", management.CheckAppName}
	idempotencyKeyRule = rule{management.ProblemIdempotencyKey, management.CheckIdempotencyKey}
)

var salesUnitObjectType = map[string]attr.Type{
	"merchant_serial_number": types.StringType,
	"name":                   types.StringType,
}

func (r *productOrderResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_product_order"
}

// replaced is the plan modifier every ordered value carries: the API has no update, so a
// change orders anew, except when an imported order adopts the configuration.
func replacedString() []planmodifier.String {
	return []planmodifier.String{stringplanmodifier.RequiresReplaceIf(adoptOrReplaceString, replaceDescription, replaceDescription)}
}

const replaceDescription = "Changing it creates a new product order: the API cannot change one."

func (r *productOrderResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	optionalString := func(description string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: description + " " + replaceDescription,
			Optional:            true,
			Validators:          validators,
			PlanModifiers:       replacedString(),
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A prefilled product order for a merchant (`POST /management/v1/product-orders`): the " +
			"partner fills in what it knows, the merchant opens `prefill_url` (valid 14 days), completes and submits " +
			"it, and once Vipps MobilePay approves it the new sales unit appears in `sales_unit`. Every argument " +
			"forces a new order, since the API cannot change one. Destroying an order the merchant has not " +
			"submitted deletes it; one already submitted, expired or gone is only removed from state, with a " +
			"warning. A rerun after an interrupted apply never orders twice: see `idempotency_key`. Import by " +
			"product order ID." + managementNote + " Product orders need partner keys.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The product order's ID (a UUID).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"business_identifier": schema.SingleNestedAttribute{
				MarkdownDescription: "The merchant the order is for. " + replaceDescription,
				Required:            true,
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.RequiresReplace()},
				Attributes: map[string]schema.Attribute{
					"scheme": schema.StringAttribute{
						MarkdownDescription: businessIdentifierSchemeDescription,
						Required:            true,
						Validators:          []validator.String{businessIDSchemeValidator()},
					},
					"id": schema.StringAttribute{
						MarkdownDescription: businessIdentifierIDDescription,
						Required:            true,
						Validators:          []validator.String{businessIDValidator()},
					},
				},
			},
			"product_type": schema.StringAttribute{
				MarkdownDescription: "The product: one of " + quotedList(productTypes) + ". " + replaceDescription,
				Required:            true,
				Validators:          []validator.String{rule{"must be one of " + strings.Join(productTypes, ", "), management.CheckProductType}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"sales_unit_name": optionalString("The new sales unit's name: 1 to 40 letters, digits, spaces and `()-_+.`.",
				salesUnitNameRule),
			"sales_unit_logo": optionalString("The sales unit's logo: a Base64 PNG, 100×100 to 1000×1000 pixels, square preferred.",
				salesUnitLogoRule),
			"settlement_bank_account": schema.SingleNestedAttribute{
				MarkdownDescription: "The account payments settle to (no IBAN). " + replaceDescription,
				Optional:            true,
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.RequiresReplaceIf(adoptOrReplaceObject, replaceDescription, replaceDescription)},
				Attributes: map[string]schema.Attribute{
					"scheme": schema.StringAttribute{
						MarkdownDescription: "One of " + quotedList(bankSchemes) + ".",
						Required:            true,
						Validators:          []validator.String{bankSchemeRule},
					},
					"id": schema.StringAttribute{
						MarkdownDescription: "The account number: 9 to 34 digits.",
						Required:            true,
						Validators:          []validator.String{bankAccountRule},
					},
				},
			},
			"price_package_id": optionalString("The price package (a UUID from `vippsmobilepay_price_packages`); the merchant cannot change it.",
				uuidRule),
			"product_use_case": optionalString("How the product is used: one of "+quotedList(productUseCases)+" (`Unknown` for point of sale).",
				rule{"must be one of " + strings.Join(productUseCases, ", "), management.CheckProductUseCase}),
			"annual_turnover": schema.Int64Attribute{
				MarkdownDescription: "Expected annual turnover in the local currency's major unit, 0 to 999999999. " + replaceDescription,
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(management.AnnualTurnoverMin, management.AnnualTurnoverMax)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(adoptOrReplaceInt64, replaceDescription, replaceDescription)},
			},
			"annual_turnover_percentage": optionalString("The share of turnover through this product, in tens: `10` to `100`.",
				turnoverPctRule),
			"intended_purpose": optionalString("What the merchant will use the product for, in free text."),
			"app_name":         optionalString("The app's name, for `product_use_case = \"App\"`.", appNameRule),
			"website": schema.SingleNestedAttribute{
				MarkdownDescription: "The merchant's website, for the `Website` use cases; every URL must use HTTPS and carry no " +
					"user name or password (the test website's have arguments of their own). " + replaceDescription,
				Optional:      true,
				PlanModifiers: []planmodifier.Object{objectplanmodifier.RequiresReplaceIf(adoptOrReplaceObject, replaceDescription, replaceDescription)},
				Attributes: map[string]schema.Attribute{
					"url": schema.StringAttribute{
						MarkdownDescription: "The website, `https://…`.", Required: true,
						Validators: []validator.String{websiteURLValidator()},
					},
					"terms_url": schema.StringAttribute{
						MarkdownDescription: "The terms and conditions page, `https://…`.", Required: true,
						Validators: []validator.String{websiteURLValidator()},
					},
					"test_website_url": schema.StringAttribute{
						MarkdownDescription: "A test website Vipps MobilePay may visit, `https://…`.", Optional: true,
						Validators: []validator.String{websiteURLValidator()},
					},
					"test_website_username": schema.StringAttribute{MarkdownDescription: "The test website's user name.", Optional: true},
					"test_website_password": schema.StringAttribute{
						MarkdownDescription: "The test website's password. Sensitive.", Optional: true, Sensitive: true,
					},
				},
			},
			"has_recurring": schema.BoolAttribute{
				MarkdownDescription: "Whether the merchant will take recurring payments. " + replaceDescription,
				Optional:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplaceIf(adoptOrReplaceBool, replaceDescription, replaceDescription)},
			},
			"merchant_category_code": optionalString("The merchant category code (MCC): 4 digits.",
				mccRule),
			"idempotency_key": schema.StringAttribute{
				MarkdownDescription: "The `Idempotency-Key` the create sends; the API answers a key it has seen " +
					"with the order that key made, never with a second one. Leave it unset, and the provider " +
					"derives the key from the request it sends and the partner's `client_id` " +
					"(`tf-<32 hex digits>-<generation>`, an HMAC that reveals neither): a rerun after any " +
					"interrupt (Terraform or the provider killed, a connection lost) sends the same key and gets " +
					"back the order the API already took, so no merchant gets a duplicate. When that order has " +
					"since been deleted (you destroyed it), rejected or expired, the key moves on to its next " +
					"generation, so destroying an order and applying again orders anew, up to 100 times for the same " +
					"arguments; one the merchant has submitted or that completed is adopted, with a warning that no " +
					"new order was placed. A change that replaces an order with a key of your own needs a new key, " +
					"or the plan stops: the API would refuse the old key for the new request. Two orders " +
					"with identical arguments are one order: make them differ, or give each a key. Set your own " +
					"key (1 to 50 letters, digits and hyphens, e.g. `onboard-987654321`) to keep it across " +
					"provider upgrades and new partner keys, which change derived keys; a key of your own that " +
					"belongs to a deleted order is an error, not a new generation. " + replaceDescription,
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{idempotencyKeyRule},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplaceIf(adoptOrReplaceString, replaceDescription, replaceDescription),
				},
			},
			"prefill_url": schema.StringAttribute{
				MarkdownDescription: "The URL the merchant opens to complete and submit the order; valid for 14 days.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`RECEIVED`, `MERCHANT_VIEWED`, `ORDER_SUBMITTED`, `COMPLETED`, `REJECTED` or " +
					"`EXPIRED`. Refresh reports changes.",
				Computed: true,
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When `prefill_url` stops working (14 days after creation), in RFC 3339. Null for " +
					"imported orders and for an earlier order a create adopted, whose creation time the API does " +
					"not tell.",
				Computed:      true,
				CustomType:    timetypes.RFC3339Type{},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"sales_unit": schema.SingleNestedAttribute{
				MarkdownDescription: "The sales unit the order created, once it is `COMPLETED`; null until then.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"merchant_serial_number": schema.StringAttribute{MarkdownDescription: "The new sales unit's MSN.", Computed: true},
					"name":                   schema.StringAttribute{MarkdownDescription: "The new sales unit's name.", Computed: true},
				},
			},
		},
	}
}

// productOrderIdentity identifies a product order (Terraform 1.12 and later): its ID.
type productOrderIdentity struct {
	ID types.String `tfsdk:"id"`
}

func (r *productOrderResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description: "The product order's ID, the UUID at the end of its prefill URL, e.g. " +
					"`81b83246-5c19-7b94-875b-ea6d1114f099`.",
				RequiredForImport: true,
			},
		},
	}
}

// setProductOrderIdentity records an order's identity; nil before Terraform 1.12.
func setProductOrderIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id types.String) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, productOrderIdentity{ID: id})
}

func (r *productOrderResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *productOrderResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m productOrderModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creds, diags := managementCredentials(r.cc)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.cc.Orders.Create(ctx, creds, m.IdempotencyKey.ValueString(), m.request())
	if err != nil {
		resp.Diagnostics.Append(productOrderNotCreated(r.cc, *m.BusinessIdentifier, err))
		return
	}
	if created.DetailsErr != nil {
		tflog.Debug(ctx, "could not read back a new product order", map[string]any{"error": created.DetailsErr.Error()})
	}
	if created.Earlier {
		resp.Diagnostics.Append(productOrderEarlier(created.Order.ID, created.Order.Status, !m.IdempotencyKey.IsUnknown()))
	}
	m.IdempotencyKey = types.StringValue(created.Key)
	m.ID = types.StringValue(created.Order.ID)
	m.ExpiresAt = rfc3339OrNull(created.ExpiresAt)
	m.applyDetails(created.Order)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setProductOrderIdentity(ctx, resp.Identity, m.ID)...)
}

// productOrderNotCreated words why a create made no order.
func productOrderNotCreated(cc *ConfiguredClient, merchant businessIdentifierModel, err error) diag.Diagnostic {
	what := "a product order for merchant " + merchant.Scheme + " " + merchant.ID
	var deleted *productorder.DeletedOrderError
	var spent *productorder.GenerationsSpentError
	switch {
	case errors.As(err, &deleted):
		return productOrderReplayedGone(deleted.ID, deleted.Key)
	case errors.As(err, &spent):
		return productOrderKeysExhausted(what, spent.Generations)
	}
	return managementFailed(cc, what, err)
}

func (r *productOrderResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m productOrderModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// First, so that even an order found gone has one (the framework wants an identity after
	// every read), and state from before identity existed gets it.
	resp.Diagnostics.Append(setProductOrderIdentity(ctx, resp.Identity, m.ID)...)
	creds, diags := managementCredentials(r.cc)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	order, gone, err := r.cc.Orders.Read(ctx, creds, m.ID.ValueString())
	switch {
	case gone:
		resp.Diagnostics.Append(productOrderGone(m.ID.ValueString()))
		resp.State.RemoveResource(ctx)
	case err != nil:
		resp.Diagnostics.Append(managementFailed(r.cc, "product order "+m.ID.ValueString(), err))
	default:
		m.applyDetails(order)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}

// ModifyPlan checks a replacement before Terraform deletes anything: the replaced order's own
// idempotency_key would get the new request refused, and a submitted or completed order is kept
// by the API, so its replacement is a second order for the merchant.
func (r *productOrderResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var plan, state productOrderModel
	var key types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("idempotency_key"), &key)...)
	if resp.Diagnostics.HasError() || !adoptOrReplace(ctx, false, req.Private) {
		return
	}
	keyChanged := !key.IsNull() && !key.Equal(state.IdempotencyKey)
	if !keyChanged && reflect.DeepEqual(plan.request(), state.request()) {
		return // no argument changes: no replacement
	}
	if productorder.KeyOfReplacedOrder(key.ValueString(), state.IdempotencyKey.ValueString()) {
		resp.Diagnostics.Append(productOrderKeyOfReplaced(key.ValueString()))
	}
	if productorder.KeptWhenReplaced(state.Status.ValueString()) {
		resp.Diagnostics.Append(productOrderKeptWhenReplaced(state.ID.ValueString(), state.Status.ValueString()))
	}
}

// Update only runs when an imported order adopts configured values the API never returns;
// any real change replaces the order.
func (r *productOrderResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m, state productOrderModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Nothing changes at the API: what it reported stays as the last refresh saw it.
	m.ID, m.Status, m.SalesUnit, m.PrefillURL, m.ExpiresAt = state.ID, state.Status, state.SalesUnit, state.PrefillURL, state.ExpiresAt
	if m.IdempotencyKey.IsUnknown() {
		m.IdempotencyKey = state.IdempotencyKey
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setProductOrderIdentity(ctx, resp.Identity, m.ID)...)
	// The order has adopted its configuration: from now on a change is a change, and replaces.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
}

func (r *productOrderResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m productOrderModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creds, diags := managementCredentials(r.cc)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.ID.ValueString()
	switch deletion, err := r.cc.Orders.Delete(ctx, creds, id); deletion {
	case productorder.AlreadyGone:
		resp.Diagnostics.Append(productOrderGone(id))
	case productorder.Kept:
		resp.Diagnostics.Append(productOrderNotDeletable(id, m.Status.ValueString(), err))
	case productorder.DeleteFailed:
		resp.Diagnostics.Append(managementFailed(r.cc, "product order "+id, err))
	}
}

// ImportState takes the order's ID (terraform import, an import block's id) or, on Terraform 1.12
// and later, an import block's identity.
func (r *productOrderResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if id == "" && req.Identity != nil {
		var identity productOrderIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if id = identity.ID.ValueString(); management.CheckUUID(id) != "" {
			resp.Diagnostics.Append(invalidProductOrderIdentity(id))
			return
		}
	} else if management.CheckUUID(id) != "" {
		resp.Diagnostics.Append(invalidProductOrderImportID(id))
		return
	}
	id = strings.ToLower(id) // as the API writes order IDs, and the prefill URL holds them
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(setProductOrderIdentity(ctx, resp.Identity, types.StringValue(id))...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte(`true`))...)
}

// request is the API request the order's arguments describe.
func (m productOrderModel) request() vipps.ProductOrderRequest {
	req := vipps.ProductOrderRequest{
		BusinessIdentifier:       m.BusinessIdentifier.vipps(),
		ProductType:              m.ProductType.ValueString(),
		SalesUnitName:            m.SalesUnitName.ValueString(),
		SalesUnitLogo:            m.SalesUnitLogo.ValueString(),
		PricePackageID:           m.PricePackageID.ValueString(),
		ProductUseCase:           m.ProductUseCase.ValueString(),
		AnnualTurnover:           m.AnnualTurnover.ValueInt64Pointer(),
		AnnualTurnoverPercentage: m.AnnualTurnoverPercentage.ValueString(),
		IntendedPurpose:          m.IntendedPurpose.ValueString(),
		HasRecurring:             m.HasRecurring.ValueBoolPointer(),
		MerchantCategoryCode:     m.MerchantCategoryCode.ValueString(),
	}
	if m.SettlementBankAccount != nil {
		req.SettlementBankAccount = &vipps.BankAccount{Scheme: m.SettlementBankAccount.Scheme, ID: m.SettlementBankAccount.ID}
	}
	if !m.AppName.IsNull() {
		req.App = &vipps.App{AppName: m.AppName.ValueString()}
	}
	if w := m.Website; w != nil {
		req.Website = &vipps.Website{
			URL: w.URL, TermsURL: w.TermsURL, TestWebsiteURL: w.TestWebsiteURL.ValueString(),
			TestWebsiteUsername: w.TestWebsiteUsername.ValueString(), TestWebsitePassword: w.TestWebsitePassword.ValueString(),
		}
	}
	return req
}

// applyDetails takes what the API tells about an order: its status, URL and, once completed,
// the new sales unit; for an imported order also what it was for.
func (m *productOrderModel) applyDetails(d vipps.ProductOrderDetails) {
	m.Status = types.StringValue(d.Status)
	if d.URL != "" {
		m.PrefillURL = types.StringValue(d.URL)
	} else if m.PrefillURL.IsUnknown() {
		m.PrefillURL = types.StringNull()
	}
	if m.BusinessIdentifier == nil {
		m.BusinessIdentifier = &businessIdentifierModel{Scheme: d.BusinessIdentifier.Scheme, ID: d.BusinessIdentifier.ID}
	}
	if m.ProductType.IsNull() && d.ProductType != "" {
		m.ProductType = types.StringValue(d.ProductType)
	}
	m.SalesUnit = types.ObjectNull(salesUnitObjectType)
	if d.SalesUnit != nil {
		m.SalesUnit = types.ObjectValueMust(salesUnitObjectType, map[string]attr.Value{
			"merchant_serial_number": types.StringValue(d.SalesUnit.MerchantSerialNumber),
			"name":                   types.StringValue(d.SalesUnit.Name),
		})
	}
	if m.IdempotencyKey.IsUnknown() {
		m.IdempotencyKey = types.StringNull()
	}
	if m.ExpiresAt.IsUnknown() {
		m.ExpiresAt = timetypes.NewRFC3339Null()
	}
}

// adoptOrReplace decides, by productorder.Replaces, whether a change replaces the order.
func adoptOrReplace(ctx context.Context, stateNull bool, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
},
) bool {
	imported, _ := private.GetKey(ctx, importedKey)
	return productorder.Replaces(stateNull, string(imported) == "true")
}

func adoptOrReplaceString(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = adoptOrReplace(ctx, req.StateValue.IsNull(), req.Private)
}

func adoptOrReplaceInt64(ctx context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = adoptOrReplace(ctx, req.StateValue.IsNull(), req.Private)
}

func adoptOrReplaceBool(ctx context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = adoptOrReplace(ctx, req.StateValue.IsNull(), req.Private)
}

func adoptOrReplaceObject(ctx context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = adoptOrReplace(ctx, req.StateValue.IsNull(), req.Private)
}
