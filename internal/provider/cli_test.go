package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Some of what a user does cannot be done through terraform-plugin-testing: writing the blocks
// `terraform query -generate-config-out` generates, or `terraform apply -invoke`. cliWorkspace
// runs the real CLI (TF_ACC_TERRAFORM_PATH) in a temporary directory against this provider,
// served in the test's own process as plugin-testing serves it, and keeps what the user sees.

// cliWorkspace is a Terraform working directory with the provider attached.
type cliWorkspace struct {
	t   *testing.T
	dir string
	cli string
	env []string
}

// newCLIWorkspace writes files (name → content) into a new directory and serves the provider
// for the CLI to attach to. It skips the test unless TF_ACC is set, as acceptance tests do.
// It skips the test unless the CLI has the feature.
func newCLIWorkspace(t *testing.T, feature cliFeature, files map[string]string) *cliWorkspace {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("drives the Terraform CLI; set TF_ACC=1 to run it")
	}
	cli, v, err := cliUnderTest()
	if err != nil {
		t.Fatal(err)
	}
	if reason := feature.missingFrom(testCLIIsOpenTofu(), v); reason != "" {
		t.Skip(reason)
	}
	dir := t.TempDir()
	home := t.TempDir()
	// An empty CLI configuration: OpenTofu warns on standard output about a missing one.
	cliConfig := filepath.Join(home, "terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	w := &cliWorkspace{t: t, dir: dir, cli: cli}
	for name, content := range files {
		w.write(name, content)
	}
	// Nothing from the caller's shell reaches the CLI: no real credentials, no TF_VAR_ values,
	// no CLI configuration or plugin cache, and no home directory to write into.
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "VIPPSMOBILEPAY_") || strings.HasPrefix(name, "TF_") || name == "HOME" {
			continue
		}
		w.env = append(w.env, kv)
	}
	w.env = append(w.env, "HOME="+home, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TF_INPUT=0", "TF_REATTACH_PROVIDERS="+serveProvider(t))
	if log := os.Getenv("TF_ACC_LOG_PATH"); log != "" {
		// make testacc searches this log for secrets: the CLI's own log belongs there too.
		w.env = append(w.env, "TF_LOG=TRACE", "TF_LOG_PATH="+log)
	}
	return w
}

func (w *cliWorkspace) write(name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, name), []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

func (w *cliWorkspace) read(name string) string {
	w.t.Helper()
	b, err := os.ReadFile(filepath.Join(w.dir, name))
	if err != nil {
		w.t.Fatal(err)
	}
	return string(b)
}

// setVariable sets a root module variable for the commands that follow, as TF_VAR_<name> (JSON
// unless a string),
// so that no secret is written to a file in the workspace.
func (w *cliWorkspace) setVariable(name string, value any) {
	w.t.Helper()
	s, ok := value.(string) // a string variable takes the text as it is
	if !ok {
		b, err := json.Marshal(value)
		if err != nil {
			w.t.Fatal(err)
		}
		s = string(b)
	}
	w.env = append(w.env, "TF_VAR_"+name+"="+s)
}

// run runs the CLI with args and returns its standard output and error, interleaved as a user
// sees them; err is the CLI's failure, if any.
func (w *cliWorkspace) run(args ...string) (string, error) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.cli, append([]string{"-chdir=" + w.dir}, args...)...)
	cmd.Env = w.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// mustRun is run for a command that must succeed.
func (w *cliWorkspace) mustRun(args ...string) string {
	w.t.Helper()
	out, err := w.run(args...)
	if err != nil {
		w.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// serveProvider serves the provider in this process until the test ends and returns the
// TF_REATTACH_PROVIDERS value that points the CLI at it.
func serveProvider(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(Address, NewProtocol6Server("test"),
			tf6server.WithDebug(ctx, reattach, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t),
		)
	}()
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case err := <-served:
		t.Fatalf("serving the provider: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the provider did not start serving")
	}
	type addr struct{ Network, String string }
	type config struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	// OpenTofu resolves the configuration's source address on its own registry's host.
	address := Address
	if testCLIIsOpenTofu() {
		address = "registry.opentofu.org/" + strings.TrimPrefix(Address, "registry.terraform.io/")
	}
	b, err := json.Marshal(map[string]config{address: {
		Protocol: string(cfg.Protocol), ProtocolVersion: cfg.ProtocolVersion, Pid: cfg.Pid, Test: cfg.Test,
		Addr: addr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// requiredProviders is the terraform block every CLI workspace's configuration starts with.
const requiredProviders = `
terraform {
  required_providers {
    vippsmobilepay = {
      source = "vippsmobilepay-community/vippsmobilepay"
    }
  }
}
`

// cliUnderTest is the CLI the acceptance tests run (TF_ACC_TERRAFORM_PATH, else terraform on
// PATH) and its version, as `version` prints it: "Terraform v1.15.9" or "OpenTofu v1.12.6",
// after any warning about the CLI configuration.
func cliUnderTest() (string, *version.Version, error) {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		var err error
		if path, err = exec.LookPath("terraform"); err != nil {
			return "", nil, fmt.Errorf("no terraform on PATH and no TF_ACC_TERRAFORM_PATH: %w", err)
		}
	}
	cmd := exec.Command(path, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", nil, fmt.Errorf("%s version: %w", path, err)
	}
	for line := range strings.Lines(string(out)) {
		name, v, ok := strings.Cut(strings.TrimSpace(line), " v")
		if ok && (name == "Terraform" || name == "OpenTofu") {
			parsed, err := version.NewVersion(v)
			return path, parsed, err
		}
	}
	return "", nil, fmt.Errorf("%s version printed no version: %q", path, out)
}
