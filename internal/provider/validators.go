package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/management"
)

var _ provider.ProviderWithValidateConfig = (*vippsProvider)(nil)

// envCheckedAtValidate are the provider arguments whose environment variables terraform validate
// checks when the configuration leaves them unset: those that decide where requests go and how
// long they may take. The rest are checked when the provider is configured.
var envCheckedAtValidate = []string{"base_url", "request_timeout"}

// ValidateConfig checks the provider block beyond its attributes' validators: the environment
// variables of envCheckedAtValidate, and whether base_url's host deserves a second look.
// Terraform does not call it for an empty provider block (or none); Configure checks the
// variables then. Nothing is looked up.
func (p *vippsProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	configured := map[string]types.String{"base_url": cfg.BaseURL, "request_timeout": cfg.RequestTimeout}
	for _, attr := range envCheckedAtValidate {
		value, envVar := configured[attr], envVarName(attr)
		if !value.IsNull() || os.Getenv(envVar) == "" {
			continue
		}
		if problem := checkProviderValue(attr, os.Getenv(envVar)); problem != "" {
			resp.Diagnostics.Append(invalidEnvironmentVariable(attr, envVar, problem))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case cfg.BaseURL.IsUnknown():
	case !cfg.BaseURL.IsNull():
		if problem := baseURLHostProblem(cfg.BaseURL.ValueString()); problem != "" {
			resp.Diagnostics.Append(baseURLHostWarning("", problem))
		}
	default:
		if problem := baseURLHostProblem(os.Getenv(envVarName("base_url"))); problem != "" {
			resp.Diagnostics.Append(baseURLHostWarning(envVarName("base_url"), problem))
		}
	}
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

// baseURL accepts an absolute URL with https, or http to a loopback host (a local sandbox).
type baseURL struct{}

func baseURLValidator() validator.String { return baseURL{} }

func (baseURL) Description(context.Context) string {
	return "an absolute https:// URL, or http:// to a loopback address"
}

func (v baseURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := checkBaseURL(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.Append(invalidAttributeFormat(req.Path, problem))
	}
}

// checkBaseURL returns "" for a usable base URL, else the problem. The URL is quoted: it is not
// a secret, unless it carries user info, which is refused without quoting.
func checkBaseURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "must be an absolute URL such as https://apitest.vipps.no or http://127.0.0.1:8787"
	}
	if u.User != nil {
		return "must not carry a user name or password; pass credentials through the provider's credential arguments"
	}
	// Even a bare "?" or "#": the client appends API paths to the base URL, and after one the
	// paths became a query or a fragment, sending every request to the host's root.
	if u.ForceQuery || u.RawQuery != "" || strings.Contains(raw, "#") {
		return fmt.Sprintf("must not have a query or fragment, got %q", raw)
	}
	if port := u.Port(); port != "" || strings.HasSuffix(u.Host, ":") {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("must have a port from 1 to 65535, got %q", raw)
		}
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fmt.Sprintf("must use https:// unless the host is a loopback address (localhost, 127.0.0.0/8, ::1); got %q", raw)
	}
	return ""
}

// baseURLHostProblem returns, for a base URL whose host is spelt with letters beyond ASCII or
// with a punycode label (xn--) that stands for them, why that deserves a second look, naming the
// host; else "". A letter of another script can pass for a Latin one (a Cyrillic і in
// vіpps.no), and every request carries keys to that host. It looks nothing up.
func baseURLHostProblem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	host := u.Hostname()
	switch {
	case strings.ContainsFunc(host, func(r rune) bool { return r > unicode.MaxASCII }):
		return fmt.Sprintf("has letters beyond ASCII in its host, %s (escaped), which may look like "+
			"another host", strconv.QuoteToASCII(host))
	case slices.ContainsFunc(strings.Split(host, "."), isPunycodeLabel):
		return fmt.Sprintf("has a host in punycode, %s, which stands for a name with letters beyond ASCII "+
			"that may look like another host", host)
	}
	return ""
}

func isPunycodeLabel(label string) bool {
	return len(label) > 4 && strings.EqualFold(label[:4], "xn--")
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// systemHeader accepts what can travel in a Vipps-System-* header: 1 to 30 printable
// characters. A control character (a pasted newline) would make every request fail to send.
type systemHeader struct{}

func systemHeaderValidator() validator.String { return systemHeader{} }

func (systemHeader) Description(context.Context) string {
	return fmt.Sprintf("1 to %d printable characters", systemHeaderMaxLength)
}

func (v systemHeader) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (systemHeader) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := checkSystemHeader(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.Append(invalidAttributeFormat(req.Path, problem))
	}
}

func checkSystemHeader(value string) string {
	for _, r := range value {
		if r < 0x20 || r == 0x7f || !unicode.IsPrint(r) {
			return "must not contain control characters such as a newline or a tab: it is sent as an HTTP header"
		}
	}
	if value == "" || len(value) > systemHeaderMaxLength {
		return fmt.Sprintf("must be 1 to %d characters", systemHeaderMaxLength)
	}
	return ""
}

// duration accepts a positive Go duration string such as "30s".
type duration struct{}

func durationValidator() validator.String { return duration{} }

func (duration) Description(context.Context) string {
	return "a positive duration such as 30s, 1m30s or 2m"
}

func (v duration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (duration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, problem := parseTimeout(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.Append(invalidAttributeFormat(req.Path, problem))
	}
}

// minRequestTimeout is the shortest request_timeout accepted. One attempt holds the DNS lookup,
// the TCP and TLS handshakes and the answer, and the token endpoint asks Azure AD behind it:
// hundreds of milliseconds from the Nordics, more from farther away or through a proxy. Below a
// second a working API would time out, and the failure look like an outage.
const minRequestTimeout = time.Second

func parseTimeout(raw string) (time.Duration, string) {
	d, err := time.ParseDuration(raw)
	switch {
	case err != nil || d <= 0:
		return 0, fmt.Sprintf("must be a positive duration such as 30s or 2m, got %q", raw)
	case d < minRequestTimeout:
		return 0, fmt.Sprintf("must be at least %s, got %q: no round trip to the API fits in less", minRequestTimeout, raw)
	}
	return d, ""
}

// managementRule validates a string attribute against a rule of package management, which the
// sandbox applies too. Null and unknown values pass.
type managementRule struct {
	description string
	check       func(string) string
}

func (v managementRule) Description(context.Context) string { return "value " + v.description }

func (v managementRule) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v managementRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
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
	return managementRule{management.ProblemBusinessID, management.CheckBusinessID}
}

// businessIDSchemeValidator checks a business identifier scheme as the API does.
func businessIDSchemeValidator() validator.String {
	return managementRule{management.ProblemScheme, management.CheckScheme}
}
