// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// formatFunction is one of the is_* functions: it tells whether a string is a well-formed
// value of one key set attribute, by the same rule the resource's validators use.
type formatFunction struct {
	name      string // function name, e.g. "is_client_id"
	attribute string // the internal/keys attribute whose rule applies
	what      string // the value in a user's words, e.g. "a client_id"
	example   string
}

var _ function.Function = formatFunction{}

// NewIsClientIDFunction returns provider::vippsmobilepay::is_client_id.
func NewIsClientIDFunction() function.Function {
	return formatFunction{"is_client_id", keys.AttrClientID, "a client_id", `"` + keys.ExampleClientID + `"`}
}

// NewIsClientSecretFunction returns provider::vippsmobilepay::is_client_secret.
func NewIsClientSecretFunction() function.Function {
	return formatFunction{"is_client_secret", keys.AttrClientSecret, "a client_secret", "var.client_secret"}
}

// NewIsSubscriptionKeyFunction returns provider::vippsmobilepay::is_subscription_key.
func NewIsSubscriptionKeyFunction() function.Function {
	return formatFunction{"is_subscription_key", keys.AttrSubscriptionKey, "an Ocp-Apim-Subscription-Key", "var.subscription_key"}
}

// NewIsMerchantSerialNumberFunction returns provider::vippsmobilepay::is_merchant_serial_number.
func NewIsMerchantSerialNumberFunction() function.Function {
	return formatFunction{"is_merchant_serial_number", keys.AttrMerchantSerialNumber, "a merchant serial number",
		`"` + keys.ExampleMerchantSerialNumber + `"`}
}

func (f formatFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = f.name
}

func (f formatFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	where := "A merchant serial number is not a secret, so a `variable` `validation` block suits it, " +
		"as do preconditions and `check` blocks."
	if keys.IsSecret(f.attribute) {
		where = secretChecksAdvice
	}
	resp.Definition = function.Definition{
		Summary: fmt.Sprintf("Whether a string is %s", f.what),
		MarkdownDescription: fmt.Sprintf("Returns `true` when the value is %s: a %s %s. It uses the "+
			"same rule as the provider's own validation, works offline and never calls the API, e.g. "+
			"`provider::vippsmobilepay::%s(%s)`. A null value is not well-formed (`false`); an unknown value "+
			"gives an unknown result.\n\n%s",
			f.what, f.attribute, keys.Check(f.attribute, ""), f.name, f.example, where),
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:           "value",
				Description:    "The value to check. It is never echoed in any message.",
				AllowNullValue: true,
			},
		},
		Return: function.BoolReturn{},
	}
}

// secretChecksAdvice says where a check of a secret is safe, and why a variable's own validation
// block is not: measured on Terraform 1.11.4 and 1.15.9 and OpenTofu 1.12.6.
const secretChecksAdvice = "-> **Check a secret where its value cannot be printed.** Safe: a `lifecycle` " +
	"`precondition` of the resource or output that uses the secret, a `check` block (a warning that does not " +
	"stop the run), and the `vippsmobilepay_key_set` resource and ephemeral resource themselves, which check " +
	"every key at plan and name the fault (\"client_secret has a trailing newline; remove it (trimspace())\") " +
	"without the value. Not safe: a `validation` block on the variable that holds the secret. When it fails, " +
	"Terraform prints the line of the `.tfvars` file the value came from, even for a `sensitive` or " +
	"`ephemeral` variable and whatever its type, and Terraform 1.11 prints a sensitive variable's value " +
	"itself however it was passed (OpenTofu prints neither)."

func (f formatFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var value types.String
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &value))
	if resp.Error != nil {
		return
	}
	ok := !value.IsNull() && keys.Check(f.attribute, value.ValueString()) == ""
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, ok))
}
