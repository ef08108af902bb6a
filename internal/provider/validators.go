// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/settings"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

var _ provider.ProviderWithValidateConfig = (*vippsProvider)(nil)

// ValidateConfig checks the provider block beyond its attributes' validators (settings.Validate):
// the environment variables that decide where requests go and how long they may take, and
// whether base_url's host deserves a second look. Terraform does not call it for an empty
// provider block (or none); Configure checks the variables then. Nothing is looked up.
func (p *vippsProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(settingsProblems(settings.Validate(cfg.block(""), os.Getenv))...)
}

// keyFormat validates a string attribute against the internal/keys rule of the same name. It
// never quotes the value: it may be a secret. Null and unknown values pass.
type keyFormat struct {
	attribute string // the internal/keys attribute whose rule applies
}

func keyFormatValidator(attribute string) validator.String { return keyFormat{attribute: attribute} }

func (v keyFormat) Description(context.Context) string {
	return "value " + keys.Check(v.attribute, "")
}

func (v keyFormat) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v keyFormat) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d := keyFormatDiagnostic(req.Path, v.attribute, req.ConfigValue.ValueString()); d != nil {
		resp.Diagnostics.Append(d)
	}
}

// keyFormatDiagnostic is the error for a malformed key set value at p, or nil when it is well
// formed. A secret is named in the text, never pointed at.
func keyFormatDiagnostic(p path.Path, attribute, value string) diag.Diagnostic {
	problem := keys.Check(attribute, value)
	switch {
	case problem == "":
		return nil
	case keys.IsSecret(attribute):
		return invalidSecretFormat(p, problem)
	}
	return invalidAttributeFormat(p, problem)
}

// rule validates a string attribute against a rule of a Terraform-free package (management's,
// which the sandbox applies too, or the client's settings). Null and unknown values pass.
type rule struct {
	description string
	check       func(string) string
}

func (v rule) Description(context.Context) string { return "value " + v.description }

func (v rule) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v rule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.check(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.Append(invalidAttributeFormat(req.Path, problem))
	}
}

// websiteURL checks a website URL of a product order (management.CheckHTTPSURL). A URL with a
// user name or password is refused without pointing at it: Terraform would print its source
// line, password and all.
type websiteURL struct{}

func websiteURLValidator() validator.String { return websiteURL{} }

func (websiteURL) Description(context.Context) string {
	return "value must be an https:// URL without a user name or password"
}

func (v websiteURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (websiteURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	switch problem := management.CheckHTTPSURL(req.ConfigValue.ValueString()); problem {
	case "":
	case management.ProblemURLCredentials:
		resp.Diagnostics.Append(urlCarriesCredentials(req.Path, problem))
	default:
		resp.Diagnostics.Append(invalidAttributeFormat(req.Path, problem))
	}
}

// businessIDValidator checks an organisation number as the API does: 4 to 50 digits and hyphens.
func businessIDValidator() validator.String {
	return rule{management.ProblemBusinessID, management.CheckBusinessID}
}

// The provider's settings, by the client's rules.
var (
	baseURLRule        = rule{"must be an absolute https:// URL, or http:// to a loopback address", vipps.CheckBaseURL}
	systemHeaderRule   = rule{fmt.Sprintf("must be 1 to %d printable characters", vipps.SystemHeaderMaxLength), vipps.CheckSystemHeader}
	requestTimeoutRule = rule{fmt.Sprintf("must be a duration of at least %s, such as 30s or 2m", vipps.MinRequestTimeout),
		func(s string) string { _, problem := vipps.ParseRequestTimeout(s); return problem }}
)

// businessIDSchemeValidator checks a business identifier scheme as the API does.
func businessIDSchemeValidator() validator.String {
	return rule{management.ProblemScheme, management.CheckScheme}
}
