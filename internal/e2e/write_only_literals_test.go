// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// TestWriteOnly_literalValuesLeaveNoSecretInAnyFile writes the secrets into the write-only
// arguments literally, the bluntest way a user can, and searches everything the run produced
// under TF_LOG=TRACE (the saved plan unpacked, `terraform show -json` of it, the state, the
// TRACE log, every command's output) for them. The write-only arguments carry no Sensitive
// mark since schema version 1: Terraform never stores or shows a write-only value, mark or not. (The
// quick start's test does the same with the secrets in ephemeral variables.)
func TestWriteOnly_literalValuesLeaveNoSecretInAnyFile(t *testing.T) {
	acceptance(t)
	t.Parallel()
	sb := startSandbox(t)
	ks := regenerateQuickstartSecrets(t, sb)
	secrets := []string{ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary}
	w := newWorkspace(t, "", map[string]string{"VIPPSMOBILEPAY_BASE_URL": sb.URL})
	w.write("main.tf", fmt.Sprintf(`terraform {
  required_providers {
    vippsmobilepay = {
      source = %q
    }
  }
}

resource "vippsmobilepay_key_set" "literal" {
  merchant_serial_number        = %q
  environment                   = %q
  client_id                     = %q
  client_secret_wo              = %q
  subscription_key_primary_wo   = %q
  subscription_key_secondary_wo = %q
  secrets_wo_version            = 1
}
`, providerSource, ks.MerchantSerialNumber, ks.Environment, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary,
		ks.SubscriptionKeySecondary))
	traceLog := filepath.Join(w.dir, "terraform-trace.log")
	if err := w.tf.SetLog("TRACE"); err != nil {
		t.Fatal(err)
	}
	if err := w.tf.SetLogPath(traceLog); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	w.write("plan.out", w.mustRun("terraform plan -out", func() error {
		_, err := w.tf.Plan(ctx, tfexec.Out("tfplan"))
		return err
	}))
	plan, err := w.tf.ShowPlanFile(ctx, "tfplan")
	if err != nil {
		t.Fatal(err)
	}
	// A saved plan carries a copy of the configuration files, and its JSON their expressions:
	// a secret written into a .tf file is there, mark or no mark, as in the file itself.
	// Everything else is searched: the plan's values, its prior state, its changes.
	plan.Config = nil
	planJSON, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	w.write("plan.json", string(planJSON))
	w.write("apply.out", w.mustRun("terraform apply tfplan", func() error {
		return w.tf.Apply(ctx, tfexec.DirOrPlan("tfplan"))
	}))
	state, err := w.tf.Show(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if state.Values == nil || len(state.Values.RootModule.Resources) != 1 ||
		state.Values.RootModule.Resources[0].AttributeValues["verified_at"] == nil {
		t.Fatal("the key set was not verified, so the search would prove little")
	}
	stateJSON, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	w.write("show.json", string(stateJSON))
	unpackPlanWithoutConfiguration(t, filepath.Join(w.dir, "tfplan"), filepath.Join(w.dir, "tfplan-entries"))
	if info, err := os.Stat(traceLog); err != nil || info.Size() == 0 {
		t.Fatalf("the TRACE log is missing or empty (%v)", err)
	}
	// main.tf holds the secrets by design; everything Terraform and the provider wrote must not.
	if err := os.Remove(filepath.Join(w.dir, "main.tf")); err != nil {
		t.Fatal(err)
	}
	n := testutil.AssertNoSecretInFiles(t, w.dir, secrets, testutil.AccessTokenShape)
	if n.Files < 8 {
		t.Fatalf("searched %d files; the search would prove nothing", n.Files)
	}
}

// unpackPlanWithoutConfiguration replaces a saved plan by its entries, as files under dir, but
// for the copy of the configuration (tfconfig/).
func unpackPlanWithoutConfiguration(t *testing.T, planFile, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(planFile)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	entries := 0
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "tfconfig/") || f.FileInfo().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, b, 0o600); err != nil {
			t.Fatal(err)
		}
		entries++
	}
	if entries == 0 {
		t.Fatal("the saved plan holds nothing but the configuration")
	}
	if err := os.Remove(planFile); err != nil {
		t.Fatal(err)
	}
}

// TestWriteOnly_driftJobFailsOnceAKeyIsRegenerated runs the write-only drift job of the CI plan
// checks guide (examples/write-only-drift-job): green while the keys work, exit 1 with "Key set
// rejected" once the portal regenerated them, although refresh of the key set itself, which
// holds no secret, finds nothing.
func TestWriteOnly_driftJobFailsOnceAKeyIsRegenerated(t *testing.T) {
	acceptance(t)
	t.Parallel()
	sb := startSandbox(t)
	ks := regenerateQuickstartSecrets(t, sb)
	w := newWorkspace(t, "write-only-drift-job", map[string]string{"VIPPSMOBILEPAY_BASE_URL": sb.URL})
	ctx := t.Context()
	secrets := []tfexec.PlanOption{
		tfexec.Var("client_secret=" + ks.ClientSecret), tfexec.Var("subscription_key_primary=" + ks.SubscriptionKeyPrimary),
	}
	w.mustRun("terraform apply", func() error {
		return w.tf.Apply(ctx, tfexec.Var("client_secret="+ks.ClientSecret),
			tfexec.Var("subscription_key_primary="+ks.SubscriptionKeyPrimary))
	})
	w.mustRun("the drift job while the keys work", func() error {
		changed, err := w.tf.Plan(ctx, secrets...)
		if err == nil && changed {
			t.Error("the drift job plans a change while nothing changed")
		}
		return err
	})
	regenerated := regenerateQuickstartSecrets(t, sb)
	out, err := w.run(func() error {
		_, err := w.tf.Plan(ctx, secrets...)
		return err
	})
	text := strings.Join(strings.Fields(out), " ")
	if err == nil || !strings.Contains(text, "Key set rejected") || !strings.Contains(text, "MSN 123456") {
		t.Fatalf("the drift job after a regeneration: %v\n%s", err, out)
	}
	// The key set alone, as a drift job without the ephemeral key set sees it, stays green.
	// (Terraform 1.11 exits 2 from a targeted refresh-only plan that found nothing: read its words.)
	out = w.mustRun("refresh-only plan of the key set alone", func() error {
		_, err := w.tf.Plan(ctx, append(secrets, tfexec.Target("vippsmobilepay_key_set.shop"), tfexec.RefreshOnly(true))...)
		return err
	})
	if !strings.Contains(out, "No changes.") {
		t.Errorf("refresh found drift in a key set whose state holds no secret:\n%s", out)
	}
	// The store now holds the new keys, which work, but no apply wrote them: the plan shows the
	// key set's fingerprint changing, an update, and no error.
	out = w.mustRun("the drift job once the store holds working keys that were never applied", func() error {
		changed, err := w.tf.Plan(ctx, tfexec.Var("client_secret="+regenerated.ClientSecret),
			tfexec.Var("subscription_key_primary="+regenerated.SubscriptionKeyPrimary))
		if err == nil && !changed {
			t.Error("the drift job plans no change for keys other than the ones applied")
		}
		return err
	})
	if text := strings.Join(strings.Fields(out), " "); !strings.Contains(text, "~ fingerprint") {
		t.Errorf("the plan does not show the fingerprint changing:\n%s", out)
	}
}
