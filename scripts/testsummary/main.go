// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Command testsummary reads `go test -json` on standard input and prints what a CI log needs:
// each package's result, the whole output of every failed test, every skip with its reason, and
// one line of counts, which it also writes to -summary FILE with the skip reasons. It exits 1 when a test or a package
// failed or no test ran, so that a run that proves nothing is not green.
//
//	go test -json ./... | go run ./scripts/testsummary -label "Terraform 1.15.9" -summary out.txt
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail events name the package here
	Test       string
	Output     string
	Elapsed    float64
}

// result is what one run of the suite came to.
type result struct {
	passed, failed, skipped          int // top-level tests
	subPassed, subFailed, subSkipped int // subtests (t.Run)
	failedPackages                   []string
	skipReasons                      map[string][]string // reason -> tests
}

func main() {
	label := flag.String("label", "tests", "what ran, e.g. \"OpenTofu 1.12.6\"")
	summaryFile := flag.String("summary", "", "also write the one-line summary to this file")
	flag.Parse()

	start := time.Now()
	res, err := summarize(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	line := res.line(*label, time.Since(start))
	fmt.Println(line)
	if *summaryFile != "" {
		// The counts, then one line per skip reason: a summary shows at a glance whether
		// every skip is a CLI that lacks a feature.
		summary := line + "\n"
		for _, reason := range res.sortedSkipReasons() {
			summary += fmt.Sprintf("    skipped %d: %s\n", len(res.skipReasons[reason]), reason)
		}
		if err := os.WriteFile(*summaryFile, []byte(summary), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "testsummary:", err)
			os.Exit(2)
		}
	}
	if !res.ok() {
		os.Exit(1)
	}
}

// summarize prints package results and failed tests' output to w as the events arrive, then
// the skips, and returns the counts.
func summarize(r io.Reader, w io.Writer) (result, error) {
	res := result{skipReasons: map[string][]string{}}
	output := map[string]*strings.Builder{} // "package test" -> its output so far
	key := func(e event) string {
		if e.Package == "" {
			return e.ImportPath
		}
		return e.Package + " " + e.Test
	}

	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 1024*1024), 64*1024*1024)
	for scanner.Scan() {
		raw := scanner.Bytes()
		var e event
		if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &e) != nil {
			// Not an event: go's own messages, e.g. a build failure without -json support.
			fmt.Fprintf(w, "%s\n", raw)
			continue
		}
		switch e.Action {
		case "output", "build-output":
			b := output[key(e)]
			if b == nil {
				b = &strings.Builder{}
				output[key(e)] = b
			}
			b.WriteString(e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				packageDone(w, &res, e, output[key(e)])
			} else {
				testDone(w, &res, e, output[key(e)])
			}
			delete(output, key(e))
		case "build-fail":
			if b := output[key(e)]; b != nil {
				fmt.Fprint(w, b.String())
			}
			delete(output, key(e))
		}
	}
	if err := scanner.Err(); err != nil {
		return res, err
	}
	res.printSkips(w)
	return res, nil
}

func packageDone(w io.Writer, res *result, e event, out *strings.Builder) {
	switch e.Action {
	case "fail":
		res.failedPackages = append(res.failedPackages, e.Package)
		if out != nil {
			// Output outside any test: a panic, a TestMain failure, a timeout, but not go
			// test's own result lines, printed below.
			for l := range strings.Lines(out.String()) {
				if t := strings.TrimSpace(l); t != "PASS" && t != "FAIL" && !strings.HasPrefix(t, "FAIL\t") && !strings.HasPrefix(t, "ok  \t") {
					fmt.Fprint(w, l)
				}
			}
		}
		fmt.Fprintf(w, "FAIL\t%s\t%.1fs\n", e.Package, e.Elapsed)
	case "skip":
		fmt.Fprintf(w, "?   \t%s\t[no test files]\n", e.Package)
	default:
		fmt.Fprintf(w, "ok  \t%s\t%.1fs\n", e.Package, e.Elapsed)
	}
}

func testDone(w io.Writer, res *result, e event, out *strings.Builder) {
	sub := strings.Contains(e.Test, "/")
	switch e.Action {
	case "pass":
		count(sub, &res.passed, &res.subPassed)
	case "fail":
		count(sub, &res.failed, &res.subFailed)
		if out != nil {
			fmt.Fprint(w, out.String()) // from "=== RUN" to "--- FAIL"
		}
	case "skip":
		count(sub, &res.skipped, &res.subSkipped)
		reason := skipReason(out)
		res.skipReasons[reason] = append(res.skipReasons[reason], e.Test)
	}
}

func count(sub bool, top, subtests *int) {
	if sub {
		*subtests++
	} else {
		*top++
	}
}

// skipReason is what the test logged before it skipped, without go test's own lines.
func skipReason(out *strings.Builder) string {
	if out == nil {
		return "(no reason given)"
	}
	var lines []string
	for _, l := range strings.Split(out.String(), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- SKIP") {
			continue
		}
		// "file_test.go:12: reason": the reason is the same for every test that skips there.
		if i := strings.Index(l, ".go:"); i >= 0 {
			if j := strings.Index(l[i:], ": "); j >= 0 {
				l = l[i+j+2:]
			}
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return "(no reason given)"
	}
	return strings.Join(lines, " ")
}

func (r result) sortedSkipReasons() []string {
	reasons := make([]string, 0, len(r.skipReasons))
	for reason := range r.skipReasons {
		reasons = append(reasons, reason)
	}
	sort.Strings(reasons)
	return reasons
}

func (r result) printSkips(w io.Writer) {
	for _, reason := range r.sortedSkipReasons() {
		tests := r.skipReasons[reason]
		sort.Strings(tests)
		fmt.Fprintf(w, "skipped %d: %s\n", len(tests), reason)
		for _, t := range tests {
			fmt.Fprintf(w, "    %s\n", t)
		}
	}
}

func (r result) ok() bool {
	return r.failed == 0 && r.subFailed == 0 && len(r.failedPackages) == 0 && r.passed > 0
}

func (r result) line(label string, elapsed time.Duration) string {
	status := "ok  "
	if !r.ok() {
		status = "FAIL"
	}
	s := fmt.Sprintf("%s %s: %d passed, %d failed, %d skipped (subtests: %d passed, %d failed, %d skipped) in %s",
		status, label, r.passed, r.failed, r.skipped, r.subPassed, r.subFailed, r.subSkipped, elapsed.Round(time.Second))
	if len(r.failedPackages) > 0 {
		s += "; failed packages: " + strings.Join(r.failedPackages, " ")
	}
	if r.passed == 0 && r.failed == 0 {
		s += "; no test ran"
	}
	return s
}
