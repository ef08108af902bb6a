// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

//go:build linux

// Command bench is what `make bench` runs: it measures the provider at fleet size against
// what Terraform charges anyway. For each Terraform CLI (the one on PATH, and the newest
// Terraform in ../shared/tools when present) and each fleet size N it validates, applies from
// empty state, and plans with and without refresh, alternating, against a sandbox started
// with -generate N:
//
//   - N vippsmobilepay_key_set with the secrets stored, and N with the write-only secrets;
//   - the floor: N time_static whose triggers hold what a key set's user gives (MSN,
//     environment, and the three credentials wrapped in sensitive());
//   - the peer: N time_static with the MSN in its triggers (hashicorp/time 0.14.2, a
//     plugin-framework provider that stores no secret).
//
// Then the applies of the key sets and the floor again at twice the largest N (growth), and
// 20 key sets against an API that never answers. It records wall time, CPU time of Terraform
// core and of each provider, the provider's peak RSS, state bytes per resource (and per
// attribute, from the state the apply wrote) and the sandbox's request counts, prints tables
// of medians, ratios and issue 21's targets, and writes them into BENCHMARKS.md.
//
// hashicorp/time comes from ../shared/tools or -time-provider; without it the floor and the
// peer are skipped, and the report says so.
//
// It is a command, not a test, so `go test ./...` and `make test` never run it. Linux only:
// it reads resource usage from wait4.
//
//	go run ./scripts/bench                 # N = 100 and 1,000, growth to 2,000
//	go run ./scripts/bench -large          # also N = 2,000 and 5,000 in full
//	go run ./scripts/bench -n 50 -reps 1 -growth-n 0 -out ""   # a quick look
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	sizes      []int
	reps       int
	repsLarge  int
	latency    time.Duration
	latencyN   int
	growthN    int
	kinds      []string
	clis       string
	timeBin    string
	secondary  bool
	feeding    bool
	perf       bool
	out        string
	baseline   string
	saveBase   string
	keep       bool
	commit     string // the code measured, from gitDescribe
	toolsDir   string
	repoRoot   string
	workDir    string
	parallel   int
	provSource string
	phases     []string
	hangN      int
	started    time.Time
	totalSteps int
	step       int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx)
	stop()
	os.Exit(code)
}

func run(ctx context.Context) int {
	var o options
	var sizes, kinds, phaseList string
	var large bool
	flag.StringVar(&sizes, "n", "100,1000", "fleet `sizes`, comma-separated")
	flag.BoolVar(&large, "large", false, "add N = 2000 (the growth target) and 5000 to -n")
	flag.IntVar(&o.reps, "reps", 3, "repetitions per measurement for N < 1000 (the table shows medians)")
	flag.IntVar(&o.repsLarge, "reps-large", 1, "repetitions per measurement for N >= 1000")
	flag.DurationVar(&o.latency, "latency", 0, "sandbox latency of an extra key-set run, e.g. 100ms; 0 skips it")
	flag.IntVar(&o.latencyN, "latency-n", 1000, "fleet size of the latency run (if it is one of -n)")
	flag.IntVar(&o.growthN, "growth-n", 2000, "apply the stored key sets and the floor at this N too, to compare how they grow from 1,000 (unless it is one of -n); 0 skips it")
	flag.IntVar(&o.hangN, "hang-n", 20, "key sets to apply against an API that never answers (how long a fleet takes to fail); 0 skips it")
	flag.StringVar(&kinds, "kinds", strings.Join(defaultKinds, ","), "resource kinds to compare, of "+strings.Join(knownKinds, ", "))
	flag.StringVar(&o.clis, "terraform", "", "comma-separated Terraform CLI `paths` (default: terraform on PATH, and the newest Terraform in ../shared/tools when present)")
	flag.StringVar(&o.timeBin, "time-provider", "", "`path` of a hashicorp/time provider binary (terraform-provider-time) for the floor and the peer (default: 0.14.2 from ../shared/tools)")
	flag.BoolVar(&o.secondary, "secondary", false, "give every key set (and the floor) its secondary subscription key too (verified as well: two token requests per key set)")
	flag.BoolVar(&o.feeding, "feeding", false, "also apply the stored key sets fed through one sensitive map variable instead of jsondecode(file(...))")
	flag.BoolVar(&o.perf, "perf", false, "record `perf` profiles of the key-set apply and plan at the largest N into the work directory (needs linux-perf)")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "file to write the results into (between the bench markers); empty for none")
	flag.StringVar(&o.baseline, "baseline", "scripts/bench/state-baseline.json", "state bytes per attribute of an earlier run, for the before/after table; empty for none")
	flag.StringVar(&o.saveBase, "save-baseline", "", "write this run's state bytes per attribute into `file`, as a -baseline for a later run")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory (states, configurations, logs)")
	flag.IntVar(&o.parallel, "parallelism", 10, "terraform -parallelism")
	flag.StringVar(&phaseList, "phases", strings.Join(phases, ","), "commands to measure")
	flag.StringVar(&o.provSource, "provider-source", "", "build the provider from this `directory` instead of the repository (to measure a variant)")
	flag.Parse()

	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "bench: -n: %q is not a fleet size\n", s)
			return 2
		}
		o.sizes = append(o.sizes, n)
	}
	if large {
		o.sizes = append(o.sizes, 2000, 5000)
	}
	slices.Sort(o.sizes)
	o.sizes = slices.Compact(o.sizes)
	for _, k := range strings.Split(kinds, ",") {
		if !slices.Contains(knownKinds, k) {
			fmt.Fprintf(os.Stderr, "bench: -kinds: unknown kind %q (want %s)\n", k, strings.Join(knownKinds, ", "))
			return 2
		}
		o.kinds = append(o.kinds, k)
	}

	for _, p := range strings.Split(phaseList, ",") {
		if !slices.Contains(phases, p) {
			fmt.Fprintf(os.Stderr, "bench: -phases: unknown command %q (want %s)\n", p, strings.Join(phases, ", "))
			return 2
		}
		o.phases = append(o.phases, p)
	}

	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	o.repoRoot = root
	o.commit = gitDescribe(ctx, root)
	o.toolsDir = findSharedTools(root)
	work, err := os.MkdirTemp("", "vippsmobilepay-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	o.workDir = work
	defer func() {
		if o.keep {
			fmt.Printf("work directory kept: %s\n", work)
			return
		}
		_ = os.RemoveAll(work)
	}()

	b, err := newBench(ctx, &o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	defer b.close()
	results, err := b.runAll(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		if len(results.samples) == 0 {
			return 1
		}
		fmt.Fprintln(os.Stderr, "bench: printing what was measured before the failure")
	}
	if o.baseline != "" && !sameFile(root, o.baseline, o.saveBase) {
		base, berr := readBaseline(inRepo(root, o.baseline))
		switch {
		case berr == nil:
			results.baseline = base
		case errors.Is(berr, fs.ErrNotExist):
			b.note("no before/after table: %s does not exist", o.baseline)
		default:
			b.note("no before/after table: %v", berr)
		}
		results.notes = b.notes
	}
	if o.saveBase != "" && err == nil {
		if werr := results.saveBaseline(inRepo(root, o.saveBase)); werr != nil {
			fmt.Fprintln(os.Stderr, "bench:", werr)
			return 1
		}
		fmt.Printf("wrote %s\n", o.saveBase)
	}
	report := results.markdown(time.Now(), runtime.NumCPU())
	fmt.Println()
	fmt.Print(report)
	if o.out != "" && err == nil {
		path := inRepo(root, o.out)
		if werr := writeReport(path, report); werr != nil {
			fmt.Fprintln(os.Stderr, "bench:", werr)
			return 1
		}
		fmt.Printf("\nwrote %s\n", path)
	}
	if err != nil {
		return 1
	}
	return 0
}

// inRepo resolves a path given on the command line against the repository, as `make bench`
// runs from there.
func inRepo(root, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(root, path)
}

// sameFile reports whether two paths given on the command line name the same file.
func sameFile(root, a, b string) bool {
	return a != "" && b != "" && inRepo(root, a) == inRepo(root, b)
}

// gitDescribe names the code measured: the commit, and "+changes" when the worktree has
// changes that could change what is measured (not in *.md or the benchmark itself).
func gitDescribe(ctx context.Context, root string) string {
	out, err := exec.CommandContext(ctx, "git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown commit"
	}
	rev := strings.TrimSpace(string(out))
	if st, err := exec.CommandContext(ctx, "git", "-C", root, "status", "--porcelain", "--", ".", ":!*.md", ":!scripts/bench").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		rev += "+changes"
	}
	return rev
}

// repoRoot is the module root: the benchmark runs from anywhere inside the repository.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "cmd", "vippsmobilepay-sandbox")); err == nil {
				return d, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("run from inside the provider's repository (no go.mod with cmd/vippsmobilepay-sandbox above %s)", dir)
		}
	}
}

// findSharedTools finds shared/tools/get in a folder above the repository: CI has it at
// ../shared, a worktree further up. Users have none, and the benchmark then skips what needs it.
func findSharedTools(root string) string {
	if dir := os.Getenv("VIPPSMOBILEPAY_SHARED_TOOLS"); dir != "" {
		return dir
	}
	for d := filepath.Dir(root); ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "shared", "tools")
		if fi, err := os.Stat(filepath.Join(candidate, "get")); err == nil && !fi.IsDir() {
			return candidate
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
