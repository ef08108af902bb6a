// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// TestKeyAge_checkWarnsOnceKeysOutliveThePolicy runs the rotating-keys guide's key-age check
// (examples/key-age/check.tf) against the sandbox: quiet while the keys are younger than the
// policy, a warning naming the MSN and the time once they are older, and never a failure.
func TestKeyAge_checkWarnsOnceKeysOutliveThePolicy(t *testing.T) {
	acceptance(t)
	t.Parallel()
	sb := startSandbox(t)
	w := newWorkspace(t, "key-age", map[string]string{"VIPPSMOBILEPAY_BASE_URL": sb.URL})
	var demo keys.KeySet
	for _, ks := range sb.KeySets() {
		if ks.MerchantSerialNumber == keys.ExampleMerchantSerialNumber && ks.Environment == keys.EnvironmentTest {
			demo = ks
		}
	}
	secrets := []*tfexec.VarOption{
		tfexec.Var("client_secret=" + demo.ClientSecret), tfexec.Var("subscription_key_primary=" + demo.SubscriptionKeyPrimary),
	}
	apply := []tfexec.ApplyOption{}
	for _, v := range secrets {
		apply = append(apply, v)
	}
	out := w.mustRun("apply", func() error { return w.tf.Apply(t.Context(), apply...) })
	if strings.Contains(out, "Check block assertion failed") {
		t.Errorf("fresh keys broke the 180-day policy:\n%s", out)
	}

	plan := []tfexec.PlanOption{tfexec.Var("max_key_age=0s")}
	for _, v := range secrets {
		plan = append(plan, v)
	}
	out, err := w.run(func() error {
		_, err := w.tf.Plan(t.Context(), plan...)
		return err
	})
	if err != nil {
		t.Fatalf("a key-age warning failed the plan: %v\n%s", err, out)
	}
	text := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"Check block assertion failed", "The API keys of MSN 123456 last changed at",
		"longer ago than the policy's 0s"} {
		if !strings.Contains(text, want) {
			t.Errorf("the plan with a zero policy lacks %q:\n%s", want, out)
		}
	}
}
