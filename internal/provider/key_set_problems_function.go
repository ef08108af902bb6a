package provider

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

var _ function.Function = keySetProblemsFunction{}

// NewKeySetProblemsFunction returns provider::vippsmobilepay::key_set_problems.
func NewKeySetProblemsFunction() function.Function { return keySetProblemsFunction{} }

type keySetProblemsFunction struct{}

// keySetProblemsAttributes are the attributes the function checks, in the order it reports.
var keySetProblemsAttributes = []string{
	keys.AttrMerchantSerialNumber, keys.AttrEnvironment, keys.AttrClientID, keys.AttrClientSecret,
	keys.AttrSubscriptionKey, keys.AttrSubscriptionKeyPrimary, keys.AttrSubscriptionKeySecondary,
}

func (keySetProblemsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "key_set_problems"
}

func (keySetProblemsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Every problem with a key set, in one call",
		MarkdownDescription: "Checks a whole key set offline and returns every problem as a sentence, in the same " +
			"words as the resource's diagnostics, e.g. `\"client_id " + keys.ProblemClientID + ".\"`. The list is " +
			"empty when all is well. The object may carry any of " + quotedList(keySetProblemsAttributes) +
			"; attributes left out or null are not checked. An unknown value gives an unknown result.\n\n" +
			"The sentences never contain a value, so `nonsensitive()` may show them although the key set is " +
			"sensitive: a `lifecycle` `precondition` of the resource or output that uses the keys can say exactly " +
			"what is wrong, with `condition = length(provider::vippsmobilepay::key_set_problems(var.keys)) == 0` and " +
			"`error_message = nonsensitive(join(\" \", provider::vippsmobilepay::key_set_problems(var.keys)))`. " +
			"An `error_message` may not refer to an ephemeral value at all; for ephemeral keys, give the " +
			"precondition a fixed message, or let the `vippsmobilepay_key_set` ephemeral resource check them.\n\n" +
			secretChecksAdvice,
		Parameters: []function.Parameter{
			function.DynamicParameter{
				Name:           "key_set",
				Description:    "An object (or map) with any of the key set attributes.",
				AllowNullValue: true,
			},
		},
		Return: function.ListReturn{ElementType: types.StringType},
	}
}

func (keySetProblemsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var arg types.Dynamic
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &arg))
	if resp.Error != nil {
		return
	}
	values, funcErr := keySetArgument(arg)
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	problems := []string{}
	for _, name := range keySetProblemsAttributes {
		value, ok := values[name]
		if !ok {
			continue
		}
		if p := keys.Check(name, value); p != "" {
			problems = append(problems, keys.Problem{Attribute: name, Problem: p}.String())
		}
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, problems))
}

// keySetArgument reads the non-null string attributes of an object or map argument.
func keySetArgument(arg types.Dynamic) (map[string]string, *function.FuncError) {
	if arg.IsNull() || arg.IsUnderlyingValueNull() {
		return nil, nil
	}
	var elements map[string]attr.Value
	switch v := arg.UnderlyingValue().(type) {
	case types.Object:
		elements = v.Attributes()
	case types.Map:
		elements = v.Elements()
	default:
		return nil, function.NewArgumentFuncError(0, "key_set must be an object such as "+
			`{ client_id = "...", client_secret = "..." }`)
	}
	values := map[string]string{}
	for name, v := range elements {
		if !slices.Contains(keySetProblemsAttributes, name) {
			return nil, function.NewArgumentFuncError(0, fmt.Sprintf("key_set has an attribute %q that is not a key "+
				"set attribute; expected any of %s", name, strings.Join(keySetProblemsAttributes, ", ")))
		}
		if v.IsNull() {
			continue
		}
		s, ok := stringOf(v)
		if !ok {
			return nil, function.NewArgumentFuncError(0, fmt.Sprintf("key_set attribute %s must be a string", name))
		}
		values[name] = s
	}
	return values, nil
}

// stringOf reads a string, or a whole number written without quotes (an MSN often is).
func stringOf(v attr.Value) (string, bool) {
	switch t := v.(type) {
	case types.String:
		return t.ValueString(), true
	case types.Number:
		if f := t.ValueBigFloat(); f != nil && f.IsInt() {
			i, _ := f.Int(new(big.Int))
			return i.String(), true
		}
	case types.Dynamic:
		return stringOf(t.UnderlyingValue())
	}
	return "", false
}
