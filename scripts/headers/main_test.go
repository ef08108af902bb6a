// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package main

import "testing"

const goHeader = "// " + holderLine + "\n// " + spdxLine + "\n"

func TestAddHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, prefix, in, want string
	}{
		{
			name:   "a Go file's package comment stays the package comment",
			prefix: "// ",
			in:     "// Package keys checks formats.\npackage keys\n",
			want:   goHeader + "\n// Package keys checks formats.\npackage keys\n",
		},
		{
			name:   "a build constraint stays before the package clause",
			prefix: "// ",
			in:     "//go:build linux\n\npackage main\n",
			want:   goHeader + "\n//go:build linux\n\npackage main\n",
		},
		{
			name:   "a script keeps its #! line first",
			prefix: "# ",
			in:     "#!/usr/bin/env bash\n# CI entry point.\nset -eu\n",
			want:   "#!/usr/bin/env bash\n# " + holderLine + "\n# " + spdxLine + "\n\n# CI entry point.\nset -eu\n",
		},
		{
			name:   "no second blank line after a #! line followed by one",
			prefix: "# ",
			in:     "#!/bin/sh\n\necho hi\n",
			want:   "#!/bin/sh\n# " + holderLine + "\n# " + spdxLine + "\n\necho hi\n",
		},
		{
			name:   "a #! line without a newline",
			prefix: "# ",
			in:     "#!/bin/sh",
			want:   "#!/bin/sh\n# " + holderLine + "\n# " + spdxLine + "\n",
		},
		{
			name:   "an empty file",
			prefix: "// ",
			in:     "",
			want:   goHeader,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := string(addHeader([]byte(tt.in), tt.prefix))
			if got != tt.want {
				t.Errorf("addHeader(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
			if s := headerState([]byte(got)); s != complete {
				t.Errorf("after addHeader the header is not found (state %d) in\n%s", s, got)
			}
		})
	}
}

func TestHeaderState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     state
	}{
		{"none", "package main\n", absent},
		{"ours", goHeader + "\npackage main\n", complete},
		{"after a #! line", "#!/usr/bin/env bash\n# " + holderLine + "\n# " + spdxLine + "\n", complete},
		{"another holder's copyright first", "// Copyright 2026 Example AS\n" + goHeader + "\npackage main\n", complete},
		{"only the SPDX line", "// " + spdxLine + "\npackage main\n", incomplete},
		{"only a copyright line", "// Copyright (c) Someone\npackage main\n", incomplete},
		{"too far down to be a header", "// a\n// b\n// c\n// d\n// e\n" + goHeader, absent},
		{"another licence", "// Copyright (c) Someone\n// SPDX-License-Identifier: Apache-2.0\n", incomplete},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := headerState([]byte(tt.in)); got != tt.want {
				t.Errorf("headerState(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestCommentPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, content, want string
		needs               bool
	}{
		{"main.go", "package main\n", "// ", true},
		{"internal/provider/provider_test.go", "package provider\n", "// ", true},
		{"scripts/testacc.sh", "#!/usr/bin/env bash\n", "# ", true},
		{".ci/run", "#!/usr/bin/env bash\n", "# ", true},
		{"GNUmakefile", "# make\n", "# ", true},
		{".github/workflows/test.yml", "name: Tests\n", "# ", true},
		{"examples/resources/vippsmobilepay_key_set/import.sh", "terraform import x y\n", "", false},
		{"examples/quickstart/main.tf", "terraform {}\n", "", false},
		{"docs/index.md", "# Provider\n", "", false},
		{"templates/index.md.tmpl", "---\n", "", false},
		{"internal/sandbox/testdata/management-api-openapi-2.0.9.yaml", "openapi: 3.0.1\n", "", false},
		{"scripts/testsummary/testdata/pass-fail.json", "{}\n", "", false},
		{".golangci.yml", "version: \"2\"\n", "", false},
		{".goreleaser.yml", "version: 2\n", "", false},
		{"README.md", "# Provider\n", "", false},
		{"go.mod", "module x\n", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, needs := commentPrefix(tt.name, []byte(tt.content))
			if got != tt.want || needs != tt.needs {
				t.Errorf("commentPrefix(%q) = %q, %v; want %q, %v", tt.name, got, needs, tt.want, tt.needs)
			}
		})
	}
}
