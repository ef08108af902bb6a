// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package provider holds the Terraform adapters of the vippsmobilepay provider: it decodes
// configuration, validates it, and calls internal/vipps. It holds no API logic of its own.
package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keyset"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/productorder"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/settings"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// Address is the provider's source address.
const Address = "registry.terraform.io/vippsmobilepay-community/vippsmobilepay"

var (
	_ provider.Provider                       = (*vippsProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*vippsProvider)(nil)
	_ provider.ProviderWithFunctions          = (*vippsProvider)(nil)
	_ provider.ProviderWithListResources      = (*vippsProvider)(nil)
	_ provider.ProviderWithActions            = (*vippsProvider)(nil)
)

// New returns a constructor of the provider, as providerserver wants.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &vippsProvider{version: version} }
}

type vippsProvider struct {
	version string
	// httpClient, when set, replaces the client's own pooled one (tests inject faults with it).
	httpClient *http.Client
	// clock tells the time to every component and the API client; nil means the system clock.
	clock clock.Clock
	// retryTimeout, when set, replaces the client's retry budget (tests of persistent faults).
	retryTimeout time.Duration
}

type providerModel struct {
	Environment          types.String `tfsdk:"environment"`
	BaseURL              types.String `tfsdk:"base_url"`
	ClientID             types.String `tfsdk:"client_id"`
	ClientSecret         types.String `tfsdk:"client_secret"`
	SubscriptionKey      types.String `tfsdk:"subscription_key"`
	MerchantSerialNumber types.String `tfsdk:"merchant_serial_number"`
	SystemName           types.String `tfsdk:"system_name"`
	SystemVersion        types.String `tfsdk:"system_version"`
	MaxRetries           types.Int64  `tfsdk:"max_retries"`
	// Not timetypes.GoDuration: its diagnostic for a malformed value prints a literal "\n\n"
	// (timetypes v0.5.0); durationValidator says it in one clean sentence.
	RequestTimeout   types.String `tfsdk:"request_timeout"`
	OnRefreshFailure types.String `tfsdk:"on_refresh_failure"`
}

// What a refresh that cannot check a key set does (on_refresh_failure).
const (
	refreshFailureError   = settings.RefreshFailureError
	refreshFailureWarning = settings.RefreshFailureWarning
)

func (p *vippsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "vippsmobilepay"
	resp.Version = p.version
}

func (p *vippsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Vipps MobilePay sales-unit API credentials as code: verifies key sets against " +
			"the Access Token API and hands them, verified, to the secret stores applications read. Every argument " +
			"can also be set by an environment variable `VIPPSMOBILEPAY_<NAME>`, e.g. `VIPPSMOBILEPAY_BASE_URL`; " +
			"a value in the configuration wins over the environment variable.",
		Attributes: map[string]schema.Attribute{
			"environment": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The Vipps MobilePay environment resources use unless they say "+
					"otherwise: %s (`%s`) or %s (`%s`). Defaults to `%s`. Test and production have separate keys "+
					"and sales units, which never cross. Environment variable: `VIPPSMOBILEPAY_ENVIRONMENT`.",
					"`test`", keys.BaseURLTest, "`production`", keys.BaseURLProduction, keys.EnvironmentTest),
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(keys.Environments()...)},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Sends every request to this base URL instead of the environment's, e.g. the " +
					"local sandbox (`http://127.0.0.1:8787`) or a proxy. Must be `https://` unless the host is a " +
					"loopback address, with no query, fragment, user name or password. A host spelt with letters " +
					"beyond ASCII, or in punycode (`xn--`), gets a warning: a letter of another script can pass " +
					"for a Latin one, and the keys go there. Environment variable: `VIPPSMOBILEPAY_BASE_URL`.",
				Optional:   true,
				Validators: []validator.String{baseURLRule},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "The provider's own `client_id` (a GUID), used by operations that need API " +
					"access of their own, such as data sources. Optional: needed only when such an operation " +
					"runs. Environment variable: `VIPPSMOBILEPAY_CLIENT_ID`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrClientID)},
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "The provider's own `client_secret` (Base64). Optional; prefer the " +
					"environment variable `VIPPSMOBILEPAY_CLIENT_SECRET` to keep it out of files.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrClientSecret)},
			},
			"subscription_key": schema.StringAttribute{
				MarkdownDescription: "The provider's own `Ocp-Apim-Subscription-Key` (either the primary or the " +
					"secondary key). Optional. Environment variable: `VIPPSMOBILEPAY_SUBSCRIPTION_KEY`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrSubscriptionKey)},
			},
			"merchant_serial_number": schema.StringAttribute{
				MarkdownDescription: "The Merchant Serial Number (MSN) the provider's own keys belong to, or, " +
					"with partner keys, the merchant to act for; sent as `Merchant-Serial-Number`. Optional. " +
					"Environment variable: `VIPPSMOBILEPAY_MERCHANT_SERIAL_NUMBER`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{keyFormatValidator(keys.AttrMerchantSerialNumber)},
			},
			"system_name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Sent as the `Vipps-System-Name` header, so Vipps MobilePay can "+
					"tell your integration apart (at most %d characters). Defaults to `%s`. Environment "+
					"variable: `VIPPSMOBILEPAY_SYSTEM_NAME`.", vipps.SystemHeaderMaxLength, vipps.DefaultSystemName),
				Optional:   true,
				Validators: []validator.String{systemHeaderRule},
			},
			"system_version": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Sent as the `Vipps-System-Version` header (at most %d "+
					"characters). Defaults to the Terraform version. Environment variable: "+
					"`VIPPSMOBILEPAY_SYSTEM_VERSION`.", vipps.SystemHeaderMaxLength),
				Optional:   true,
				Validators: []validator.String{systemHeaderRule},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a request is retried after HTTP %s, a garbled "+
					"answer or a connection failure, with exponential backoff and jitter. HTTP 429 (and a "+
					"`Retry-After`, which then holds back every request to the host, with jitter) is retried "+
					"for as long as the retry budget of %s per request lasts, not counted here; `0` turns every "+
					"retry off. Other errors are never retried. Defaults to `%d`. Environment variable: "+
					"`VIPPSMOBILEPAY_MAX_RETRIES`.", statusList(retriedServerStatuses()), vipps.DefaultRetryTimeout,
					vipps.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, settings.MaxRetriesLimit)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one HTTP attempt may take, as a Go duration such as "+
					"`30s` or `2m`; at least `%s`. Defaults to `%s`. Environment variable: "+
					"`VIPPSMOBILEPAY_REQUEST_TIMEOUT`.", vipps.MinRequestTimeout, vipps.DefaultRequestTimeout),
				Optional:   true,
				Validators: []validator.String{requestTimeoutRule},
			},
			"on_refresh_failure": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("What a refresh does when it cannot check a key set's stored keys "+
					"(the API unreachable, a 5xx, a timeout): `%s` (the default) fails the plan, so a scheduled "+
					"`terraform plan -detailed-exitcode` drift check never passes without having looked; `%s` "+
					"plans anyway and says so. Keys the API refuses are drift either way, never a failure. "+
					"Environment variable: `VIPPSMOBILEPAY_ON_REFRESH_FAILURE`.", refreshFailureError, refreshFailureWarning),
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(refreshFailureError, refreshFailureWarning)},
			},
		},
	}
}

// ConfiguredClient is what Configure hands to every resource, data source, ephemeral
// resource and function: one API client, shared by the whole run, and the provider's defaults.
type ConfiguredClient struct {
	Client *vipps.Client
	// Environment is the default for components that do not set their own.
	Environment string
	// Credentials are the provider's own keys; any of them may be empty.
	Credentials vipps.Credentials
	// Unknown names provider arguments whose values were unknown when the provider was
	// configured (during a plan); operations that need the API report them.
	Unknown []string
	// Clock is the one clock of the run: verified_at, token expiry and order lifetimes read it.
	Clock clock.Clock
	// BaseURL is the provider's base_url override, "" when requests go to the environments' hosts.
	BaseURL string
	// OnRefreshFailure is refreshFailureError or refreshFailureWarning.
	OnRefreshFailure string
	// RequestTimeout bounds one HTTP attempt (request_timeout), for diagnostics that name it.
	RequestTimeout time.Duration
	// KeySets proves key sets through Client: the one way every component checks keys.
	KeySets keyset.Checker
	// Orders creates, reads and deletes product orders through Client.
	Orders productorder.Orders
}

// ready reports why the provider cannot call the API now: it was never configured (a bug), or,
// when calls is set, arguments it needs are not known until apply.
func (cc *ConfiguredClient) ready(calls bool) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case cc == nil:
		diags.Append(providerNotConfigured())
	case calls && len(cc.Unknown) > 0:
		diags.Append(unknownProviderArguments(cc.Unknown))
	}
	return diags
}

// defaultEnvironment is the environment of key sets that do not name one: unknown while the
// provider is not configured (validation) or its environment is not known yet.
func (cc *ConfiguredClient) defaultEnvironment() types.String {
	if cc == nil || slices.Contains(cc.Unknown, "environment") {
		return types.StringUnknown()
	}
	return types.StringValue(cc.Environment)
}

func (p *vippsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, problems := settings.Resolve(cfg.block(req.TerraformVersion), os.Getenv)
	if resp.Diagnostics.Append(settingsProblems(problems)...); resp.Diagnostics.HasError() {
		return
	}
	cc := p.configuredClient(s)
	resp.DataSourceData = cc
	resp.ResourceData = cc
	resp.EphemeralResourceData = cc
	resp.ListResourceData = cc
	resp.ActionData = cc
}

// configuredClient is the run's one client, with the settings every component reads.
func (p *vippsProvider) configuredClient(s settings.Settings) *ConfiguredClient {
	clk := clock.OrReal(p.clock)
	client := vipps.New(vipps.Config{
		BaseURL:        s.BaseURL,
		HTTPClient:     p.httpClient,
		SystemName:     s.SystemName,
		SystemVersion:  s.SystemVersion,
		PluginVersion:  settings.Header(p.version),
		MaxRetries:     s.MaxRetries,
		RequestTimeout: s.RequestTimeout,
		RetryTimeout:   p.retryTimeout,
		Logger:         tflogLogger{},
		Clock:          clk,
	})
	cc := &ConfiguredClient{Client: client, Environment: s.Environment, Credentials: s.Credentials, Unknown: s.Unknown,
		Clock: clk, BaseURL: s.BaseURL, OnRefreshFailure: s.OnRefreshFailure, RequestTimeout: s.RequestTimeout,
		KeySets: keyset.Checker{Client: client, Clock: clk},
		Orders:  productorder.Orders{Client: client, Clock: clk, Logger: tflogLogger{}}}
	// The provider's own keys, when complete, may ask the Management API about the MSN of a
	// refused key set.
	if len(s.Credentials.Missing()) == 0 {
		cc.KeySets.Lookup = &s.Credentials
	}
	return cc
}

// block is the provider block as package settings reads it.
func (m providerModel) block(terraformVersion string) settings.Block {
	value := func(v types.String) settings.Value {
		return settings.Value{Set: !v.IsNull(), Unknown: v.IsUnknown(), Text: v.ValueString()}
	}
	return settings.Block{
		Environment: value(m.Environment), BaseURL: value(m.BaseURL),
		ClientID: value(m.ClientID), ClientSecret: value(m.ClientSecret), SubscriptionKey: value(m.SubscriptionKey),
		MerchantSerialNumber: value(m.MerchantSerialNumber),
		SystemName:           value(m.SystemName), SystemVersion: value(m.SystemVersion),
		OnRefreshFailure: value(m.OnRefreshFailure), RequestTimeout: value(m.RequestTimeout),
		MaxRetries: settings.Value{Set: !m.MaxRetries.IsNull(), Unknown: m.MaxRetries.IsUnknown(),
			Text: strconv.FormatInt(m.MaxRetries.ValueInt64(), 10)},
		TerraformVersion: terraformVersion,
	}
}

// settingsProblems words what package settings found wrong with the provider's settings.
func settingsProblems(problems []settings.Problem) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, p := range problems {
		if p.Warning {
			diags.Append(baseURLHostWarning(p.EnvVar, p.Problem))
		} else {
			diags.Append(invalidEnvironmentVariable(p.Attribute, p.EnvVar, p.Problem))
		}
	}
	return diags
}

// retriedServerStatuses are the retried statuses other than 429, which the retry budget bounds.
func retriedServerStatuses() []int {
	var out []int
	for _, s := range vipps.RetriedStatuses {
		if s != http.StatusTooManyRequests {
			out = append(out, s)
		}
	}
	return out
}

// statusList renders HTTP statuses as "500, 502, 503 or 504".
func statusList(statuses []int) string {
	parts := make([]string, len(statuses))
	for i, s := range statuses {
		parts[i] = strconv.Itoa(s)
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

func envVarName(attr string) string { return settings.EnvVar(attr) }

func (p *vippsProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewKeySetResource,
		NewProductOrderResource,
	}
}

func (p *vippsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewAccessTokenDataSource,
		NewSalesUnitDataSource,
		NewSalesUnitsDataSource,
		NewMerchantDataSource,
		NewPricePackagesDataSource,
	}
}

func (p *vippsProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewAccessTokenEphemeralResource,
		NewKeySetEphemeralResource,
	}
}

// ListResources serve terraform query (Terraform 1.14 and later).
func (p *vippsProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewKeySetListResource,
	}
}

// Actions serve terraform apply -invoke and action_trigger (Terraform 1.14 and later).
func (p *vippsProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		NewVerifyKeysAction,
	}
}

func (p *vippsProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewIsClientIDFunction,
		NewIsClientSecretFunction,
		NewIsSubscriptionKeyFunction,
		NewIsMerchantSerialNumberFunction,
		NewKeySetProblemsFunction,
		NewBaseURLFunction,
		NewCredentialsJSONFunction,
	}
}

// configuredClient reads the provider data every component's Configure receives. It returns
// nil, without a diagnostic, while the provider is not configured yet (Terraform calls
// Configure on components before the provider during validation).
func configuredClient(data any, diags *diag.Diagnostics) *ConfiguredClient {
	if data == nil {
		return nil
	}
	cc, ok := data.(*ConfiguredClient)
	if !ok {
		diags.Append(unexpectedProviderData(data))
		return nil
	}
	return cc
}
