// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// TestStateUpgrade_oldStateChangesNoValue plans, with today's provider, the state an earlier
// release wrote (testdata/state-upgrade/<version>: its configuration and the terraform.tfstate
// that version's apply left). No key set may be replaced, no value may change and nothing may
// be proven again for the upgrade; once applied, the next plan is empty, and the state holds
// today's shape.
//
// The first plan is not empty, and cannot be: schema version 1 took the Sensitive mark off the write-only
// arguments (they are never stored, and the mark cost every key set a null sensitive path), and
// Terraform keeps the marks of the prior state, so it plans one update of each key set that
// changes sensitivity only. Applying it calls no API.
func TestStateUpgrade_oldStateChangesNoValue(t *testing.T) {
	acceptance(t)
	versions, err := filepath.Glob(filepath.Join(repoRoot, "internal", "e2e", "testdata", "state-upgrade", "*"))
	if err != nil || len(versions) == 0 {
		t.Fatalf("no old states under testdata/state-upgrade: %v", err)
	}
	for _, dir := range versions {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			sb := startSandbox(t)
			w := newWorkspace(t, "", map[string]string{"VIPPSMOBILEPAY_BASE_URL": sb.URL})
			copyFiles(t, dir, w.dir)

			w.mustRun("plan", func() error {
				_, err := w.tf.Plan(t.Context(), tfexec.Out("upgrade.tfplan"))
				return err
			})
			plan, err := w.tf.ShowPlanFile(t.Context(), "upgrade.tfplan")
			if err != nil {
				t.Fatal(err)
			}
			for _, rc := range plan.ResourceChanges {
				sensitivityOnly := rc.Change.Actions.Update() && reflect.DeepEqual(rc.Change.Before, rc.Change.After)
				if !rc.Change.Actions.NoOp() && !sensitivityOnly {
					t.Errorf("%s: %v changes values:\nbefore %v\nafter  %v", rc.Address, rc.Change.Actions, rc.Change.Before, rc.Change.After)
				}
			}
			tokens := sb.Stats()["POST /accesstoken/get"]
			w.mustRun("apply of the upgrade plan", func() error {
				return w.tf.Apply(t.Context(), tfexec.DirOrPlan("upgrade.tfplan"))
			})
			if n := sb.Stats()["POST /accesstoken/get"] - tokens; n != 0 {
				t.Errorf("applying the upgrade proved keys again: %d token requests", n)
			}
			out, err := w.run(func() error {
				changed, err := w.tf.Plan(t.Context())
				if err == nil && changed {
					t.Error("the plan after the upgrade is not empty")
				}
				return err
			})
			if err != nil || t.Failed() {
				t.Fatalf("plan after the upgrade: %v\n%s", err, out)
			}
			for _, r := range readState(t, filepath.Join(w.dir, "terraform.tfstate")).Resources {
				for _, inst := range r.Instances {
					checkUpgradedKeySet(t, r.Name, inst)
				}
			}
		})
	}
}

type stateFile struct {
	Resources []struct {
		Name      string `json:"name"`
		Instances []struct {
			SchemaVersion int            `json:"schema_version"`
			Attributes    map[string]any `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

func readState(t *testing.T, path string) stateFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s stateFile
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func checkUpgradedKeySet(t *testing.T, name string, inst struct {
	SchemaVersion int            `json:"schema_version"`
	Attributes    map[string]any `json:"attributes"`
}) {
	t.Helper()
	a := inst.Attributes
	if inst.SchemaVersion != 1 {
		t.Errorf("%s: schema_version %d, want 1", name, inst.SchemaVersion)
	}
	if _, ok := a["credentials_json"]; ok {
		t.Errorf("%s: credentials_json is still in the state", name)
	}
	fingerprint, _ := a["fingerprint"].(string)
	if !strings.HasPrefix(fingerprint, "sha256:") || len(fingerprint) != len("sha256:")+keys.FingerprintHexDigits {
		t.Errorf("%s: fingerprint %q is not today's", name, fingerprint)
	}
	verifiedAt, _ := a["verified_at"].(string)
	changedAt, _ := a["keys_changed_at"].(string)
	if a["verify"] == true && (verifiedAt == "" || changedAt == "") {
		t.Errorf("%s: verified_at %q, keys_changed_at %q", name, verifiedAt, changedAt)
	}
}

// copyFiles copies the files of a directory (not its subdirectories).
func copyFiles(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
