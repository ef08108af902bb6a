// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Phases of one measured cycle.
const (
	phaseValidate  = "validate"
	phaseApply     = "apply"
	phasePlan      = "plan"
	phasePlanNoRef = "plan -refresh=false"
	// phaseHang is an apply against an API that never answers; it is meant to fail, soon.
	phaseHang = "apply, API hangs"
)

// cli is one Terraform binary under test.
type cli struct {
	path    string
	version string // "1.11.4"
}

func (c cli) label() string { return "Terraform " + c.version }

// sample is one measured Terraform command.
type sample struct {
	cli        string
	kind       string
	n          int
	latency    time.Duration
	phase      string
	wall       time.Duration
	coreCPU    time.Duration // Terraform's own CPU time, without the providers'
	provCPU    time.Duration // the providers' CPU time (all their processes)
	provRSSKiB int64         // the largest provider process's peak RSS
	tfRSSKiB   int64         // Terraform's peak RSS
	launches   int           // provider processes started
	stateBytes int64         // terraform.tfstate after the command
	tokens     int           // POST /accesstoken/get the sandbox saw
	requests   int           // every API request the sandbox saw
	changes    bool          // a plan proposed changes
	failed     string        // why the command failed, if it did
}

type bench struct {
	o           *options
	providerDir string // dev_overrides folder of vippsmobilepay (the launcher)
	timeDir     string // dev_overrides folder of hashicorp/time; "" when unavailable
	realDir     string // the real provider binaries the launcher starts
	rusageDir   string
	sandboxBin  string
	cliConfig   string
	clis        []cli
	notes       []string
	env         []string
}

func newBench(ctx context.Context, o *options) (*bench, error) {
	b := &bench{
		o:           o,
		providerDir: filepath.Join(o.workDir, "override", "vippsmobilepay"),
		realDir:     filepath.Join(o.workDir, "real"),
		rusageDir:   filepath.Join(o.workDir, "rusage"),
		sandboxBin:  filepath.Join(o.workDir, "bin", "vippsmobilepay-sandbox"),
		cliConfig:   filepath.Join(o.workDir, "dev.tfrc"),
	}
	for _, d := range []string{b.providerDir, b.realDir, b.rusageDir, filepath.Dir(b.sandboxBin)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	b.progress("building the provider, the sandbox and the launcher")
	launcher := filepath.Join(o.workDir, "bin", "launcher")
	providerPkg := "."
	if o.provSource != "" {
		providerPkg = o.provSource
	}
	for _, build := range [][2]string{
		{filepath.Join(b.realDir, "terraform-provider-vippsmobilepay"), providerPkg},
		{b.sandboxBin, "./cmd/vippsmobilepay-sandbox"},
		{launcher, "./scripts/bench/launcher"},
	} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", build[0], ".")
		cmd.Dir = filepath.Join(o.repoRoot, build[1])
		if filepath.IsAbs(build[1]) {
			cmd.Dir = build[1]
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build %s: %v\n%s", build[1], err, out)
		}
	}
	if err := copyFile(launcher, filepath.Join(b.providerDir, "terraform-provider-vippsmobilepay")); err != nil {
		return nil, err
	}

	if slices.ContainsFunc(o.kinds, usesTime) {
		if err := b.setUpTime(ctx, launcher); err != nil {
			b.note("the floor and the peer (time_static) skipped, so every ratio to them is missing: %v", err)
			o.kinds = slices.DeleteFunc(o.kinds, usesTime)
		}
	}
	if err := b.writeCLIConfig(); err != nil {
		return nil, err
	}
	if err := b.findCLIs(ctx); err != nil {
		return nil, err
	}
	b.env = b.environment()
	return b, nil
}

// timeProviderTool is the hashicorp/time build ../shared/tools has for the floor and the peer.
const timeProviderTool = "terraform-provider-time_v0.14.2"

// setUpTime puts hashicorp/time (-time-provider, else 0.14.2 from ../shared/tools) behind a
// launcher.
func (b *bench) setUpTime(ctx context.Context, launcher string) error {
	bin := b.o.timeBin
	if bin == "" {
		if b.o.toolsDir == "" {
			return errors.New("hashicorp/time not found: no ../shared/tools here; build " +
				"github.com/hashicorp/terraform-provider-time v0.14.2 and pass its binary with -time-provider")
		}
		out, err := exec.CommandContext(ctx, filepath.Join(b.o.toolsDir, "get"), timeProviderTool).Output()
		if err != nil {
			return fmt.Errorf("hashicorp/time not found (%s/get %s: %v); pass a build of it with -time-provider", b.o.toolsDir, timeProviderTool, err)
		}
		bin = strings.TrimSpace(string(out))
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(bin); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return fmt.Errorf("hashicorp/time not found: %s is not an executable file", bin)
	}
	// dev_overrides finds a provider by its file name's prefix.
	name := filepath.Base(bin)
	if !strings.HasPrefix(name, "terraform-provider-time") {
		return fmt.Errorf("%s: the binary's name must begin with terraform-provider-time", bin)
	}
	if err := os.Symlink(bin, filepath.Join(b.realDir, name)); err != nil {
		return err
	}
	b.timeDir = filepath.Join(b.o.workDir, "override", "time")
	if err := os.MkdirAll(b.timeDir, 0o755); err != nil {
		return err
	}
	return copyFile(launcher, filepath.Join(b.timeDir, name))
}

func (b *bench) writeCLIConfig() error {
	var lines []string
	lines = append(lines, fmt.Sprintf("    %q = %q", "vippsmobilepay-community/vippsmobilepay", b.providerDir))
	if b.timeDir != "" {
		lines = append(lines, fmt.Sprintf("    %q = %q", "hashicorp/time", b.timeDir))
	}
	cfg := "provider_installation {\n  dev_overrides {\n" + strings.Join(lines, "\n") + "\n  }\n  direct {}\n}\n"
	return os.WriteFile(b.cliConfig, []byte(cfg), 0o644)
}

var versionLine = regexp.MustCompile(`(?m)^(?:Terraform|OpenTofu) v(\S+)`)

func (b *bench) findCLIs(ctx context.Context) error {
	var paths []string
	if b.o.clis != "" {
		paths = strings.Split(b.o.clis, ",")
	} else {
		p, err := exec.LookPath("terraform")
		if err != nil {
			return errors.New("terraform is not on PATH; install Terraform 1.11 or later")
		}
		paths = append(paths, p)
		if newest := newestTerraform(b.o.toolsDir); b.o.toolsDir == "" || newest == "" {
			b.note("only the terraform on PATH measured: no ../shared/tools here with a newer Terraform")
		} else if out, err := exec.CommandContext(ctx, filepath.Join(b.o.toolsDir, "get"), newest).Output(); err != nil {
			b.note("%s skipped: %s/get %s: %v", newest, b.o.toolsDir, newest, err)
		} else {
			paths = append(paths, strings.TrimSpace(string(out)))
		}
	}
	for _, p := range paths {
		out, err := exec.CommandContext(ctx, p, "version").Output()
		m := versionLine.FindSubmatch(out)
		if err != nil || m == nil {
			return fmt.Errorf("%s version: %v %s", p, err, out)
		}
		c := cli{path: p, version: string(m[1])}
		if slices.ContainsFunc(b.clis, func(o cli) bool { return o.version == c.version }) {
			continue // the one on PATH may be the newest too
		}
		b.clis = append(b.clis, c)
	}
	return nil
}

var sharedTerraform = regexp.MustCompile(`^terraform-(\d+)\.(\d+)\.(\d+)-linux-amd64\.xz$`)

// newestTerraform is the name `get` takes for the newest Terraform CLI in dir ("terraform-1.16.4"),
// or "".
func newestTerraform(dir string) string {
	entries, _ := os.ReadDir(dir)
	var best []int
	var name string
	for _, e := range entries {
		m := sharedTerraform.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		v := make([]int, 3)
		for i := range v {
			v[i], _ = strconv.Atoi(m[i+1])
		}
		if best == nil || slices.Compare(v, best) > 0 {
			best, name = v, strings.TrimSuffix(e.Name(), "-linux-amd64.xz")
		}
	}
	return name
}

// environment is what every Terraform command gets: the caller's, minus anything that would
// change what is measured (VIPPSMOBILEPAY_* settings, TF_* settings, a plugin cache).
func (b *bench) environment() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "VIPPSMOBILEPAY_") || strings.HasPrefix(name, "TF_") || name == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+b.cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
		"BENCH_LAUNCHER_TARGET_DIR="+b.realDir,
		"BENCH_LAUNCHER_RUSAGE_DIR="+b.rusageDir,
	)
}

func (b *bench) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	b.notes = append(b.notes, msg)
	b.progress("note: " + msg)
}

func (b *bench) progress(msg string) {
	el := time.Since(b.o.started).Round(time.Second)
	if b.o.started.IsZero() {
		el = 0
	}
	fmt.Printf("[%6s] %s\n", el, msg)
}

func (b *bench) close() {}

// runAll runs every measurement, in the order that keeps comparisons fair: the kinds
// alternate within each repetition, so a slow minute on a shared machine hits all of them.
func (b *bench) runAll(ctx context.Context) (*results, error) {
	res := &results{clis: b.clis, sizes: b.o.sizes, kinds: b.o.kinds, opts: b.o, loadBefore: loadAverage()}
	defer func() { res.notes = b.notes }()
	b.o.started = time.Now()
	b.o.totalSteps = b.countSteps()

	for _, c := range b.clis {
		for _, n := range b.o.sizes {
			if err := b.runSize(ctx, res, c, n, 0, b.o.kinds, b.o.phases); err != nil {
				return res, err
			}
		}
		if kinds := b.growthKinds(); len(kinds) > 0 {
			if err := b.runSize(ctx, res, c, b.o.growthN, 0, kinds, []string{phaseApply}); err != nil {
				return res, err
			}
		}
		if b.o.latency > 0 && slices.Contains(b.o.sizes, b.o.latencyN) && slices.Contains(b.o.kinds, kindKeySet) {
			// Only the key sets talk to the API.
			phases := slices.DeleteFunc(slices.Clone(b.o.phases), func(p string) bool { return p != phaseApply && p != phasePlan })
			if err := b.runSize(ctx, res, c, b.o.latencyN, b.o.latency, []string{kindKeySet}, phases); err != nil {
				return res, err
			}
		}
	}
	if b.o.feeding && slices.Contains(b.o.kinds, kindKeySet) {
		n := b.o.sizes[len(b.o.sizes)-1]
		sb, err := startSandbox(ctx, b.sandboxBin, n, 0)
		if err != nil {
			return res, err
		}
		defer sb.stop()
		if err := b.cycle(ctx, res, b.clis[0], kindKeySetSensitiveVar, n, sb, 0, []string{phaseApply, phasePlan}); err != nil {
			return res, err
		}
	}
	if b.o.hangN > 0 && slices.Contains(b.o.kinds, kindKeySet) {
		for _, c := range b.clis {
			if err := b.hang(ctx, res, c, b.o.hangN); err != nil {
				return res, err
			}
		}
	}
	if b.o.perf {
		if err := b.profile(ctx, b.clis[0], b.o.sizes[len(b.o.sizes)-1]); err != nil {
			b.note("perf profile failed: %v", err)
		}
	}
	return res, nil
}

func (b *bench) reps(n int) int {
	if n >= 1000 {
		return max(b.o.repsLarge, 1)
	}
	return max(b.o.reps, 1)
}

// growthKinds are the kinds applied at -growth-n: the stored key sets and the floor, whose
// growth the targets compare. None when -growth-n is 0 or one of -n (measured in full then).
func (b *bench) growthKinds() []string {
	if b.o.growthN <= 0 || slices.Contains(b.o.sizes, b.o.growthN) {
		return nil
	}
	return slices.DeleteFunc(slices.Clone(b.o.kinds), func(k string) bool { return k != kindKeySet && k != kindFloor })
}

func (b *bench) countSteps() int {
	steps := 0
	for range b.clis {
		for _, n := range b.o.sizes {
			steps += b.reps(n) * len(b.o.kinds) * len(b.o.phases)
		}
		steps += b.reps(b.o.growthN) * len(b.growthKinds())
		if b.o.latency > 0 && slices.Contains(b.o.sizes, b.o.latencyN) {
			steps += b.reps(b.o.latencyN) * 2
		}
	}
	if b.o.feeding {
		steps += 2
	}
	if b.o.hangN > 0 {
		steps += len(b.clis)
	}
	return steps
}

// runSize measures one fleet size on one CLI against its own sandbox.
func (b *bench) runSize(ctx context.Context, res *results, c cli, n int, latency time.Duration, kinds, phases []string) error {
	sb, err := startSandbox(ctx, b.sandboxBin, n, latency)
	if err != nil {
		return err
	}
	defer sb.stop()
	for rep := range b.reps(n) {
		for i := range kinds {
			k := kinds[(i+rep)%len(kinds)]
			if err := b.cycle(ctx, res, c, k, n, sb, latency, phases); err != nil {
				return err
			}
		}
	}
	return nil
}

// cycle runs the phases of one kind once, from an empty state.
func (b *bench) cycle(ctx context.Context, res *results, c cli, k string, n int, sb *sandboxProc, latency time.Duration, phases []string) error {
	dir := filepath.Join(b.o.workDir, "runs", fmt.Sprintf("%s-%s-%d-%s", c.version, k, n, latency))
	if err := writeConfig(dir, k, sb.keySets[:n], b.o.secondary); err != nil {
		return err
	}
	for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		_ = os.Remove(filepath.Join(dir, f))
	}
	for _, phase := range phases {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := sb.reset(ctx); err != nil {
			return err
		}
		args := map[string][]string{
			phaseValidate:  {"validate", "-no-color"},
			phaseApply:     {"apply", "-auto-approve", "-no-color", "-input=false", fmt.Sprintf("-parallelism=%d", b.o.parallel)},
			phasePlan:      {"plan", "-no-color", "-input=false", "-detailed-exitcode", fmt.Sprintf("-parallelism=%d", b.o.parallel)},
			phasePlanNoRef: {"plan", "-refresh=false", "-no-color", "-input=false", "-detailed-exitcode", fmt.Sprintf("-parallelism=%d", b.o.parallel)},
		}[phase]
		s := sample{cli: c.version, kind: k, n: n, latency: latency, phase: phase}
		b.o.step++
		label := fmt.Sprintf("(%d/%d) %s  N=%d  %s  %s", b.o.step, b.o.totalSteps, c.label(), n, k, phase)
		if latency > 0 {
			label += fmt.Sprintf("  latency %s", latency)
		}
		u, code, err := b.terraform(ctx, c, dir, sb.baseURL, phase, args...)
		if err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
		s.wall, s.coreCPU, s.provCPU, s.provRSSKiB, s.tfRSSKiB, s.launches = u.wall, u.coreCPU, u.provCPU, u.provRSSKiB, u.tfRSSKiB, u.launches
		switch {
		case code == 2 && strings.HasPrefix(phase, "plan"):
			s.changes = true
		case code != 0:
			s.failed = fmt.Sprintf("exit %d, see %s", code, filepath.Join(dir, phase+".log"))
		}
		if fi, err := os.Stat(filepath.Join(dir, "terraform.tfstate")); err == nil {
			s.stateBytes = fi.Size()
		}
		if phase == phaseApply && latency == 0 && n == res.breakdownN() && s.failed == "" {
			bd, err := breakDownState(filepath.Join(dir, "terraform.tfstate"), resourceType(k))
			if err != nil {
				b.note("%s: state bytes per attribute not measured: %v", label, err)
			} else {
				res.setBreakdown(c.version, k, bd)
			}
		}
		if isKeySet(k) {
			stats, err := sb.stats(ctx)
			if err != nil {
				return err
			}
			for route, count := range stats {
				if !strings.Contains(route, "/_sandbox/") {
					s.requests += count
				}
				if route == "POST /accesstoken/get" {
					s.tokens = count
				}
			}
		}
		res.samples = append(res.samples, s)
		status := ""
		switch {
		case s.failed != "":
			status = "  FAILED: " + s.failed
		case s.changes:
			status = "  (plan not empty)"
		}
		b.progress(fmt.Sprintf("%s  %.1fs%s", label, s.wall.Seconds(), status))
		if s.failed != "" {
			return fmt.Errorf("%s failed: %s", label, s.failed)
		}
	}
	return nil
}

type usage struct {
	wall       time.Duration
	coreCPU    time.Duration
	provCPU    time.Duration
	provRSSKiB int64
	tfRSSKiB   int64
	launches   int
}

// terraform runs one Terraform command in dir and measures it. Terraform's own rusage from
// wait4 includes its reaped children, the providers; their launchers report each provider's
// share, which is taken out again to leave Terraform core's.
func (b *bench) terraform(ctx context.Context, c cli, dir, baseURL, logName string, args ...string) (usage, int, error) {
	entries, _ := os.ReadDir(b.rusageDir)
	for _, e := range entries {
		_ = os.Remove(filepath.Join(b.rusageDir, e.Name()))
	}
	logFile, err := os.Create(filepath.Join(dir, strings.ReplaceAll(logName, " ", "")+".log"))
	if err != nil {
		return usage{}, 0, err
	}
	defer logFile.Close()
	cmd := exec.CommandContext(ctx, c.path, args...)
	cmd.Dir = dir
	cmd.Env = append(slices.Clone(b.env), "VIPPSMOBILEPAY_BASE_URL="+baseURL)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Interrupted, Terraform gets the chance to stop its providers and save its state.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	began := time.Now()
	err = cmd.Run()
	wall := time.Since(began)
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return usage{}, 0, err
	}
	u := usage{wall: wall}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.coreCPU = cpu(ru)
		u.tfRSSKiB = ru.Maxrss
	}
	launched, err := readLaunches(b.rusageDir)
	if err != nil {
		return usage{}, 0, err
	}
	for _, l := range launched {
		p := time.Duration((l.UserSecs + l.SysSecs) * float64(time.Second))
		u.provCPU += p
		u.coreCPU -= p + time.Duration(l.SelfSecs*float64(time.Second))
		u.provRSSKiB = max(u.provRSSKiB, l.MaxRSSKiB)
	}
	u.launches = len(launched)
	return u, cmd.ProcessState.ExitCode(), nil
}

func cpu(ru *syscall.Rusage) time.Duration {
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// launch is what the launcher (scripts/bench/launcher) writes for each provider process.
type launch struct {
	Name      string  `json:"name"`
	UserSecs  float64 `json:"user_seconds"`
	SysSecs   float64 `json:"sys_seconds"`
	MaxRSSKiB int64   `json:"max_rss_kib"`
	SelfSecs  float64 `json:"launcher_seconds"`
}

func readLaunches(dir string) ([]launch, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []launch
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		var l launch
		if err := json.Unmarshal(raw, &l); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		out = append(out, l)
	}
	return out, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// profile records perf profiles of the key sets' apply and plan (not measured: perf slows
// them down) and writes a summary by process and by shared object next to them.
func (b *bench) profile(ctx context.Context, c cli, n int) error {
	perf, err := exec.LookPath("perf")
	if err != nil {
		return errors.New("perf is not installed (Debian: apt-get install linux-perf)")
	}
	sb, err := startSandbox(ctx, b.sandboxBin, n, 0)
	if err != nil {
		return err
	}
	defer sb.stop()
	dir := filepath.Join(b.o.workDir, "runs", fmt.Sprintf("perf-%s-%d", c.version, n))
	if err := writeConfig(dir, kindKeySet, sb.keySets[:n], b.o.secondary); err != nil {
		return err
	}
	for _, phase := range []string{phaseApply, phasePlan} {
		args := []string{"record", "-F", "499", "-g", "-o", filepath.Join(dir, strings.ReplaceAll(phase, " ", "")+".perf.data"), "--", c.path}
		if phase == phaseApply {
			args = append(args, "apply", "-auto-approve", "-no-color")
		} else {
			args = append(args, "plan", "-no-color")
		}
		b.progress(fmt.Sprintf("perf record: %s N=%d key_set %s", c.label(), n, phase))
		cmd := exec.CommandContext(ctx, perf, args...)
		cmd.Dir = dir
		cmd.Env = append(slices.Clone(b.env), "VIPPSMOBILEPAY_BASE_URL="+sb.baseURL)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("perf record %s: %v\n%s", phase, err, out.String())
		}
	}
	b.note("perf profiles in %s (perf report -i <file> --sort comm,dso)", dir)
	b.o.keep = true
	return nil
}

// hang applies n key sets against a sandbox that never answers, with the provider's defaults:
// how long a fleet takes to fail when the API hangs.
func (b *bench) hang(ctx context.Context, res *results, c cli, n int) error {
	sb, err := startSandbox(ctx, b.sandboxBin, n, 0, "-fault", "timeout")
	if err != nil {
		return err
	}
	defer sb.stop()
	dir := filepath.Join(b.o.workDir, "runs", fmt.Sprintf("%s-hang-%d", c.version, n))
	if err := writeConfig(dir, kindKeySet, sb.keySets[:n], b.o.secondary); err != nil {
		return err
	}
	b.o.step++
	label := fmt.Sprintf("(%d/%d) %s  N=%d  key_set  apply against an API that never answers", b.o.step, b.o.totalSteps, c.label(), n)
	u, code, err := b.terraform(ctx, c, dir, sb.baseURL, phaseApply,
		"apply", "-auto-approve", "-no-color", "-input=false", fmt.Sprintf("-parallelism=%d", b.o.parallel))
	if err != nil {
		return fmt.Errorf("%s: %w", label, err)
	}
	s := sample{cli: c.version, kind: kindKeySet, n: n, phase: phaseHang, wall: u.wall, coreCPU: u.coreCPU, provCPU: u.provCPU}
	if code == 0 {
		s.failed = "the apply succeeded against an API that never answers"
	}
	stats, err := sb.stats(ctx)
	if err != nil {
		return err
	}
	s.tokens = stats["POST /accesstoken/get"]
	s.requests = s.tokens
	res.samples = append(res.samples, s)
	b.progress(fmt.Sprintf("%s  %.1fs, %d of %d token requests sent", label, s.wall.Seconds(), s.tokens, n))
	return nil
}
