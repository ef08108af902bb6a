// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/zclconf/go-cty/cty"
)

// needsOtherProviders lists the example directories whose configurations use providers that
// cannot be installed here (aws, vault, azurerm, google, kubernetes, github: they come from a
// registry). Their own variables and vippsmobilepay blocks are checked; the other providers'
// blocks are left out (see vippsmobilepayPart).
var needsOtherProviders = []string{"secret-stores"}

// devOverridesWarning is the warning every command prints under the tests' CLI configuration.
const devOverridesWarning = "Provider development overrides are in effect"

// TestExamples_areFormattedAndValidateAgainstTheSchema checks what users copy: every file
// under examples/ is `terraform fmt` clean (test files included), every example directory
// pins the provider with a version constraint, and every one passes `terraform validate`
// against the provider's real schema.
func TestExamples_areFormattedAndValidateAgainstTheSchema(t *testing.T) {
	acceptance(t)
	tf, err := tfexec.NewTerraform(filepath.Join(repoRoot, "examples"), terraformPath)
	if err != nil {
		t.Fatal(err)
	}
	ok, files, err := tf.FormatCheck(t.Context(), tfexec.Recursive(true))
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Errorf("not terraform fmt clean (run `make fmt`): %s", strings.Join(files, ", "))
	}

	dirs := exampleDirs(t)
	if len(dirs) < 10 {
		t.Fatalf("found only %d example directories", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			if newerCLIOnly(dir) {
				t.Skip("actions and list resources need Terraform 1.14 or later: TestExamples_ofNewerCLIFeatures validates them")
			}
			w := newWorkspace(t, "", nil)
			for name, src := range exampleFiles(t, dir) {
				if name == importByIdentity {
					continue // Terraform 1.12 and later: TestExamples_ofNewerCLIFeatures
				}
				w.write(name, string(src))
			}
			if !pinsTheProvider(t, w.dir) {
				t.Errorf("no required_providers entry for %s with a version constraint", providerSource)
			}
			out, err := w.tf.Validate(t.Context())
			if err != nil {
				t.Fatalf("terraform validate: %v\n%s", err, w.out.String())
			}
			for _, d := range out.Diagnostics {
				if d.Summary == devOverridesWarning {
					continue
				}
				t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
			}
			if !out.Valid {
				t.Error("terraform validate: not valid")
			}
		})
	}
}

// Examples of features newer than the oldest supported CLI: import-by-identity.tf (Terraform
// 1.12+, beside a resource's other examples), and the actions' and list resources' directories
// (Terraform 1.14+, whose list blocks are in .tfquery.hcl files).
const importByIdentity = "import-by-identity.tf"

var newerCLIDirs = []string{"actions", "list-resources"}

// terraform116Dirs are examples of Terraform 1.16's action_trigger (on_failure, destroy
// events): TestExamples_ofNewerCLIFeatures skips them when its CLI is older.
var terraform116Dirs = []string{filepath.Join("actions", "vippsmobilepay_verify_keys", "terraform-1.16")}

func newerCLIOnly(dir string) bool {
	return slices.ContainsFunc(newerCLIDirs, func(prefix string) bool {
		return dir == prefix || strings.HasPrefix(dir, prefix+string(filepath.Separator))
	})
}

// TestExamples_ofNewerCLIFeatures validates, with a Terraform 1.14 or later, the examples older
// CLIs cannot read: the import blocks by identity (with the resource's other examples, except
// the import by ID of the same resource), the actions, and the list resources' query files
// (validate -query). The CLI under test is used when it is new enough; otherwise
// scripts/modern-terraform.sh finds one (MODERN_TERRAFORM, or ../shared/tools), and without one
// the test skips.
func TestExamples_ofNewerCLIFeatures(t *testing.T) {
	acceptance(t)
	cli := modernTerraform(t)
	has116 := terraformAtLeast(cli, 16)
	if out, err := exec.Command(cli, "fmt", "-check", "-recursive", "-no-color",
		filepath.Join(repoRoot, "examples")).CombinedOutput(); err != nil {
		t.Errorf("not terraform fmt clean for %s (query files included): %v\n%s", cli, err, out)
	}
	checked := 0
	for _, dir := range exampleDirs(t) {
		files := exampleFiles(t, dir)
		_, identity := files[importByIdentity]
		if !identity && !newerCLIOnly(dir) {
			continue
		}
		checked++
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			if slices.Contains(terraform116Dirs, dir) && !has116 {
				t.Skipf("%s has no action_trigger on_failure or destroy events (since Terraform 1.16)", cli)
			}
			w := newWorkspace(t, "", nil)
			for name, src := range files {
				if identity && name == "import-by-string-id.tf" {
					continue // the same resource imported twice
				}
				w.write(name, string(src))
			}
			queries, _ := filepath.Glob(filepath.Join(repoRoot, "examples", dir, "*.tfquery.hcl"))
			for _, q := range queries {
				src, err := os.ReadFile(q)
				if err != nil {
					t.Fatal(err)
				}
				w.write(filepath.Base(q), string(src))
			}
			if !pinsTheProvider(t, w.dir) {
				t.Errorf("no required_providers entry for %s with a version constraint", providerSource)
			}
			args := []string{"-chdir=" + w.dir, "validate", "-json", "-no-color"}
			if len(queries) > 0 {
				args = append(args, "-query")
			}
			out, _ := exec.Command(cli, args...).Output()
			var result struct {
				Valid       bool `json:"valid"`
				Diagnostics []struct {
					Severity, Summary, Detail string
				} `json:"diagnostics"`
			}
			if err := json.Unmarshal(out, &result); err != nil {
				t.Fatalf("%s validate printed no JSON (%v):\n%s", cli, err, out)
			}
			for _, d := range result.Diagnostics {
				if d.Summary != devOverridesWarning {
					t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
				}
			}
			if !result.Valid {
				t.Error("terraform validate: not valid")
			}
		})
	}
	if checked < 4 { // two import-by-identity.tf, the verify action, the key set list resource
		t.Errorf("found only %d examples of newer CLI features", checked)
	}
}

// terraformAtLeast tells whether cli is a Terraform 1.minor or later, as its version says.
func terraformAtLeast(cli string, minor int) bool {
	out, err := exec.Command(cli, "version").Output()
	if err != nil {
		return false
	}
	for line := range strings.Lines(string(out)) {
		var major, m int
		if _, err := fmt.Sscanf(line, "Terraform v%d.%d", &major, &m); err == nil {
			return major > 1 || (major == 1 && m >= minor)
		}
	}
	return false
}

// modernTerraform is a Terraform 1.14 or later, or skips the test: the CLI under test when it is
// one (not OpenTofu, which has neither actions nor list resources), else what
// scripts/modern-terraform.sh finds.
func modernTerraform(t *testing.T) string {
	t.Helper()
	if out, err := exec.Command(terraformPath, "version").Output(); err == nil {
		var major, minor int
		for line := range strings.Lines(string(out)) {
			if _, err := fmt.Sscanf(line, "Terraform v%d.%d", &major, &minor); err == nil &&
				(major > 1 || (major == 1 && minor >= 14)) {
				return terraformPath
			}
		}
	}
	out, err := exec.Command("bash", filepath.Join(repoRoot, "scripts", "modern-terraform.sh")).Output()
	if err != nil {
		t.Skip("these examples need Terraform 1.14 or later, and there is none: set MODERN_TERRAFORM=/path/to/terraform")
	}
	return strings.TrimSpace(string(out))
}

// exampleDirs lists the directories under examples/ that hold .tf files, relative to examples/.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	root := filepath.Join(repoRoot, "examples")
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".tf" {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err == nil && !slices.Contains(dirs, rel) {
			dirs = append(dirs, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// exampleFiles returns an example directory's .tf files by name; for a directory that needs
// other providers, only their vippsmobilepay part.
func exampleFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(repoRoot, "examples", dir, "*.tf"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no .tf files in examples/%s (%v)", dir, err)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(needsOtherProviders, func(prefix string) bool {
			return dir == prefix || strings.HasPrefix(dir, prefix+string(filepath.Separator))
		}) {
			src = vippsmobilepayPart(t, p, src)
		}
		files[filepath.Base(p)] = src
	}
	return files
}

// vippsmobilepayPart returns a configuration without the blocks of other providers: it keeps
// variables, locals, outputs, the vippsmobilepay and built-in (terraform_data) resources, data
// sources and ephemeral resources, the vippsmobilepay provider block, and the terraform block
// with vippsmobilepay as its only required provider. It fails the test unless something of the
// provider's is left.
func vippsmobilepayPart(t *testing.T, name string, src []byte) []byte {
	t.Helper()
	f, diags := hclwrite.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %s", name, diags)
	}
	kept := 0
	ours := func(typ string) bool { return strings.HasPrefix(typ, "vippsmobilepay_") || typ == "terraform_data" }
	for _, b := range f.Body().Blocks() {
		labels := b.Labels()
		switch {
		case b.Type() == "terraform":
			for _, rp := range b.Body().Blocks() {
				if rp.Type() != "required_providers" {
					continue
				}
				for attr := range rp.Body().Attributes() {
					if attr != "vippsmobilepay" {
						rp.Body().RemoveAttribute(attr)
					}
				}
			}
		case b.Type() == "provider" && labels[0] != "vippsmobilepay",
			slices.Contains([]string{"resource", "data", "ephemeral"}, b.Type()) && !ours(labels[0]):
			f.Body().RemoveBlock(b)
		case slices.Contains([]string{"resource", "data", "ephemeral"}, b.Type()) && strings.HasPrefix(labels[0], "vippsmobilepay_"):
			kept++
		}
	}
	if kept == 0 {
		t.Fatalf("%s has no vippsmobilepay resource, data source or ephemeral resource", name)
	}
	return f.Bytes()
}

// pinsTheProvider reports whether a .tf file in dir has a required_providers entry for the
// provider with a version constraint.
func pinsTheProvider(t *testing.T, dir string) bool {
	t.Helper()
	for _, b := range topLevelBlocks(t, dir) {
		if b.Type != "terraform" {
			continue
		}
		for _, rp := range b.Body.Blocks {
			attr, ok := rp.Body.Attributes["vippsmobilepay"]
			if rp.Type != "required_providers" || !ok {
				continue
			}
			v, diags := attr.Expr.Value(nil)
			if diags.HasErrors() || !v.Type().IsObjectType() || !v.Type().HasAttribute("version") ||
				!v.Type().HasAttribute("source") {
				return false
			}
			return v.GetAttr("source").Equals(cty.StringVal(providerSource)).True() &&
				v.GetAttr("version").AsString() != ""
		}
	}
	return false
}

// topLevelBlocks parses the .tf files in dir and returns their blocks.
func topLevelBlocks(t *testing.T, dir string) []*hclsyntax.Block {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	var blocks []*hclsyntax.Block
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", p, diags)
		}
		blocks = append(blocks, f.Body.(*hclsyntax.Body).Blocks...)
	}
	return blocks
}
