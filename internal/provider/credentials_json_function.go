// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

var _ function.Function = credentialsJSONFunction{}

// NewCredentialsJSONFunction returns provider::vippsmobilepay::credentials_json.
func NewCredentialsJSONFunction() function.Function { return credentialsJSONFunction{} }

// credentialsJSONFunction derives a key set's credentials_json from the key set itself, so that
// the JSON, which repeats every secret, need not be stored in each key set's state.
type credentialsJSONFunction struct{}

const attrActiveSubscriptionKey = "active_subscription_key"

// credentialsJSONAttributes are what the function reads of its argument; a key set resource
// carries more (fingerprint, verified_at, rotation_triggers, ...), which it ignores.
var credentialsJSONAttributes = []string{
	keys.AttrMerchantSerialNumber, keys.AttrEnvironment, keys.AttrClientID, keys.AttrClientSecret,
	keys.AttrSubscriptionKeyPrimary, keys.AttrSubscriptionKeySecondary, attrActiveSubscriptionKey,
}

// credentialsJSONWriteOnly is the error for a key set without a secret, as one whose secrets are
// write-only is: the resource's object holds no secret to derive the JSON from.
func credentialsJSONWriteOnly(missing string) *function.FuncError {
	return function.NewArgumentFuncError(0, "key_set has no "+missing+". A key set whose secrets are write-only "+
		"(client_secret_wo, subscription_key_primary_wo) never holds them, so there is no JSON to build from it: "+
		"use the credentials_json attribute of the ephemeral vippsmobilepay_key_set instead "+
		"(ephemeral.vippsmobilepay_key_set.NAME.credentials_json), which takes the same keys and stores nothing")
}

func (credentialsJSONFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "credentials_json"
}

func (credentialsJSONFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "A key set as the JSON object applications read",
		MarkdownDescription: "Returns a key set as one JSON object in the shape applications usually read, ready " +
			"for a secret store: `client_id`, `client_secret`, `subscription_key` (the active one), " +
			"`merchant_serial_number` and `base_url`, the environment's public API (`" + keys.BaseURLTest +
			"` or `" + keys.BaseURLProduction + "`), as the `base_url()` function returns it; the provider's own " +
			"`base_url` override (a sandbox, a proxy) never appears. Pass the key set resource itself: " +
			"`provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop)`. It reads " +
			quotedList(credentialsJSONAttributes) + " and ignores every other attribute; an object or a map with " +
			"those attributes works too (`active_subscription_key` defaults to `primary`).\n\n" +
			"It is the JSON the key set resource's `credentials_json` attribute used to hold, computed where it " +
			"is used instead of stored in every key set's state. Terraform marks it sensitive because " +
			"its argument is: an output of it needs `sensitive = true`, and a write-only argument of another " +
			"resource (`value_wo`, `secret_string_wo`, ...) takes it without storing it. It is known at plan " +
			"time whenever the keys are, so an unchanged key set does not make a secret store plan a new " +
			"version; an unknown key gives an unknown result.\n\n" +
			"A key set whose secrets are write-only (`client_secret_wo`, ...) holds no secret to build the JSON " +
			"from: the function fails and points to the ephemeral `vippsmobilepay_key_set`, whose own " +
			"`credentials_json` attribute returns the same JSON without storing anything. A malformed value " +
			"fails with the attribute's name and what is wrong with it, never the value.",
		Parameters: []function.Parameter{
			function.DynamicParameter{
				Name:               "key_set",
				Description:        "A vippsmobilepay_key_set resource (or an object or map with its attributes).",
				AllowUnknownValues: true,
			},
		},
		Return: function.StringReturn{},
	}
}

func (credentialsJSONFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var arg types.Dynamic
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &arg))
	if resp.Error != nil {
		return
	}
	ks, active, known, funcErr := credentialsJSONArgument(arg)
	switch {
	case funcErr != nil:
		resp.Error = funcErr
	case !known:
		resp.Error = resp.Result.Set(ctx, types.StringUnknown())
	default:
		resp.Error = resp.Result.Set(ctx, ks.CredentialsJSON(active))
	}
}

// credentialsJSONArgument reads the key set and its active slot from the argument. known is
// false when anything the JSON needs is not known yet.
func credentialsJSONArgument(arg types.Dynamic) (ks keys.KeySet, active string, known bool, funcErr *function.FuncError) {
	if arg.IsUnknown() || arg.IsUnderlyingValueUnknown() {
		return keys.KeySet{}, "", false, nil
	}
	a, ok, funcErr := readKeySetArgument(arg, credentialsJSONAttributes)
	if !ok {
		funcErr = function.NewArgumentFuncError(0, "key_set must be a vippsmobilepay_key_set resource, such as "+
			"vippsmobilepay_key_set.shop, or an object with its attributes")
	}
	// A write-only key set is told so even while other attributes are unknown: it can never work.
	for _, name := range []string{keys.AttrClientSecret, keys.AttrSubscriptionKeyPrimary} {
		if funcErr == nil && !a.has(name) {
			funcErr = credentialsJSONWriteOnly(name)
		}
	}
	for _, name := range []string{keys.AttrMerchantSerialNumber, keys.AttrEnvironment, keys.AttrClientID} {
		if funcErr == nil && !a.has(name) {
			funcErr = function.NewArgumentFuncError(0, fmt.Sprintf("key_set has no %s", name))
		}
	}
	if problems := a.problems(); funcErr == nil && len(problems) > 0 {
		// Terraform ends a function's error with a period of its own.
		funcErr = function.NewArgumentFuncError(0, "key_set attribute "+strings.TrimSuffix(problems[0], "."))
	}
	active = keys.SubscriptionKeyPrimary
	if slot, ok := a.values[attrActiveSubscriptionKey]; ok {
		active = slot
	}
	switch {
	case funcErr != nil:
		return keys.KeySet{}, "", false, funcErr
	case !slices.Contains(keys.SubscriptionKeySlots(), active):
		return keys.KeySet{}, "", false, function.NewArgumentFuncError(0, fmt.Sprintf("key_set attribute "+
			"active_subscription_key must be %q or %q, got %q", keys.SubscriptionKeyPrimary, keys.SubscriptionKeySecondary, active))
	case active == keys.SubscriptionKeySecondary && !a.has(keys.AttrSubscriptionKeySecondary):
		return keys.KeySet{}, "", false, function.NewArgumentFuncError(0, "key_set has active_subscription_key "+
			`"secondary" but no subscription_key_secondary`)
	}
	return keys.KeySet{
		MerchantSerialNumber:     a.values[keys.AttrMerchantSerialNumber],
		Environment:              a.values[keys.AttrEnvironment],
		ClientID:                 a.values[keys.AttrClientID],
		ClientSecret:             a.values[keys.AttrClientSecret],
		SubscriptionKeyPrimary:   a.values[keys.AttrSubscriptionKeyPrimary],
		SubscriptionKeySecondary: a.values[keys.AttrSubscriptionKeySecondary],
	}, active, len(a.unknown) == 0, nil
}
