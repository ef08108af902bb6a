// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package e2e drives the real Terraform CLI, through terraform-exec, against the provider
// built from this repository and an in-process sandbox: the example modules as a user runs
// them, with the mistakes a user makes, and every test of the provider that needs the CLI
// itself rather than terraform-plugin-testing (`apply -invoke`, the blocks `terraform query
// -generate-config-out` writes, action_trigger's destroy events). Like acceptance tests it
// runs only with TF_ACC set, on the terraform on PATH or the CLI named by
// TF_ACC_TERRAFORM_PATH (OpenTofu too).
//
// The provider is built once per run and reached through a dev_overrides CLI configuration in
// a temporary directory; HOME is a temporary directory too, so no test reads or writes the
// user's ~/.terraform.d or CLI configuration.
package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
)

// providerSource is the provider's address as the examples write it.
const providerSource = "vippsmobilepay-community/vippsmobilepay"

// requiredProviders is the terraform block a configuration that a test writes starts with.
const requiredProviders = `
terraform {
  required_providers {
    vippsmobilepay = {
      source = "vippsmobilepay-community/vippsmobilepay"
    }
  }
}
`

var (
	repoRoot      string // the repository, where the examples are
	terraformPath string // the CLI under test
	workDir       string // the run's temporary directory, removed when it ends
)

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		code = 1
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	if os.Getenv("TF_ACC") == "" {
		return m.Run(), nil // every test skips
	}
	var err error
	if repoRoot, err = filepath.Abs(filepath.Join("..", "..")); err != nil {
		return 0, err
	}
	if terraformPath = os.Getenv("TF_ACC_TERRAFORM_PATH"); terraformPath == "" {
		if terraformPath, err = exec.LookPath("terraform"); err != nil {
			return 0, fmt.Errorf("no terraform on PATH and no TF_ACC_TERRAFORM_PATH: %w", err)
		}
	}
	work, err := os.MkdirTemp("", "vippsmobilepay-e2e-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(work)
	workDir = work

	providerDir := filepath.Join(work, "provider")
	build := exec.Command("go", "build", "-o", filepath.Join(providerDir, "terraform-provider-vippsmobilepay"), ".")
	build.Dir, build.Stdout, build.Stderr = repoRoot, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return 0, fmt.Errorf("building the provider: %w", err)
	}
	cliConfig := filepath.Join(work, "dev.tfrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		providerSource, providerDir)
	if err := os.WriteFile(cliConfig, []byte(overrides), 0o600); err != nil {
		return 0, err
	}
	// Go's caches and module path default to places under HOME, which moves below: keep them
	// where they are, for the guides' commands that build (make install-local, go build).
	if err := pinGoEnv(); err != nil {
		return 0, err
	}
	home := filepath.Join(work, "home")
	if err := os.Mkdir(home, 0o700); err != nil {
		return 0, err
	}
	// Only the tests' own settings reach Terraform and the provider: nothing from the caller's
	// shell (real credentials, TF_VAR_ values, log settings) and no update checks.
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "VIPPSMOBILEPAY_") || strings.HasPrefix(name, "TF_") {
			os.Unsetenv(name)
		}
	}
	os.Setenv("TF_ACC", "1")
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	os.Setenv("CHECKPOINT_DISABLE", "1")
	os.Setenv("HOME", home)
	return m.Run(), nil
}

// pinGoEnv sets GOCACHE, GOMODCACHE, GOPATH and GOENV to what they are now, so that they stay
// so when HOME changes.
func pinGoEnv() error {
	names := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOENV"}
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		return fmt.Errorf("go env: %w", err)
	}
	values := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(values) != len(names) {
		return fmt.Errorf("go env printed %q", out)
	}
	for i, name := range names {
		os.Setenv(name, values[i])
	}
	return nil
}

// acceptance skips the test unless TF_ACC is set.
func acceptance(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("end-to-end tests drive the Terraform CLI; set TF_ACC=1 to run them")
	}
}

// testSandbox is an in-process sandbox behind an httptest server, with its request log.
type testSandbox struct {
	*sandbox.Sandbox
	URL string
	log *syncBuffer
}

func startSandbox(t *testing.T) *testSandbox {
	t.Helper()
	log := &syncBuffer{}
	sb, err := sandbox.New(sandbox.Options{
		Logf: func(format string, args ...any) { fmt.Fprintf(log, format+"\n", args...) },
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return &testSandbox{Sandbox: sb, URL: srv.URL, log: log}
}

// keySet returns the sandbox's key set for an MSN in an environment.
func (s *testSandbox) keySet(t *testing.T, msn, environment string) keys.KeySet {
	t.Helper()
	for _, ks := range s.KeySets() {
		if ks.MerchantSerialNumber == msn && ks.Environment == environment {
			return ks
		}
	}
	t.Fatalf("the sandbox has no key set for MSN %s in %s", msn, environment)
	return keys.KeySet{}
}

// tokenExchanges counts the token exchanges the sandbox has answered.
func (s *testSandbox) tokenExchanges() int {
	return s.Stats()[sandbox.RouteAccessToken]
}

// workspace is a copy of an example module in a temporary directory, with the Terraform CLI
// set up to run in it. Every command's standard output and error are kept, as the user would
// see them.
type workspace struct {
	t   *testing.T
	dir string
	tf  *tfexec.Terraform
	env map[string]string // what the test added to the environment
	out syncBuffer        // standard output and error of the commands run so far, interleaved

	vars  []string // TF_VAR_ settings for the commands terraform runs (setVariable)
	trace string   // where the commands terraform runs log at TRACE (searchTrace), or ""
}

// newWorkspace copies the module's own files (no state, no .terraform) from examples/<module>,
// or an empty directory when module is "", and sets the CLI up in it. env is added to the
// tests' environment; TF_VAR_ values cannot be among them (terraform-exec refuses them: see
// useProcessEnv).
func newWorkspace(t *testing.T, module string, env map[string]string) *workspace {
	t.Helper()
	dir := filepath.Join(t.TempDir(), filepath.Base(module))
	if module == "" {
		dir = t.TempDir()
	}
	if module != "" {
		copyModule(t, filepath.Join(repoRoot, "examples", module), dir)
	}
	tf, err := tfexec.NewTerraform(dir, terraformPath)
	if err != nil {
		t.Fatal(err)
	}
	w := &workspace{t: t, dir: dir, tf: tf, env: env}
	tf.SetStdout(&w.out)
	tf.SetStderr(&w.out)
	merged := map[string]string{}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		merged[name] = value
	}
	for name, value := range env {
		merged[name] = value
	}
	if err := tf.SetEnv(merged); err != nil {
		t.Fatal(err)
	}
	return w
}

// useProcessEnv makes the CLI take the test process's environment as it is at each command, so
// that t.Setenv can pass TF_VAR_ values, as a user's shell does; the workspace's own additions
// move there too. Such tests cannot run in parallel.
func (w *workspace) useProcessEnv() {
	for name, value := range w.env {
		w.t.Setenv(name, value)
	}
	if err := w.tf.SetEnv(nil); err != nil {
		w.t.Fatal(err)
	}
}

// run runs one command and returns what it printed on standard output and error, together with
// its error (nil when it succeeded).
func (w *workspace) run(command func() error) (string, error) {
	w.t.Helper()
	w.out.Reset()
	err := command()
	return w.out.String(), err
}

// mustRun runs one command and fails the test, showing its output, unless it succeeds.
func (w *workspace) mustRun(what string, command func() error) string {
	w.t.Helper()
	out, err := w.run(command)
	if err != nil {
		w.t.Fatalf("%s failed: %v\n%s", what, err, out)
	}
	return out
}

// write writes a file into the workspace, readable by its owner only (it may hold secrets).
func (w *workspace) write(name, content string) string {
	w.t.Helper()
	p := filepath.Join(w.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
	return p
}

// read returns a file of the workspace.
func (w *workspace) read(name string) string {
	w.t.Helper()
	b, err := os.ReadFile(filepath.Join(w.dir, name))
	if err != nil {
		w.t.Fatal(err)
	}
	return string(b)
}

// terraform runs the CLI under test in the workspace with args as a user types them, for what
// terraform-exec has no method or option for (`terraform query` as a user reads it, `apply
// -invoke`, `state list`): with the workspace's environment, the variables setVariable set, and
// TF_IN_AUTOMATION and TF_INPUT=0, as in CI. It returns standard output and error interleaved,
// as the user sees them, and the CLI's failure, if any.
func (w *workspace) terraform(args ...string) (string, error) {
	w.t.Helper()
	env := []string{"TF_IN_AUTOMATION=1", "TF_INPUT=0"}
	for name, value := range w.env {
		env = append(env, name+"="+value)
	}
	env = append(env, w.vars...)
	if w.trace != "" {
		env = append(env, "TF_LOG=TRACE", "TF_LOG_PATH="+w.trace)
	}
	return runCLI(w.t, terraformPath, w.dir, env, args...)
}

// mustTerraform is terraform for a command that must succeed.
func (w *workspace) mustTerraform(args ...string) string {
	w.t.Helper()
	out, err := w.terraform(args...)
	if err != nil {
		w.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// setVariable sets a root module variable for the commands terraform runs, as TF_VAR_<name>
// (JSON unless a string), as a user's shell passes secrets: no file in the workspace holds
// them, and the TRACE log's copy of the command line shows none.
func (w *workspace) setVariable(name string, value any) {
	w.t.Helper()
	prefix := "TF_VAR_" + name + "="
	w.vars = slices.DeleteFunc(w.vars, func(kv string) bool { return strings.HasPrefix(kv, prefix) })
	w.vars = append(w.vars, prefix+cliValue(w.t, value))
}

// searchTrace makes the commands terraform runs log at TRACE, Terraform's lines and the
// provider's, into a file outside the workspace, and searches that log for the secrets and for
// access tokens when the test ends, as make testacc does with the acceptance tests' log.
func (w *workspace) searchTrace(secrets ...string) {
	t := w.t
	w.trace = filepath.Join(t.TempDir(), "trace.log")
	t.Cleanup(func() {
		b, err := os.ReadFile(w.trace)
		if err != nil || !strings.Contains(string(b), "provider.terraform-provider-vippsmobilepay") {
			t.Errorf("the TRACE log is missing or holds no line of the provider's (%v); the search would prove little", err)
			return
		}
		testutil.AssertNoSecrets(t, "the TRACE log", string(b), secrets...)
		testutil.AssertNoShapes(t, "the TRACE log", string(b), testutil.AccessTokenShape)
	})
}

// copyModule copies a module's files and directories, leaving out what a run leaves behind.
func copyModule(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		name := d.Name()
		if name == ".terraform" || strings.HasPrefix(name, "terraform.tfstate") || name == ".terraform.lock.hcl" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", from, err)
	}
}

// syncBuffer is a bytes.Buffer that the CLI's output goroutines and the sandbox's handlers may
// write to at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

var _ io.Writer = (*syncBuffer)(nil)

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

// use makes the workspace report to t (a subtest) until the returned function restores it.
func (w *workspace) use(t *testing.T) (restore func()) {
	old := w.t
	w.t = t
	return func() { w.t = old }
}
