// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// actionArgumentsReceived refuses to run an action that Terraform invokes without a value for
// an argument its schema requires, with a diagnostic that says why that happens. Otherwise the
// verify action would run on empty keys and fail with a misleading "missing credentials".
//
// Two things send such an invocation. An expression that gives null: Terraform checks that a
// required argument is written, not that its value is non-null (a write-only key set's
// client_secret_wo, read through caller, is null in state). And Terraform 1.16 itself: an action
// run with `apply -invoke` gets the configuration Terraform planned instead of one evaluated
// again at apply (as 1.14 and 1.15 do), and the plan holds ephemeral values as null (terraform
// v1.16.4 internal/terraform/node_action_invoke.go: planAction stores
// ephemeral.RemoveEphemeralValues(configVal); nodeActionInvokeApplyInstance calls Invoke with
// fromPlan=true, which decodes that planned value instead of evaluating the configuration).
// Arguments from ephemeral variables or ephemeral resources therefore arrive null. Destroy events
// are planned the same way, but there Terraform refuses ephemeral values at plan ("Action config
// contains ephemeral values", hashicorp/terraform#38677). After_create and after_update triggers
// are evaluated again at apply and keep them. Upstream: hashicorp/terraform#38668, 1.16's actions
// rework, which made invoke run the planned value; no issue about -invoke dropping ephemeral
// values was found in hashicorp/terraform as of 2026-12.
type actionArgumentsReceived struct {
	frameworkServer
}

func (s actionArgumentsReceived) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	if req != nil {
		if missing := s.requiredArgumentsWithoutValue(ctx, req.ActionType, req.Config); len(missing) > 0 {
			return completedWith(actionArgumentsNotReceived(missing)), nil
		}
	}
	return s.frameworkServer.InvokeAction(ctx, req)
}

// requiredArgumentsWithoutValue names, sorted, the action's required arguments that are null
// in config. Anything it cannot read (an unknown action, a config that does not decode) is left
// for the framework to report.
func (s actionArgumentsReceived) requiredArgumentsWithoutValue(ctx context.Context, actionType string, config *tfprotov6.DynamicValue) []string {
	if config == nil {
		return nil
	}
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || schemas == nil {
		return nil
	}
	schema := schemas.ActionSchemas[actionType]
	if schema == nil || schema.Schema == nil || schema.Schema.Block == nil {
		return nil
	}
	value, err := config.Unmarshal(schema.Schema.ValueType())
	if err != nil || value.IsNull() || !value.IsKnown() {
		return nil
	}
	var attrs map[string]tftypes.Value
	if err := value.As(&attrs); err != nil {
		return nil
	}
	var missing []string
	for _, attr := range schema.Schema.Block.Attributes {
		if v, ok := attrs[attr.Name]; attr.Required && (!ok || v.IsNull()) {
			missing = append(missing, attr.Name)
		}
	}
	slices.Sort(missing)
	return missing
}

// actionArgumentsNotReceived says which arguments did not arrive, the two reasons they may not
// have, and what works on every CLI with actions. It names arguments, never a value, and has no
// attribute path: Terraform would print the argument's source line, which may be a secret.
func actionArgumentsNotReceived(names []string) *tfprotov6.Diagnostic {
	return &tfprotov6.Diagnostic{
		Severity: tfprotov6.DiagnosticSeverityError,
		Summary:  "Action arguments not received",
		Detail: fmt.Sprintf("The action got no value for %s, which it needs, so nothing was verified and no "+
			"request was sent. Either the expression gives null (a write-only argument reads as null from a "+
			"resource's state, through caller too), or Terraform left the value out: Terraform 1.16 and later run "+
			"an action started with -invoke with the values they planned, and a plan never keeps ephemeral values, "+
			"so an argument from an ephemeral variable or an ephemeral resource arrives empty. For -invoke, give "+
			"the action values that are not ephemeral, such as sensitive variables (never shown, but held by a plan "+
			"saved with -out, as every variable that is not ephemeral is), or run it from an action_trigger with "+
			"after_create or after_update, which Terraform evaluates again at apply.",
			joinAnd(names)),
	}
}

// joinAnd lists names as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// completedWith is an invocation that ends at once with the given diagnostics.
func completedWith(diags ...*tfprotov6.Diagnostic) *tfprotov6.InvokeActionServerStream {
	return &tfprotov6.InvokeActionServerStream{
		Events: func(yield func(tfprotov6.InvokeActionEvent) bool) {
			yield(tfprotov6.InvokeActionEvent{Type: tfprotov6.CompletedInvokeActionEventType{Diagnostics: diags}})
		},
	}
}
