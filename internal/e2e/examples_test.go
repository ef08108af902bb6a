package e2e

import (
	"io/fs"
	"os"
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
			w := newWorkspace(t, "", nil)
			for name, src := range exampleFiles(t, dir) {
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
