//go:build linux

// Command bench is what `make bench` runs: it measures the provider at fleet size against
// Terraform's floor. For each Terraform CLI (the one on PATH, and Terraform 1.15.9 from
// ../shared/tools when present) and each fleet size N it validates, applies from empty state,
// and plans with and without refresh N vippsmobilepay_key_set, N random_id
// (hashicorp/random 3.9.0, the simplest plugin-framework resource) and N terraform_data (no
// provider at all), alternating, against a sandbox started with -generate N; then the key
// sets again against a sandbox with -latency. It records wall time, CPU time of Terraform core
// and of the provider, the provider's peak RSS, state bytes per resource and the sandbox's
// request counts, prints a table of medians and ratios, and writes it into BENCHMARKS.md.
//
// It is a command, not a test, so `go test ./...` and `make test` never run it. Linux only:
// it reads resource usage from wait4.
//
//	go run ./scripts/bench                 # N = 100 and 1,000 (about 15 minutes on 2 cores)
//	go run ./scripts/bench -large          # also N = 2,000 and 5,000
//	go run ./scripts/bench -n 50 -reps 1   # a quick look
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
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
	kinds      []string
	clis       string
	secondary  bool
	feeding    bool
	perf       bool
	out        string
	keep       bool
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
	flag.DurationVar(&o.latency, "latency", 100*time.Millisecond, "sandbox latency of the extra key-set run; 0 skips it")
	flag.IntVar(&o.latencyN, "latency-n", 1000, "fleet size of the latency run (if it is one of -n)")
	flag.IntVar(&o.hangN, "hang-n", 20, "key sets to apply against an API that never answers (how long a fleet takes to fail); 0 skips it")
	flag.StringVar(&kinds, "kinds", strings.Join(allKinds, ","), "resource kinds to compare")
	flag.StringVar(&o.clis, "terraform", "", "comma-separated Terraform CLI `paths` (default: terraform on PATH, and 1.15.9 from ../shared/tools when present)")
	flag.BoolVar(&o.secondary, "secondary", false, "give every key set its secondary subscription key too (verified as well: two token requests per key set)")
	flag.BoolVar(&o.feeding, "feeding", false, "also apply the key sets fed through one sensitive map variable instead of jsondecode(file(...))")
	flag.BoolVar(&o.perf, "perf", false, "record `perf` profiles of the key-set apply and plan at the largest N into the work directory (needs linux-perf)")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "file to write the results into (between the bench markers); empty for none")
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
		if !slices.Contains(allKinds, k) {
			fmt.Fprintf(os.Stderr, "bench: -kinds: unknown kind %q (want %s)\n", k, strings.Join(allKinds, ", "))
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
	report := results.markdown(time.Now(), runtime.NumCPU())
	fmt.Println()
	fmt.Print(report)
	if o.out != "" && err == nil {
		path := o.out
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
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
