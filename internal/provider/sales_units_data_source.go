// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

var (
	_ datasource.DataSource              = (*salesUnitsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*salesUnitsDataSource)(nil)
)

// NewSalesUnitsDataSource returns the vippsmobilepay_sales_units data source.
func NewSalesUnitsDataSource() datasource.DataSource { return &salesUnitsDataSource{} }

type salesUnitsDataSource struct {
	cc *ConfiguredClient
}

type salesUnitsModel struct {
	BusinessIdentifier *businessIdentifierModel      `tfsdk:"business_identifier"`
	SalesUnits         []salesUnitInfoModel          `tfsdk:"sales_units"`
	ByMSN              map[string]salesUnitInfoModel `tfsdk:"by_msn"`
}

func (d *salesUnitsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sales_units"
}

func salesUnitInfoAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"merchant_serial_number": schema.StringAttribute{MarkdownDescription: "The sales unit's MSN.", Computed: true},
		"name":                   schema.StringAttribute{MarkdownDescription: "The sales unit's name.", Computed: true},
	}
}

func (d *salesUnitsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the sales units the provider's keys reach (`GET /management/v1/sales-units`), or, " +
			"given a `business_identifier`, that merchant's units. Only active units of active merchants that have " +
			"API keys appear; Vippsnummer units never do. `by_msn` is ready for `for_each`." + managementNote,
		Attributes: map[string]schema.Attribute{
			"business_identifier": schema.SingleNestedAttribute{
				MarkdownDescription: "List only this merchant's units. A merchant with no active unit the keys reach is " +
					"an error.",
				Optional:   true,
				Attributes: businessIdentifierAttributes(),
			},
			"sales_units": schema.ListNestedAttribute{
				MarkdownDescription: "The sales units, in the API's order.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: salesUnitInfoAttributes()},
			},
			"by_msn": schema.MapNestedAttribute{
				MarkdownDescription: "The same sales units keyed by MSN.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: salesUnitInfoAttributes()},
			},
		},
	}
}

func (d *salesUnitsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *salesUnitsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m salesUnitsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creds, diags := managementCredentials(d.cc)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var units []vipps.MsnInfo
	var err error
	what := "sales units"
	if m.BusinessIdentifier != nil {
		what = "active sales units of merchant " + m.BusinessIdentifier.Scheme + " " + m.BusinessIdentifier.ID
		units, err = d.cc.Client.MerchantSalesUnits(ctx, creds, m.BusinessIdentifier.vipps())
	} else {
		units, err = d.cc.Client.SalesUnits(ctx, creds)
	}
	if err != nil {
		resp.Diagnostics.Append(managementFailed(d.cc, what, err))
		return
	}
	m.SalesUnits = make([]salesUnitInfoModel, 0, len(units))
	m.ByMSN = make(map[string]salesUnitInfoModel, len(units))
	for _, u := range units {
		info := salesUnitInfoModel{MerchantSerialNumber: u.MerchantSerialNumber, Name: u.Name}
		m.SalesUnits = append(m.SalesUnits, info)
		m.ByMSN[u.MerchantSerialNumber] = info
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// businessIdentifierAttributes are the inputs naming a merchant, in every data source.
func businessIdentifierAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
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
	}
}
