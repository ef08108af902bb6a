package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

var (
	_ datasource.DataSource              = (*accessTokenDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*accessTokenDataSource)(nil)
)

// NewAccessTokenDataSource returns the vippsmobilepay_access_token data source.
func NewAccessTokenDataSource() datasource.DataSource { return &accessTokenDataSource{} }

type accessTokenDataSource struct {
	cc *ConfiguredClient
}

func (d *accessTokenDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_token"
}

func (d *accessTokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Exchanges a key set for an access token (`POST /accesstoken/get`), for Terraform " +
			"versions before 1.10.\n\n" +
			"~> **This data source stores the access token in the Terraform state** (marked sensitive) and " +
			"every plan re-reads it. On Terraform 1.10 and later use the `vippsmobilepay_access_token` ephemeral " +
			"resource instead: same inputs and results, and the token never touches plan or state.",
		Attributes: stringAttributes(accessTokenAttributes(true), dataSourceStringAttribute),
	}
}

func (d *accessTokenDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *accessTokenDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m accessTokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tok, diags := fetchAccessToken(ctx, d.cc, m.credentialInputs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.setToken(tok)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
