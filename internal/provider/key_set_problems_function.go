// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

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
			"; attributes left out or null are not checked. The whole `vippsmobilepay_key_set` resource may be " +
			"passed: its other attributes are not checked. An unknown value gives an unknown result.\n\n" +
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
	problems := []string{}
	if !arg.IsNull() && !arg.IsUnderlyingValueNull() {
		a, ok, funcErr := readKeySetArgument(arg, keySetProblemsAttributes)
		switch {
		case funcErr != nil:
			resp.Error = funcErr
			return
		case !ok:
			resp.Error = function.NewArgumentFuncError(0, "key_set must be an object such as "+
				`{ client_id = "...", client_secret = "..." }`)
			return
		case len(notOfAKeySet(a.others)) > 0:
			resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("key_set has an attribute %q that is not a key "+
				"set attribute; expected any of %s", notOfAKeySet(a.others)[0], strings.Join(keySetProblemsAttributes, ", ")))
			return
		}
		problems = a.problems()
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, problems))
}

// keySetResourceAttributes are the vippsmobilepay_key_set resource's attributes that are no key:
// passing the whole resource to key_set_problems is fine, and they are not checked.
var keySetResourceAttributes = []string{
	"id", "verify", "verified_at", "keys_changed_at", "fingerprint", attrActiveSubscriptionKey, "rotation_triggers",
	"secrets_wo_version", "client_secret_wo", "subscription_key_primary_wo", "subscription_key_secondary_wo",
}

// notOfAKeySet are the names that are neither checked nor another attribute of the resource.
func notOfAKeySet(names []string) []string {
	var out []string
	for _, name := range names {
		if !slices.Contains(keySetResourceAttributes, name) {
			out = append(out, name)
		}
	}
	return out
}

// keySetArgument is the argument of a key set function (an object or a map of key set
// attributes), read.
type keySetArgument struct {
	names   []string          // the attributes read, in order
	values  map[string]string // their known, non-null values
	unknown map[string]bool   // those whose values are not known yet
	others  []string          // the attributes not read, sorted
}

// readKeySetArgument reads the attributes names of a key set function's argument. Each must be
// a string, or a whole number written without quotes (an MSN often is); null ones are left
// out. ok is false when the argument is neither an object nor a map.
func readKeySetArgument(arg types.Dynamic, names []string) (a keySetArgument, ok bool, funcErr *function.FuncError) {
	var elements map[string]attr.Value
	switch v := arg.UnderlyingValue().(type) {
	case types.Object:
		elements = v.Attributes()
	case types.Map:
		elements = v.Elements()
	default:
		return a, false, nil
	}
	a = keySetArgument{names: names, values: map[string]string{}, unknown: map[string]bool{}}
	for _, name := range names {
		switch v, present := elements[name]; {
		case !present || v.IsNull():
		case v.IsUnknown():
			a.unknown[name] = true
		default:
			s, isString := stringOf(v)
			if !isString {
				return a, true, function.NewArgumentFuncError(0, fmt.Sprintf("key_set attribute %s must be a string", name))
			}
			a.values[name] = s
		}
	}
	for name := range elements {
		if !slices.Contains(names, name) {
			a.others = append(a.others, name)
		}
	}
	slices.Sort(a.others)
	return a, true, nil
}

// has reports whether the argument sets an attribute, to a value known or not.
func (a keySetArgument) has(name string) bool {
	_, known := a.values[name]
	return known || a.unknown[name]
}

// problems are the key set format problems of the known values, in the order of the
// attributes read (the active slot, which is no key, aside), as sentences.
func (a keySetArgument) problems() []string {
	problems := []string{}
	for _, name := range a.names {
		value, ok := a.values[name]
		if !ok || name == attrActiveSubscriptionKey {
			continue
		}
		if p := keys.Check(name, value); p != "" {
			problems = append(problems, keys.Problem{Attribute: name, Problem: p}.String())
		}
	}
	secondary := a.values[keys.AttrSubscriptionKeySecondary]
	if keys.CheckSubscriptionKey(secondary) != "" {
		return problems // a malformed key has its own problem
	}
	for _, primary := range []string{a.values[keys.AttrSubscriptionKeyPrimary], a.values[keys.AttrSubscriptionKey]} {
		if p := keys.CheckSecondaryDiffers(primary, secondary); p != "" {
			return append(problems, keys.Problem{Attribute: keys.AttrSubscriptionKeySecondary, Problem: p}.String())
		}
	}
	return problems
}

// stringOf reads a string, or a whole number (an MSN often is).
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
