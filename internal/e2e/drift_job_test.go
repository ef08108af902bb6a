// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// TestQuickstart_driftJobFindsRegeneratedKeysOnlyWhenItRefreshes is the CI plan checks guide's
// drift job: after the portal regenerated a stateful key set's keys, a refresh-only plan exits
// 2 (tfexec reports changes) and names the key set, while a plan that does not refresh the
// unchanged key set finds nothing, as Terraform 1.17's -minimal-refresh would not refresh it
// (no Terraform 1.17 is here to run; -refresh=false skips the same refresh).
func TestQuickstart_driftJobFindsRegeneratedKeysOnlyWhenItRefreshes(t *testing.T) {
	acceptance(t)
	t.Parallel()
	sb := startSandbox(t)
	ks := regenerateQuickstartSecrets(t, sb)
	w := newWorkspace(t, "quickstart", map[string]string{"VIPPSMOBILEPAY_BASE_URL": sb.URL})
	ctx := t.Context()
	vars := []tfexec.PlanOption{
		tfexec.Var("client_secret=" + ks.ClientSecret),
		tfexec.Var("subscription_key_primary=" + ks.SubscriptionKeyPrimary),
	}
	w.mustRun("terraform apply", func() error {
		return w.tf.Apply(ctx, tfexec.Var("client_secret="+ks.ClientSecret),
			tfexec.Var("subscription_key_primary="+ks.SubscriptionKeyPrimary))
	})
	regenerateQuickstartSecrets(t, sb)

	plan := func(what string, opts ...tfexec.PlanOption) (bool, string) {
		t.Helper()
		var changes bool
		out := w.mustRun(what, func() error {
			var err error
			changes, err = w.tf.Plan(ctx, append(opts, vars...)...)
			return err
		})
		return changes, out
	}
	if changes, out := plan("terraform plan -refresh-only", tfexec.RefreshOnly(true)); !changes ||
		!strings.Contains(out, "Key set no longer accepted") {
		t.Errorf("plan -refresh-only -detailed-exitcode did not exit 2 naming the drift (changes %v):\n%s", changes, out)
	}
	if changes, out := plan("terraform plan -refresh=false", tfexec.Refresh(false)); changes {
		t.Errorf("a plan that does not refresh the unchanged key set found changes; the guide says it stays green:\n%s", out)
	}
}
