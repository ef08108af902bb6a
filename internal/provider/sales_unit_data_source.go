// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

var (
	_ datasource.DataSource              = (*salesUnitDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*salesUnitDataSource)(nil)
)

// NewSalesUnitDataSource returns the vippsmobilepay_sales_unit data source.
func NewSalesUnitDataSource() datasource.DataSource { return &salesUnitDataSource{} }

type salesUnitDataSource struct {
	cc *ConfiguredClient
}

type salesUnitModel struct {
	MerchantSerialNumber string                   `tfsdk:"merchant_serial_number"`
	Name                 types.String             `tfsdk:"name"`
	BusinessIdentifier   *businessIdentifierModel `tfsdk:"business_identifier"`
	CaptureType          types.String             `tfsdk:"capture_type"`
	Configuration        *salesUnitConfigModel    `tfsdk:"configuration"`
}

// salesUnitConfigModel keeps the API's "not sent" apart from false: a missing flag is null.
type salesUnitConfigModel struct {
	PaymentAllowed               types.Bool `tfsdk:"payment_allowed"`
	SkipLandingPageAllowed       types.Bool `tfsdk:"skip_landing_page_allowed"`
	RecurringAllowed             types.Bool `tfsdk:"recurring_allowed"`
	PartialCaptureAllowed        types.Bool `tfsdk:"partial_capture_allowed"`
	LateCaptureAllowed           types.Bool `tfsdk:"late_capture_allowed"`
	LandingPagePhoneNumberLocked types.Bool `tfsdk:"landing_page_phone_number_locked"`
	LongLivingPaymentAllowed     types.Bool `tfsdk:"long_living_payment_allowed"`
	CreditCardPaymentAllowed     types.Bool `tfsdk:"credit_card_payment_allowed"`
}

var salesUnitFlags = map[string]string{
	"payment_allowed":                  "Whether the unit may take payments (false for Login-only units).",
	"skip_landing_page_allowed":        "Whether the landing page may be skipped.",
	"recurring_allowed":                "Whether recurring payments are allowed.",
	"partial_capture_allowed":          "Whether partial capture is allowed.",
	"late_capture_allowed":             "Whether late capture is allowed.",
	"landing_page_phone_number_locked": "Whether the landing page's phone number is locked.",
	"long_living_payment_allowed":      "Whether long-living payments are allowed.",
	"credit_card_payment_allowed":      "Whether credit card payments are allowed.",
}

func (d *salesUnitDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sales_unit"
}

func (d *salesUnitDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	flags := map[string]schema.Attribute{}
	for name, description := range salesUnitFlags {
		flags[name] = schema.BoolAttribute{
			MarkdownDescription: description + " Null when the API does not say, which does not mean false.",
			Computed:            true,
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one sales unit through the Management API (`GET /management/v1/sales-units/{msn}`): " +
			"its name, merchant and configuration. An unknown MSN and an inactive unit are the same error, as the API " +
			"does not tell them apart." + managementNote,
		Attributes: map[string]schema.Attribute{
			"merchant_serial_number": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The sales unit's MSN: %d to %d digits.",
					keys.MerchantSerialNumberMinDigits, keys.MerchantSerialNumberMaxDigits),
				Required:   true,
				Validators: []validator.String{keyFormatValidator(keys.AttrMerchantSerialNumber)},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The sales unit's name.",
				Computed:            true,
			},
			"business_identifier": schema.SingleNestedAttribute{
				MarkdownDescription: "The merchant the unit belongs to.",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"scheme": schema.StringAttribute{MarkdownDescription: businessIdentifierSchemeDescription, Computed: true},
					"id":     schema.StringAttribute{MarkdownDescription: businessIdentifierIDDescription, Computed: true},
				},
			},
			"capture_type": schema.StringAttribute{
				MarkdownDescription: "`ReserveCapture`, `DirectCapture` or `NotApplicable`.",
				Computed:            true,
			},
			"configuration": schema.SingleNestedAttribute{
				MarkdownDescription: "The unit's configuration flags.",
				Computed:            true,
				Attributes:          flags,
			},
		},
	}
}

func (d *salesUnitDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *salesUnitDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m salesUnitModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creds, diags := managementCredentials(d.cc)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	su, err := d.cc.Client.SalesUnit(ctx, creds, m.MerchantSerialNumber)
	if err != nil {
		resp.Diagnostics.Append(managementFailed(d.cc, "active sales unit with MSN "+m.MerchantSerialNumber, err))
		return
	}
	c := su.Configuration
	m.Name = types.StringValue(su.Name)
	m.BusinessIdentifier = &businessIdentifierModel{Scheme: su.BusinessIdentifier.Scheme, ID: su.BusinessIdentifier.ID}
	m.CaptureType = types.StringValue(c.CaptureType)
	if c.CaptureType == "" {
		m.CaptureType = types.StringNull()
	}
	m.Configuration = &salesUnitConfigModel{
		PaymentAllowed:               types.BoolPointerValue(c.PaymentAllowed),
		SkipLandingPageAllowed:       types.BoolPointerValue(c.SkipLandingPageAllowed),
		RecurringAllowed:             types.BoolPointerValue(c.RecurringAllowed),
		PartialCaptureAllowed:        types.BoolPointerValue(c.PartialCaptureAllowed),
		LateCaptureAllowed:           types.BoolPointerValue(c.LateCaptureAllowed),
		LandingPagePhoneNumberLocked: types.BoolPointerValue(c.LandingPagePhoneNumberLocked),
		LongLivingPaymentAllowed:     types.BoolPointerValue(c.LongLivingPaymentAllowed),
		CreditCardPaymentAllowed:     types.BoolPointerValue(c.CreditCardPaymentAllowed),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
