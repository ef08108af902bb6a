// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The guides whose shell commands TestGuides_runAsWrittenAgainstTheSandbox runs.
var runnableGuides = []string{
	"getting-started", "ci-plan-checks", "rotating-keys", "large-fleets", "adopting-an-existing-fleet",
}

// sandboxDefaultURL is the address the guides show for the sandbox (its default -listen). The
// test starts a sandbox of its own per guide on a free port and puts its URL in its place.
const sandboxDefaultURL = "http://127.0.0.1:8787"

// TestGuides_runAsWrittenAgainstTheSandbox runs every ```shell block of the guides in
// runnableGuides, read from templates/guides/*.md.tmpl, so the commands users copy are the
// ones tested. Each guide is one shell session against its own sandbox, with an empty HOME in
// which the provider is installed as `make install-local` installs it, on the CLI under test
// (as `terraform` on PATH). Blocks run in order, each in `bash -e -o pipefail`; exported
// variables, variables a block assigns, and the working directory carry over to the next
// block, as in one terminal. The session starts in this repository (the guides' clone) with
// VIPPSMOBILEPAY_BASE_URL set to the sandbox, as the getting-started guide leaves a terminal.
//
// A Go template comment on the line before a block, invisible in the generated docs (its "-}}"
// also drops the line break after it), says more about it:
//
//	{{/* e2e: skip=REASON */ -}}          not run (a real production command, a published release)
//	{{/* e2e: sandbox */ -}}              "start the sandbox in a second terminal": the test has
//	                                      started one already
//	{{/* e2e: exit=N */ -}}               the block exits N (default 0)
//	{{/* e2e: output="TEXT" */ -}}        its output holds TEXT (repeatable)
//	{{/* e2e: needs=query,actions */ -}}  skipped on a CLI without these features
//	{{/* e2e: file=PATH */ -}}            a ```terraform block (or a {{ tffile }} / {{ codefile }}
//	                                      line) the guide tells the user to save as PATH: written
//	                                      there, relative to the session's working directory
//
// and {{/* e2e-guide: needs=query */ -}} anywhere skips the whole guide on such a CLI. The test
// answers Terraform's confirmation prompts with TF_CLI_ARGS_apply=-auto-approve (and destroy),
// where the user types yes, and puts the sandbox's URL where a guide writes
// http://127.0.0.1:8787.
func TestGuides_runAsWrittenAgainstTheSandbox(t *testing.T) {
	acceptance(t)
	cli, err := cliUnderTest()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range runnableGuides {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			guide := parseGuide(t, filepath.Join(repoRoot, "templates", "guides", name+".md.tmpl"))
			if missing := cli.lacks(guide.needs); missing != "" {
				t.Skipf("%s has no %s, which this guide needs", cli, missing)
			}
			start := time.Now()
			s := newGuideSession(t, cli)
			ran := 0
			for _, b := range guide.blocks {
				switch {
				case b.skip != "":
					t.Logf("line %d: not run: %s", b.line, b.skip)
				case b.sandbox:
					t.Logf("line %d: the sandbox is already running at %s", b.line, s.sb.URL)
				case cli.lacks(b.needs) != "":
					t.Logf("line %d: not run: %s has no %s", b.line, cli, cli.lacks(b.needs))
				case b.file != "":
					s.writeFile(b)
				default:
					s.run(b)
					ran++
				}
				if t.Failed() {
					return // later blocks build on this one
				}
			}
			if ran == 0 {
				t.Fatal("no shell block ran: the test would prove nothing")
			}
			t.Logf("%d shell blocks ran in %s on %s", ran, time.Since(start).Round(time.Second), cli)
		})
	}
}

// TestGuides_directivesAreWellFormed checks every e2e directive of every guide, also of guides
// the test above does not run, without running anything.
func TestGuides_directivesAreWellFormed(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(repoRootForParsing(t), "templates", "guides", "*.md.tmpl"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no guides found (%v)", err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			parseGuide(t, p)
		})
	}
}

// repoRootForParsing is the repository, also when TestMain did not set repoRoot (no TF_ACC).
func repoRootForParsing(t *testing.T) string {
	if repoRoot != "" {
		return repoRoot
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// A guide as the test reads it.
type guide struct {
	needs  []string
	blocks []guideBlock
}

// guideBlock is one code block of a guide with what its directive says.
type guideBlock struct {
	line    int    // of the opening fence, 1-based
	text    string // the commands, or the file's content
	file    string // file=
	skip    string // skip=
	sandbox bool
	exit    int
	outputs []string
	needs   []string
}

var (
	directiveLine = regexp.MustCompile(`^\s*\{\{/\* (e2e|e2e-guide): (.*) \*/ -\}\}\s*$`)
	fenceLine     = regexp.MustCompile("^(\\s*)```([a-z]*)\\s*$")
	includeLine   = regexp.MustCompile(`^\s*\{\{ (?:tffile "([^"]+)"|codefile "[a-z]+" "([^"]+)") \}\}\s*$`)
	directiveWord = regexp.MustCompile(`^(\w+)(?:=("(?:[^"\\]|\\.)*"|\S+))?\s*`)
)

// parseGuide reads a guide's shell blocks and directives; a malformed directive fails the test.
func parseGuide(t *testing.T, path string) guide {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	var g guide
	var pending *guideBlock
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := directiveLine.FindStringSubmatch(line); m != nil {
			d := guideBlock{line: i + 1}
			parseDirective(t, path, i+1, m[2], &d)
			if m[1] == "e2e-guide" {
				g.needs = append(g.needs, d.needs...)
				continue
			}
			if pending != nil {
				t.Errorf("%s:%d: two e2e directives for one block", path, i+1)
			}
			pending = &d
			continue
		}
		if strings.Contains(line, "{{/* e2e") {
			t.Errorf("%s:%d: an e2e directive must be alone on its line, as {{/* e2e: ... */ -}}", path, i+1)
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if m := includeLine.FindStringSubmatch(line); m != nil && pending != nil {
			if pending.file == "" {
				t.Errorf("%s:%d: an e2e directive before an included file needs file=", path, pending.line)
			}
			src, err := os.ReadFile(filepath.Join(repoRootForParsing(t), m[1]+m[2]))
			if err != nil {
				t.Errorf("%s:%d: %v", path, i+1, err)
			}
			pending.line, pending.text = i+1, string(src)
			g.blocks = append(g.blocks, *pending)
			pending = nil
			continue
		}
		m := fenceLine.FindStringSubmatch(line)
		if m == nil || m[2] == "" {
			if pending != nil {
				t.Errorf("%s:%d: an e2e directive not followed by a code block", path, pending.line)
				pending = nil
			}
			continue
		}
		indent, lang := m[1], m[2]
		var body []string
		closed := false
		for i++; i < len(lines); i++ {
			if strings.TrimRight(lines[i], " ") == indent+"```" {
				closed = true
				break
			}
			body = append(body, strings.TrimPrefix(lines[i], indent))
		}
		if !closed {
			t.Fatalf("%s: the code block at line %d is not closed", path, i+1)
		}
		b := guideBlock{}
		if pending != nil {
			b = *pending
		}
		b.line, b.text = i+1-len(body)-1, strings.Join(body, "\n")+"\n"
		pending = nil
		switch {
		case lang == "shell" && b.file == "":
			g.blocks = append(g.blocks, b)
		case b.file != "" && (lang == "terraform" || lang == "hcl"):
			g.blocks = append(g.blocks, b)
		case b.file != "" || b.skip != "" || b.sandbox || b.exit != 0 || len(b.outputs) > 0:
			t.Errorf("%s:%d: an e2e directive for a %s block, which the test does not run", path, b.line, lang)
		}
	}
	return g
}

func parseDirective(t *testing.T, path string, line int, text string, d *guideBlock) {
	t.Helper()
	for text = strings.TrimSpace(text); text != ""; {
		if reason, ok := strings.CutPrefix(text, "skip="); ok {
			d.skip = reason
			return
		}
		m := directiveWord.FindStringSubmatch(text)
		if m == nil {
			t.Errorf("%s:%d: cannot read the e2e directive at %q", path, line, text)
			return
		}
		text = text[len(m[0]):]
		value := m[2]
		if strings.HasPrefix(value, `"`) {
			var err error
			if value, err = strconv.Unquote(value); err != nil {
				t.Errorf("%s:%d: %s: %v", path, line, m[2], err)
			}
		}
		switch m[1] {
		case "sandbox":
			d.sandbox = true
		case "exit":
			n, err := strconv.Atoi(value)
			if err != nil {
				t.Errorf("%s:%d: exit=%s is not a number", path, line, value)
			}
			d.exit = n
		case "output":
			d.outputs = append(d.outputs, value)
		case "needs":
			for _, f := range strings.Split(value, ",") {
				if _, ok := cliFeatures[f]; !ok {
					t.Errorf("%s:%d: unknown CLI feature %q", path, line, f)
				}
				d.needs = append(d.needs, f)
			}
		case "file":
			d.file = value
		default:
			t.Errorf("%s:%d: unknown e2e directive %q", path, line, m[1])
		}
	}
}

// cliFeatures are the features a guide or a test may need: the first Terraform release with
// each, and OpenTofu's ("" when no OpenTofu release has it). Terraform 1.16 brought
// action_trigger's before_destroy and after_destroy events with the caller symbol
// (hashicorp/terraform#38668, #38722), and -invoke running the planned configuration, whose
// ephemeral values are null.
// A feature Terraform dropped names the version that dropped it too (terraformUntil).
var cliFeatures = map[string]struct{ terraform, openTofu, terraformUntil string }{
	"identity":         {"1.12", "1.12", ""},
	"query":            {"1.14", "", ""},
	"actions":          {"1.14", "", ""},
	"destroy-events":   {"1.16", "", ""},
	"invoke-from-plan": {"1.16", "", ""},
	// -invoke with the configuration's ephemeral values, before -invoke ran the planned ones.
	"invoke-ephemeral": {"1.14", "", "1.16"},
}

// needsCLI skips the test unless the CLI under test has the features, and returns the CLI.
func needsCLI(t *testing.T, features ...string) cliVersion {
	t.Helper()
	acceptance(t)
	cli, err := cliUnderTest()
	if err != nil {
		t.Fatal(err)
	}
	if missing := cli.lacks(features); missing != "" {
		t.Skipf("%s has no %s", cli, missing)
	}
	return cli
}

// cliVersion is the CLI under test, as its `version` names it.
type cliVersion struct {
	openTofu     bool
	major, minor int
	text         string
}

func (c cliVersion) String() string { return c.text }

// atLeast reports whether the CLI is version (major.minor) or later; "" is never.
func (c cliVersion) atLeast(version string) bool {
	var major, minor int
	if _, err := fmt.Sscanf(version, "%d.%d", &major, &minor); err != nil {
		return false
	}
	return c.major > major || (c.major == major && c.minor >= minor)
}

// lacks names the first feature of needs that the CLI does not have, or "".
func (c cliVersion) lacks(needs []string) string {
	for _, f := range needs {
		first := cliFeatures[f].terraform
		if c.openTofu {
			first = cliFeatures[f].openTofu
		}
		if !c.atLeast(first) {
			return f
		}
		if until := cliFeatures[f].terraformUntil; !c.openTofu && until != "" && c.atLeast(until) {
			return f
		}
	}
	return ""
}

var cliUnderTest = sync.OnceValues(func() (cliVersion, error) {
	out, err := exec.Command(terraformPath, "version").Output()
	if err != nil {
		return cliVersion{}, fmt.Errorf("%s version: %w", terraformPath, err)
	}
	for line := range strings.Lines(string(out)) {
		var c cliVersion
		for _, name := range []string{"Terraform", "OpenTofu"} {
			if _, err := fmt.Sscanf(line, name+" v%d.%d", &c.major, &c.minor); err == nil {
				c.openTofu, c.text = name == "OpenTofu", strings.TrimSpace(line)
				return c, nil
			}
		}
	}
	return cliVersion{}, fmt.Errorf("%s version does not name Terraform or OpenTofu:\n%s", terraformPath, out)
})

// guideSession is one terminal following a guide.
type guideSession struct {
	t     *testing.T
	cli   cliVersion
	sb    *testSandbox
	home  string
	state string   // the environment and working directory between blocks
	env   []string // the first block's environment
	pgids []int    // every block's process group, for background processes the guide starts
}

func newGuideSession(t *testing.T, c cliVersion) *guideSession {
	t.Helper()
	s := &guideSession{t: t, cli: c, sb: startSandbox(t), state: t.TempDir()}
	s.env, s.home = userEnv(t)
	s.env = append(s.env,
		"VIPPSMOBILEPAY_BASE_URL="+s.sb.URL,
		"TF_CLI_ARGS_apply=-auto-approve",
		"TF_CLI_ARGS_destroy=-auto-approve",
	)
	if err := os.WriteFile(filepath.Join(s.state, "env"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.state, "pwd"), []byte(repoRoot+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, pgid := range s.pgids {
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
		}
	})
	return s
}

// userEnv is the environment of a user who installed the provider with `make install-local`:
// the tests' environment without TF_* and VIPPSMOBILEPAY_* settings (TF_CLI_CONFIG_FILE above
// all: the implied local mirror must apply), an empty HOME whose ~/.terraform.d/plugins holds
// the provider, and the CLI under test as `terraform` first on PATH.
func userEnv(t *testing.T) (env []string, home string) {
	t.Helper()
	home = t.TempDir()
	bin := filepath.Join(t.TempDir(), "bin")
	if err := os.Mkdir(bin, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(terraformPath, filepath.Join(bin, "terraform")); err != nil {
		t.Fatal(err)
	}
	copyTree(t, installedProvider(t), filepath.Join(home, ".terraform.d", "plugins"))
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "HOME", name == "PATH", strings.HasPrefix(name, "TF_"), strings.HasPrefix(name, "VIPPSMOBILEPAY_"):
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+home,
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
	), home
}

// blockPrologue and blockEpilogue wrap a block so that it continues the session: variables it
// assigns are exported (set -a) and saved with the working directory when it ends, however it
// ends.
const (
	blockPrologue = `set -eo pipefail
set -a
source "$GUIDE_STATE/env"
cd "$(cat "$GUIDE_STATE/pwd")"
__guide_save() { export -p >"$GUIDE_STATE/env.next" && mv "$GUIDE_STATE/env.next" "$GUIDE_STATE/env"; pwd >"$GUIDE_STATE/pwd"; }
trap __guide_save EXIT
`
	blockTimeout = 5 * time.Minute
)

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// run runs one shell block and checks its exit status and output.
func (s *guideSession) run(b guideBlock) {
	t := s.t
	t.Helper()
	commands := strings.ReplaceAll(b.text, sandboxDefaultURL, s.sb.URL)
	script := filepath.Join(s.state, fmt.Sprintf("block-%d.sh", b.line))
	if err := os.WriteFile(script, []byte(blockPrologue+commands), 0o600); err != nil {
		t.Fatal(err)
	}
	// A file, not a pipe: a process the block leaves running in the background (a sandbox)
	// would hold a pipe open, and the block would never end.
	out, err := os.Create(filepath.Join(s.state, fmt.Sprintf("block-%d.out", b.line)))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	ctx, cancel := context.WithTimeout(t.Context(), blockTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", script)
	cmd.Env = append(slices.Clone(s.env), "GUIDE_STATE="+s.state)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	start := time.Now()
	err = cmd.Start()
	if err == nil {
		s.pgids = append(s.pgids, cmd.Process.Pid)
		err = cmd.Wait()
	}
	exit := 0
	if err != nil {
		exitErr, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("line %d: %v", b.line, err)
		}
		exit = exitErr.ExitCode()
	}
	if _, err := out.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	printed, err := io.ReadAll(out)
	if err != nil {
		t.Fatal(err)
	}
	text := ansiEscape.ReplaceAllString(string(printed), "")
	flat := strings.Join(strings.Fields(text), " ") // Terraform wraps long lines
	t.Logf("line %d: exit %d in %s", b.line, exit, time.Since(start).Round(100*time.Millisecond))
	if ctx.Err() != nil {
		t.Errorf("line %d: still running after %s", b.line, blockTimeout)
	}
	if exit != b.exit {
		t.Errorf("line %d: exit status %d, want %d", b.line, exit, b.exit)
	}
	for _, want := range b.outputs {
		if !strings.Contains(flat, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("line %d: the output does not say %q", b.line, want)
		}
	}
	if t.Failed() {
		t.Logf("line %d ran:\n%s\nand printed:\n%s", b.line, commands, lastLines(text, 60))
	}
}

// writeFile saves a snippet where the guide says, in the session's working directory.
func (s *guideSession) writeFile(b guideBlock) {
	t := s.t
	t.Helper()
	dir, err := os.ReadFile(filepath.Join(s.state, "pwd"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(strings.TrimSpace(string(dir)), b.file)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(b.text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func lastLines(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("[%d lines before]", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// installedProvider is a directory laid out as `make install-local` lays out
// ~/.terraform.d/plugins, built once per run into the run's work directory and copied into
// each session's HOME (a copy: a guide's own `make install-local` replaces the files there).
var installedProvider = func() func(t *testing.T) string {
	var once sync.Once
	var dir string
	var err error
	return func(t *testing.T) string {
		t.Helper()
		once.Do(func() {
			dir = filepath.Join(workDir, "mirror") // outlives every test that copies from it
			cmd := exec.Command("bash", filepath.Join(repoRoot, "scripts", "install-local.sh"), dir)
			var out []byte
			if out, err = cmd.CombinedOutput(); err != nil {
				err = fmt.Errorf("scripts/install-local.sh: %w\n%s", err, out)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		return dir
	}
}()

// copyTree copies a directory's files, keeping their modes (the provider must stay executable).
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		src, err := os.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		dst, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm())
		if err != nil {
			return err
		}
		if _, err := io.Copy(dst, src); err != nil {
			dst.Close()
			return err
		}
		return dst.Close()
	})
	if err != nil {
		t.Fatalf("copying %s: %v", from, err)
	}
}
