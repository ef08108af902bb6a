// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*pricePackagesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*pricePackagesDataSource)(nil)
)

// NewPricePackagesDataSource returns the vippsmobilepay_price_packages data source.
func NewPricePackagesDataSource() datasource.DataSource { return &pricePackagesDataSource{} }

type pricePackagesDataSource struct {
	cc *ConfiguredClient
}

type pricePackagesModel struct {
	PricePackages []pricePackageModel `tfsdk:"price_packages"`
}

type pricePackageModel struct {
	ID                  string       `tfsdk:"price_package_id"`
	Name                string       `tfsdk:"name"`
	Description         types.String `tfsdk:"description"`
	VisibleInSignupForm types.Bool   `tfsdk:"visible_in_signup_form"`
	ProductType         types.String `tfsdk:"product_type"`
	Market              types.String `tfsdk:"market"`
	Commission          types.String `tfsdk:"commission"`
}

func (d *pricePackagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_price_packages"
}

func (d *pricePackagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the partner's price packages (`GET /management/v1/partners/price-packages`), for " +
			"`price_package_id` of a product order. Needs partner keys." + managementNote,
		Attributes: map[string]schema.Attribute{
			"price_packages": schema.ListNestedAttribute{
				MarkdownDescription: "The price packages.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"price_package_id":       schema.StringAttribute{MarkdownDescription: "The price package's UUID.", Computed: true},
					"name":                   schema.StringAttribute{MarkdownDescription: "Its name, e.g. `POS standard`.", Computed: true},
					"description":            schema.StringAttribute{MarkdownDescription: "A short price summary, e.g. `2.99%`.", Computed: true},
					"visible_in_signup_form": schema.BoolAttribute{MarkdownDescription: "Whether merchants see it in the signup form.", Computed: true},
					"product_type":           schema.StringAttribute{MarkdownDescription: "The product it prices.", Computed: true},
					"market":                 schema.StringAttribute{MarkdownDescription: "`NO`, `DK` or `FI`.", Computed: true},
					"commission":             schema.StringAttribute{MarkdownDescription: "The partner's commission, e.g. `30 %`; null when none.", Computed: true},
				}},
			},
		},
	}
}

func (d *pricePackagesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *pricePackagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	creds, diags := managementCredentials(d.cc)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	packages, err := d.cc.Client.PricePackages(ctx, creds)
	if err != nil {
		resp.Diagnostics.Append(managementFailed(d.cc, "the partner's price packages", err))
		return
	}
	m := pricePackagesModel{PricePackages: make([]pricePackageModel, 0, len(packages))}
	for _, p := range packages {
		m.PricePackages = append(m.PricePackages, pricePackageModel{
			ID:                  p.ID,
			Name:                p.Name,
			Description:         stringOrNull(p.Description),
			VisibleInSignupForm: types.BoolValue(p.VisibleInSignupForm),
			ProductType:         stringOrNull(p.ProductType),
			Market:              stringOrNull(p.Market),
			Commission:          stringOrNull(p.Commission),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
