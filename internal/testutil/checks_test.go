// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package testutil

import (
	"context"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

func TestPlanHoldsNone_findsAValueAndNeverPrintsIt(t *testing.T) {
	t.Parallel()
	const secret = "Y8Kteew6GE2ZmeycEt6egg=="
	plan := &tfjson.Plan{Variables: map[string]*tfjson.PlanVariable{"x": {Value: "key " + secret}}}
	var resp plancheck.CheckPlanResponse
	PlanHoldsNone("a secret", func() []string { return []string{secret} }).CheckPlan(context.Background(),
		plancheck.CheckPlanRequest{Plan: plan}, &resp)
	if resp.Error == nil || strings.Contains(resp.Error.Error(), secret) {
		t.Fatalf("error = %v, want a failure that does not print the secret", resp.Error)
	}
	resp = plancheck.CheckPlanResponse{}
	PlanHoldsNone("a secret", func() []string { return []string{"another-value-entirely"} }).CheckPlan(context.Background(),
		plancheck.CheckPlanRequest{Plan: plan}, &resp)
	if resp.Error != nil {
		t.Errorf("a plan without the value failed: %v", resp.Error)
	}
}

func TestErrorWords_toleratesTerraformsLineWrapping(t *testing.T) {
	t.Parallel()
	re := ErrorWords("Key set rejected", "sales unit MSN 123456 in the test environment")
	if !re.MatchString("Error: Key set rejected\n\nVipps MobilePay refused the API keys of sales unit MSN\n123456 in the test environment.") {
		t.Error("a diagnostic wrapped across lines does not match")
	}
	if re.MatchString("sales unit MSN 123456 in the test environment ... Key set rejected") {
		t.Error("phrases out of order match")
	}
}
