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
	resp.Definition = function.Definition{
		Summary: fmt.Sprintf("Whether a string is %s", f.what),
		MarkdownDescription: fmt.Sprintf("Returns `true` when the value is %s: a %s %s. It uses the "+
			"same rule as the provider's own validation, works offline and never calls the API, so it suits "+
			"`variable` validation blocks, preconditions and `check` blocks, e.g. `provider::vippsmobilepay::%s(%s)`. "+
			"A null value is not well-formed (`false`); an unknown value gives an unknown result.",
			f.what, f.attribute, keys.Check(f.attribute, ""), f.name, f.example),
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

func (f formatFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var value types.String
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &value))
	if resp.Error != nil {
		return
	}
	ok := !value.IsNull() && keys.Check(f.attribute, value.ValueString()) == ""
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, ok))
}
