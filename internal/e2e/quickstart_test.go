// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// regenerateQuickstartSecrets does what the portal's regenerate buttons do for the three
// secrets of the quick start's sales unit, so that the secrets a test uses are written in no
// source file and every hit of a search is a leak. The client_id stays: main.tf writes it.
func regenerateQuickstartSecrets(t *testing.T, sb *testSandbox) keys.KeySet {
	t.Helper()
	var ks keys.KeySet
	for _, attr := range []string{keys.AttrClientSecret, keys.AttrSubscriptionKeyPrimary, keys.AttrSubscriptionKeySecondary} {
		var err error
		if ks, err = sb.RegenerateKey(keys.ExampleMerchantSerialNumber, keys.EnvironmentTest, attr); err != nil {
			t.Fatal(err)
		}
	}
	return ks
}

// TestQuickstart_writeOnlyRunLeavesNoSecretInAnyFile applies the quick start in write-only
// mode under TF_LOG=TRACE, then searches everything the run produced (state, the saved plan
// unpacked, `terraform show -json`, outputs, the TRACE log, every command's output, the
// sandbox's log) for the secrets and for anything shaped like an access token.
//
// The secrets come from TF_VAR_, as a user's shell passes them: they are not in the TRACE
// log's copy of the command line, as -var values would be.
func TestQuickstart_writeOnlyRunLeavesNoSecretInAnyFile(t *testing.T) {
	acceptance(t)
	sb := startSandbox(t)
	ks := regenerateQuickstartSecrets(t, sb)
	secrets := []string{ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary}

	w := newWorkspace(t, "quickstart", map[string]string{"VIPPSMOBILEPAY_BASE_URL": sb.URL})
	w.useProcessEnv()
	t.Setenv("TF_VAR_client_secret_wo", ks.ClientSecret)
	t.Setenv("TF_VAR_subscription_key_primary_wo", ks.SubscriptionKeyPrimary)
	tfvars, err := os.ReadFile(filepath.Join(w.dir, "write-only.tfvars.example"))
	if err != nil {
		t.Fatal(err)
	}
	w.write("write-only.tfvars", string(tfvars))
	traceLog := filepath.Join(w.dir, "terraform-trace.log")
	if err := w.tf.SetLog("TRACE"); err != nil {
		t.Fatal(err)
	}
	if err := w.tf.SetLogPath(traceLog); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	varFile := tfexec.VarFile("write-only.tfvars")

	w.write("plan.out", w.mustRun("terraform plan -out", func() error {
		_, err := w.tf.Plan(ctx, varFile, tfexec.Out("tfplan"))
		return err
	}))
	w.write("apply.out", w.mustRun("terraform apply tfplan", func() error {
		return w.tf.Apply(ctx, tfexec.DirOrPlan("tfplan"))
	}))
	state, err := w.tf.Show(ctx)
	if err != nil {
		t.Fatal(err)
	}
	showJSON, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	w.write("show.json", string(showJSON))
	outputs, err := w.tf.Output(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if verifiedAt := string(outputs["verified_at"].Value); !strings.HasPrefix(verifiedAt, `"20`) {
		t.Fatalf("verified_at = %s; the write-only key set was not verified, so the search would prove little", verifiedAt)
	}
	replan := w.mustRun("terraform plan after apply", func() error {
		changes, err := w.tf.Plan(ctx, varFile)
		if err == nil && changes {
			t.Error("the plan after a write-only apply is not empty")
		}
		return err
	})
	w.write("replan.out", replan)
	w.write("sandbox.log", sb.log.String())

	if info, err := os.Stat(traceLog); err != nil || info.Size() == 0 {
		t.Fatalf("the TRACE log is missing or empty (%v); the search would prove nothing", err)
	}
	n := testutil.AssertNoSecretInFiles(t, w.dir, secrets, testutil.AccessTokenShape)
	if n.Files < 10 || n.Archives == 0 {
		t.Fatalf("searched %d files and %d saved plans; the search would prove nothing", n.Files, n.Archives)
	}
	t.Logf("searched %d files, %d saved plans unpacked: no secret, no token", n.Files, n.Archives)
}

// TestQuickstart_regeneratedKeysShowAsDriftAndNewKeysConverge: after the portal regenerates a
// stateful key set's keys, `terraform plan -detailed-exitcode` exits 2 and warns, and applying
// the new keys leaves nothing to change.
func TestQuickstart_regeneratedKeysShowAsDriftAndNewKeysConverge(t *testing.T) {
	acceptance(t)
	t.Parallel()
	sb := startSandbox(t)
	old := regenerateQuickstartSecrets(t, sb)
	w := newWorkspace(t, "quickstart", map[string]string{"VIPPSMOBILEPAY_BASE_URL": sb.URL})
	ctx := t.Context()
	withKeys := func(ks keys.KeySet) []tfexec.PlanOption {
		return []tfexec.PlanOption{
			tfexec.Var("client_secret=" + ks.ClientSecret),
			tfexec.Var("subscription_key_primary=" + ks.SubscriptionKeyPrimary),
		}
	}
	apply := func(ks keys.KeySet) {
		t.Helper()
		w.mustRun("terraform apply", func() error {
			return w.tf.Apply(ctx, tfexec.Var("client_secret="+ks.ClientSecret),
				tfexec.Var("subscription_key_primary="+ks.SubscriptionKeyPrimary))
		})
	}

	apply(old)
	// The search that found nothing in write-only mode finds the secret where the stateful
	// mode is meant to keep it: it can fail.
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(state), old.ClientSecret) {
		t.Fatal("the stateful run's state does not hold its client_secret; a search of state files would prove nothing")
	}

	regenerated := regenerateQuickstartSecrets(t, sb)
	var changes bool
	drift := w.mustRun("terraform plan after the keys were regenerated", func() error {
		changes, err = w.tf.Plan(ctx, withKeys(old)...)
		return err
	})
	if !changes {
		t.Errorf("plan -detailed-exitcode found nothing to change after the keys were regenerated:\n%s", drift)
	}
	if !strings.Contains(drift, "Key set no longer accepted") {
		t.Errorf("the plan does not warn \"Key set no longer accepted\":\n%s", drift)
	}

	apply(regenerated)
	converged := w.mustRun("terraform plan after applying the new keys", func() error {
		changes, err = w.tf.Plan(ctx, withKeys(regenerated)...)
		return err
	})
	if changes {
		t.Errorf("the plan after applying the new keys is not empty:\n%s", converged)
	}
}

// TestQuickstartTests_sendTheExampleKeysToNothingButALocalSandbox runs the quick start's
// `terraform test` with base_url pointing at something that is not a local sandbox (here an
// HTTPS listener on 127.0.0.2 that counts connections). Every run that would reach an API must
// stop before any request: not one connection.
func TestQuickstartTests_sendTheExampleKeysToNothingButALocalSandbox(t *testing.T) {
	acceptance(t)
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2 (%v); this test needs the whole 127.0.0.0/8 on loopback", err)
	}
	var connections atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			connections.Add(1)
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close() })

	w := newWorkspace(t, "quickstart", nil)
	w.write("terraform.tfvars", `base_url = "https://`+ln.Addr().String()+`"`+"\n")
	var report strings.Builder
	out, err := w.run(func() error { return w.tf.Test(t.Context(), &report) })
	if err == nil {
		t.Fatalf("terraform test passed against %s; it must refuse anything but a local sandbox:\n%s", ln.Addr(), out)
	}
	results := testResults(t, report.String())
	if n := connections.Load(); n != 0 {
		t.Errorf("%d connections reached %s; the example keys must go nowhere but a local sandbox", n, ln.Addr())
	}
	if !strings.Contains(report.String(), "Only a local sandbox may get the example keys") {
		t.Errorf("the failure does not say why:\n%s", results.messages)
	}
	for _, file := range []string{"tests/quickstart.tftest.hcl", "tests/write_only.tftest.hcl"} {
		if status := results.files[file]; status != "fail" && status != "error" {
			t.Errorf("%s: %q, want fail or error", file, status)
		}
	}
	if results.files["tests/validation.tftest.hcl"] != "pass" {
		t.Errorf("the mocked tests, which send nothing, should still pass: %q", results.files["tests/validation.tftest.hcl"])
	}
}
