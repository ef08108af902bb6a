// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestExampleModules_passTheirTerraformTests runs `terraform test` in a copy of every example
// module that has test files, each against a fresh sandbox, as a module's author would before
// publishing it.
func TestExampleModules_passTheirTerraformTests(t *testing.T) {
	acceptance(t)
	modules := modulesWithTests(t)
	if len(modules) == 0 {
		t.Fatal("no example module has *.tftest.hcl files")
	}
	for _, module := range modules {
		t.Run(module, func(t *testing.T) {
			t.Parallel()
			sb := startSandbox(t)
			w := newWorkspace(t, module, map[string]string{"VIPPSMOBILEPAY_BASE_URL": sb.URL})
			// The quick start's tests take the sandbox's URL from var.base_url, which a test file
			// reads from the CLI's variables, never from the environment.
			w.write("terraform.tfvars", `base_url = "`+sb.URL+`"`+"\n")
			var report strings.Builder
			out, err := w.run(func() error { return w.tf.Test(t.Context(), &report) })
			results := testResults(t, report.String())
			if err != nil || results.summary != "pass" {
				t.Fatalf("terraform test: %v (summary %q)\n%s\n%s", err, results.summary, results.messages, out)
			}
			if results.passed == 0 {
				t.Fatal("terraform test passed without running anything")
			}
			t.Logf("%d runs passed", results.passed)
		})
	}
}

// modulesWithTests lists the example modules (relative to examples/) with *.tftest.hcl files,
// in the module directory or its tests/ directory.
func modulesWithTests(t *testing.T) []string {
	t.Helper()
	var modules []string
	root := filepath.Join(repoRoot, "examples")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tftest.hcl") {
			return err
		}
		dir := filepath.Dir(p)
		if filepath.Base(dir) == "tests" {
			dir = filepath.Dir(dir)
		}
		rel, err := filepath.Rel(root, dir)
		if err == nil && !slices.Contains(modules, rel) {
			modules = append(modules, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return modules
}

// testReport is what `terraform test -json` said.
type testReport struct {
	files    map[string]string // test file → its final status: pass, fail, error or skip
	summary  string            // the whole run's status
	passed   int
	messages string // every diagnostic, for a failure message
}

func testResults(t *testing.T, jsonLines string) testReport {
	t.Helper()
	r := testReport{files: map[string]string{}}
	var messages []string
	sc := bufio.NewScanner(strings.NewReader(jsonLines))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var line struct {
			Type     string `json:"type"`
			TestFile *struct {
				Path   string `json:"path"`
				Status string `json:"status"`
			} `json:"test_file"`
			Summary *struct {
				Status string `json:"status"`
				Passed int    `json:"passed"`
			} `json:"test_summary"`
			Diagnostic *struct {
				Summary string `json:"summary"`
				Detail  string `json:"detail"`
			} `json:"diagnostic"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("terraform test -json printed a line that is not JSON: %v: %s", err, sc.Text())
		}
		switch {
		// Terraform says "progress": "complete" with the file's status; OpenTofu gives the
		// status alone.
		case line.TestFile != nil && line.TestFile.Status != "":
			r.files[line.TestFile.Path] = line.TestFile.Status
		case line.Summary != nil:
			r.summary, r.passed = line.Summary.Status, line.Summary.Passed
		case line.Diagnostic != nil:
			messages = append(messages, line.Diagnostic.Summary+": "+line.Diagnostic.Detail)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	r.messages = strings.Join(messages, "\n")
	return r
}
