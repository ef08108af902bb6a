// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

var _ function.Function = baseURLFunction{}

// NewBaseURLFunction returns provider::vippsmobilepay::base_url.
func NewBaseURLFunction() function.Function { return baseURLFunction{} }

type baseURLFunction struct{}

func (baseURLFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "base_url"
}

func (baseURLFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The API base URL of an environment",
		MarkdownDescription: fmt.Sprintf("Returns the Vipps MobilePay API base URL of an environment: `%s` for `test`, "+
			"`%s` for `production`. Handy for wiring an application's configuration next to its keys.",
			keys.BaseURLTest, keys.BaseURLProduction),
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:        "environment",
				Description: fmt.Sprintf("The environment: one of %s.", quotedList(keys.Environments())),
			},
		},
		Return: function.StringReturn{},
	}
}

func (baseURLFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var environment string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &environment))
	if resp.Error != nil {
		return
	}
	url, err := keys.BaseURL(environment)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("environment %s, got %q", keys.ProblemEnvironment, environment))
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, url))
}
