// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

var (
	_ list.ListResource                   = (*keySetListResource)(nil)
	_ list.ListResourceWithConfigure      = (*keySetListResource)(nil)
	_ list.ListResourceWithValidateConfig = (*keySetListResource)(nil)
)

// NewKeySetListResource returns the vippsmobilepay_key_set list resource (terraform query).
func NewKeySetListResource() list.ListResource { return &keySetListResource{} }

// keySetListResource lists the sales units with API keys that the provider's keys reach, as
// key set identities, so a partner can adopt an existing fleet with terraform query.
type keySetListResource struct {
	cc *ConfiguredClient
}

type keySetListModel struct {
	Environment           types.String `tfsdk:"environment"`
	MerchantSerialNumbers []string     `tfsdk:"merchant_serial_numbers"`
	NameContains          types.String `tfsdk:"name_contains"`
}

func (r *keySetListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_key_set"
}

func (r *keySetListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists, for `terraform query` (Terraform 1.14 and later), every sales unit with API keys " +
			"that the provider's credentials reach, as `vippsmobilepay_key_set` identities named after the sales unit: " +
			"with partner keys the units of every merchant connected to the partner, with a sales unit's own keys its " +
			"merchant's units. Vippsnummer units, which have no API keys, never appear. One Management API call " +
			"(`GET /management/v1/sales-units`) lists them all.\n\n" +
			"`terraform query -generate-config-out=FILE` writes an `import` block (by identity) and a key set " +
			"block for each; no API reveals keys, so the blocks hold the sales unit and environment and leave " +
			"the keys for you to fill in (see the guide *Partners: onboarding merchants at scale*)." + managementNote,
		Attributes: map[string]schema.Attribute{
			"environment": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The environment to list: must be `%s`, because the Management API "+
					"exists only there. Test sales units cannot be listed; import them by identity one by one.",
					keys.EnvironmentProduction),
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(keys.Environments()...)},
			},
			"merchant_serial_numbers": schema.ListAttribute{
				MarkdownDescription: "List only these MSNs. An MSN the provider's keys do not reach (not connected, " +
					"inactive, a Vippsnummer unit) is left out with a warning.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{
					listvalidator.ValueStringsAre(keyFormatValidator(keys.AttrMerchantSerialNumber)),
				},
			},
			"name_contains": schema.StringAttribute{
				MarkdownDescription: "List only sales units whose name contains this text, ignoring case, e.g. " +
					"`Fjordkaffe`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (r *keySetListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.cc = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *keySetListResource) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	var environment types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("environment"), &environment)...)
	if !resp.Diagnostics.HasError() && environment.ValueString() == keys.EnvironmentTest {
		resp.Diagnostics.Append(listNeedsProduction())
	}
}

func (r *keySetListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m keySetListModel
	diags := req.Config.Get(ctx, &m)
	if !diags.HasError() && m.Environment.ValueString() != keys.EnvironmentProduction {
		diags.Append(listNeedsProduction())
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	creds, diags := managementCredentials(r.cc)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	units, err := r.cc.Client.SalesUnits(ctx, creds)
	if err != nil {
		diags.Append(managementFailed(r.cc, "sales units", err))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	units, unreached := filterSalesUnits(units, m.MerchantSerialNumbers, m.NameContains.ValueString())

	stream.Results = func(push func(list.ListResult) bool) {
		if len(unreached) > 0 {
			warning := list.ListResult{}
			warning.Diagnostics.Append(salesUnitsNotListed(unreached))
			if !push(warning) {
				return
			}
		}
		for i, u := range units {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = u.Name
			environment, msn := types.StringValue(keys.EnvironmentProduction), types.StringValue(u.MerchantSerialNumber)
			result.Diagnostics.Append(setKeySetIdentity(ctx, result.Identity, environment, msn)...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, listedKeySet(u.MerchantSerialNumber))...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// listedKeySet is what terraform query -generate-config-out writes for a listed unit: the unit and
// the environment, no keys (no API reveals them), and secrets_wo_version = 1 for the write-only
// keys to fill in. Such a block validates; its plan asks for the keys.
func listedKeySet(msn string) *keySetModel {
	ks := importedKeySet(keys.EnvironmentProduction, msn)
	ks.SecretsWOVersion = types.Int64Value(1)
	return ks
}

// filterSalesUnits keeps the units the filters name, in the API's order, and returns the
// filter's MSNs that are not among the units.
func filterSalesUnits(units []vipps.MsnInfo, msns []string, nameContains string) (kept []vipps.MsnInfo, unreached []string) {
	needle := strings.ToLower(nameContains)
	for _, u := range units {
		if len(msns) > 0 && !slices.Contains(msns, u.MerchantSerialNumber) {
			continue
		}
		if needle != "" && !strings.Contains(strings.ToLower(u.Name), needle) {
			continue
		}
		kept = append(kept, u)
	}
	for _, msn := range msns {
		if !slices.ContainsFunc(units, func(u vipps.MsnInfo) bool { return u.MerchantSerialNumber == msn }) &&
			!slices.Contains(unreached, msn) {
			unreached = append(unreached, msn)
		}
	}
	return kept, unreached
}
