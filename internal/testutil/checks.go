// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package testutil

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// Checks that acceptance tests of several components share.

// ErrorWords matches an error that holds each phrase in order, however Terraform wrapped the
// lines of its diagnostic. Use it as a TestStep's ExpectError.
func ErrorWords(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// PlanHoldsNone fails when the plan's JSON holds any of the values, which are read when the
// check runs (a test may learn them between steps). what names them in the failure, e.g. "a
// secret"; the values themselves are never printed.
func PlanHoldsNone(what string, values func() []string) plancheck.PlanCheck {
	return holdsNone{what: what, where: "plan", values: values}
}

// StateHoldsNone is PlanHoldsNone for the state (terraform show -json).
func StateHoldsNone(what string, values func() []string) statecheck.StateCheck {
	return holdsNone{what: what, where: "state", values: values}
}

type holdsNone struct {
	what, where string
	values      func() []string
}

func (c holdsNone) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.search(req.Plan)
}

func (c holdsNone) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.search(req.State)
}

func (c holdsNone) search(doc any) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	for _, v := range c.values() {
		if v != "" && strings.Contains(string(raw), v) {
			return fmt.Errorf("the %s holds %s (%d characters)", c.where, c.what, len(v))
		}
	}
	return nil
}
