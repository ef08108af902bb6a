// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

var (
	_ datasource.DataSource              = (*merchantDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*merchantDataSource)(nil)
)

// NewMerchantDataSource returns the vippsmobilepay_merchant data source.
func NewMerchantDataSource() datasource.DataSource { return &merchantDataSource{} }

type merchantDataSource struct {
	cc *ConfiguredClient
}

type merchantModel struct {
	Scheme              string        `tfsdk:"scheme"`
	ID                  string        `tfsdk:"id"`
	Name                types.String  `tfsdk:"name"`
	Status              types.String  `tfsdk:"status"`
	CountryCode         types.String  `tfsdk:"country_code"`
	CreatedAt           types.String  `tfsdk:"created_at"`
	UpdatedAt           types.String  `tfsdk:"updated_at"`
	BusinessAddress     *addressModel `tfsdk:"business_address"`
	BusinessPostAddress *addressModel `tfsdk:"business_post_address"`
}

type addressModel struct {
	Lines       []string     `tfsdk:"lines"`
	PostCode    types.String `tfsdk:"post_code"`
	City        types.String `tfsdk:"city"`
	CountryCode types.String `tfsdk:"country_code"`
}

func newAddressModel(a *vipps.Address) *addressModel {
	if a == nil {
		return nil
	}
	lines := a.Lines
	if lines == nil {
		lines = []string{}
	}
	return &addressModel{
		Lines:       lines,
		PostCode:    stringOrNull(a.PostCode),
		City:        stringOrNull(a.City),
		CountryCode: stringOrNull(a.CountryCode),
	}
}

func addressAttributes(what string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "The merchant's " + what + "; null when the API has none.",
		Computed:            true,
		Attributes: map[string]schema.Attribute{
			"lines":        schema.ListAttribute{MarkdownDescription: "Address lines (may be empty).", ElementType: types.StringType, Computed: true},
			"post_code":    schema.StringAttribute{MarkdownDescription: "Post code.", Computed: true},
			"city":         schema.StringAttribute{MarkdownDescription: "City.", Computed: true},
			"country_code": schema.StringAttribute{MarkdownDescription: "Country code (ISO 3166-1 alpha-2).", Computed: true},
		},
	}
}

func (d *merchantDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_merchant"
}

func (d *merchantDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a merchant by business identifier (`GET /management/v1/merchants/{scheme}/{id}`)." +
			managementNote,
		Attributes: merchantAttributes(),
	}
}

func merchantAttributes() map[string]schema.Attribute {
	attrs := businessIdentifierAttributes()
	for name, a := range map[string]schema.Attribute{
		"name":                  schema.StringAttribute{MarkdownDescription: "The merchant's name.", Computed: true},
		"status":                schema.StringAttribute{MarkdownDescription: "`ACTIVE` or `DEACTIVATED`.", Computed: true},
		"country_code":          schema.StringAttribute{MarkdownDescription: "The merchant's country (ISO 3166-1 alpha-2).", Computed: true},
		"created_at":            schema.StringAttribute{MarkdownDescription: "When the merchant was created, as the API says it (ISO 8601).", Computed: true},
		"updated_at":            schema.StringAttribute{MarkdownDescription: "When the merchant was last updated (ISO 8601).", Computed: true},
		"business_address":      addressAttributes("business address"),
		"business_post_address": addressAttributes("postal address"),
	} {
		attrs[name] = a
	}
	return attrs
}

func (d *merchantDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *merchantDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m merchantModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creds, diags := managementCredentials(d.cc)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	merchant, err := d.cc.Client.Merchant(ctx, creds, vipps.BusinessIdentifier{Scheme: m.Scheme, ID: m.ID})
	if err != nil {
		resp.Diagnostics.Append(managementFailed(d.cc, "merchant "+m.Scheme+" "+m.ID, err))
		return
	}
	m.Name = types.StringValue(merchant.Name)
	m.Status = stringOrNull(merchant.Status)
	m.CountryCode = stringOrNull(merchant.CountryCode)
	m.CreatedAt = stringOrNull(merchant.CreatedAt)
	m.UpdatedAt = stringOrNull(merchant.UpdatedAt)
	m.BusinessAddress = newAddressModel(merchant.BusinessAddress)
	m.BusinessPostAddress = newAddressModel(merchant.BusinessPostAddress)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
