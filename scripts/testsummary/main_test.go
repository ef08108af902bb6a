// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// testdata/*.json are real `go test -json` runs of a package with a passing test and subtest,
// a skipped test and a failing one (pass-fail.json), and of the same package failing to build.
func summarizeFile(t *testing.T, name string) (result, string) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	res, err := summarize(f, &out)
	if err != nil {
		t.Fatal(err)
	}
	return res, out.String()
}

func TestSummarize_countsAndShowsTheFailedTestsOutput(t *testing.T) {
	res, out := summarizeFile(t, "pass-fail.json")
	if res.passed != 1 || res.failed != 1 || res.skipped != 1 || res.subPassed != 1 {
		t.Errorf("counts = %+v, want 1 passed, 1 failed, 1 skipped, 1 subtest passed", res)
	}
	if res.ok() {
		t.Error("a run with a failed test is ok")
	}
	for _, want := range []string{"some detail", "boom", "FAIL\tbf", "skipped 1: Terraform 1.11.4 has no actions; skipping test\n    TestSkip\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "=== RUN   TestOK") {
		t.Errorf("output shows a passing test's output:\n%s", out)
	}
	line := res.line("Terraform 1.11.4", 95*time.Second)
	if want := "FAIL Terraform 1.11.4: 1 passed, 1 failed, 1 skipped (subtests: 1 passed, 0 failed, 0 skipped) in 1m35s; failed packages: bf"; line != want {
		t.Errorf("line = %q, want %q", line, want)
	}
}

func TestSummarize_aBuildFailureIsAFailureWithItsCompilerOutput(t *testing.T) {
	res, out := summarizeFile(t, "buildfail.json")
	if res.ok() {
		t.Error("a build failure is ok")
	}
	if !strings.Contains(out, "undefined: undefined") {
		t.Errorf("output lacks the compiler's message:\n%s", out)
	}
	if line := res.line("x", 0); !strings.Contains(line, "no test ran") {
		t.Errorf("line = %q, want it to say no test ran", line)
	}
}

func TestResult_noTestRunIsNotOK(t *testing.T) {
	if (result{}).ok() {
		t.Error("an empty run is ok")
	}
}
