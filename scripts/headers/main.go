// Command headers checks, or with -fix adds, the license header every source file of the
// project starts with (CONTRIBUTING.md, "License headers"):
//
//	// Copyright (c) The terraform-provider-vippsmobilepay Authors
//	// SPDX-License-Identifier: MPL-2.0
//
// in the file's own comment syntax, after a #! line if there is one. Which files carry it is
// decided by needsHeader; the files are those git tracks or would track (untracked files not
// ignored), so a new file is checked before its first commit.
//
//	go run ./scripts/headers        # `make lint`: list files without the header, exit 1
//	go run ./scripts/headers -fix   # `make headers`: add the header where it is missing
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"strings"
)

const (
	holderLine = "Copyright (c) The terraform-provider-vippsmobilepay Authors"
	spdxLine   = "SPDX-License-Identifier: MPL-2.0"
	// headerWindow is how many lines after a #! line the header may start within: a file may
	// keep another holder's copyright line above ours.
	headerWindow = 5
)

func main() {
	fix := flag.Bool("fix", false, "add the header to every file that lacks it")
	flag.Parse()

	files, err := candidateFiles()
	if err != nil {
		fmt.Fprintln(os.Stderr, "headers:", err)
		os.Exit(2)
	}
	var missing, partial []string
	for _, name := range files {
		content, err := os.ReadFile(name)
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet in the index
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "headers:", err)
			os.Exit(2)
		}
		prefix, ok := commentPrefix(name, content)
		if !ok {
			continue
		}
		switch headerState(content) {
		case complete:
			continue
		case incomplete:
			partial = append(partial, name)
			continue
		}
		if !*fix {
			missing = append(missing, name)
			continue
		}
		if err := os.WriteFile(name, addHeader(content, prefix), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "headers:", err)
			os.Exit(2)
		}
		fmt.Println("headers: added to", name)
	}
	if len(partial) > 0 {
		fmt.Fprintf(os.Stderr, "headers: %d files have one of the two header lines (%q, %q) but not the other; complete them by hand:\n  %s\n",
			len(partial), holderLine, spdxLine, strings.Join(partial, "\n  "))
	}
	if len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "headers: %d files lack the license header (%s / %s):\n  %s\nRun `make headers` to add it.\n",
			len(missing), holderLine, spdxLine, strings.Join(missing, "\n  "))
	}
	if len(missing) > 0 || len(partial) > 0 {
		os.Exit(1)
	}
}

// candidateFiles lists the files git tracks or would track, relative to the repository root,
// and moves there.
func candidateFiles() ([]string, error) {
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return nil, fmt.Errorf("not in a git work tree: %w", err)
	}
	if err := os.Chdir(strings.TrimSpace(string(top))); err != nil {
		return nil, err
	}
	out, err := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files: %w", err)
	}
	var files []string
	for _, name := range strings.Split(string(out), "\x00") {
		if name != "" {
			files = append(files, name)
		}
	}
	return files, nil
}

// commentPrefix says whether a file needs the header and in which comment syntax. The policy:
// the project's own code and build scripts carry it; what users copy (examples/, whose files
// tfplugindocs also puts into docs/), generated docs, prose, test data, third-party API
// specifications and tool configuration (.golangci.yml, .goreleaser.yml, as HashiCorp's
// own configuration of its header tool leaves them) do not.
func commentPrefix(name string, content []byte) (string, bool) {
	for _, dir := range []string{"examples/", "docs/", "templates/"} {
		if strings.HasPrefix(name, dir) {
			return "", false
		}
	}
	if strings.Contains("/"+name, "/testdata/") {
		return "", false
	}
	switch {
	case path.Ext(name) == ".go":
		return "// ", true
	case path.Ext(name) == ".sh", name == "GNUmakefile", bytes.HasPrefix(content, []byte("#!")):
		return "# ", true
	case strings.HasPrefix(name, ".github/workflows/") && (path.Ext(name) == ".yml" || path.Ext(name) == ".yaml"):
		return "# ", true
	}
	return "", false
}

type state int

const (
	absent state = iota
	incomplete
	complete
)

// headerState looks for the two header lines among the first lines after a #! line.
func headerState(content []byte) state {
	lines := strings.SplitN(string(content), "\n", headerWindow+2)
	if len(lines) > 0 && strings.HasPrefix(lines[0], "#!") {
		lines = lines[1:]
	}
	if len(lines) > headerWindow {
		lines = lines[:headerWindow]
	}
	var holder, spdx bool
	for _, line := range lines {
		text := strings.TrimSpace(strings.TrimLeft(line, "/#* \t"))
		holder = holder || strings.HasPrefix(text, "Copyright ")
		spdx = spdx || text == spdxLine
	}
	switch {
	case holder && spdx:
		return complete
	case holder || spdx:
		return incomplete
	}
	return absent
}

// addHeader puts the header first, or right after a #! line, and keeps a blank line between
// it and what follows, so that in a Go file it never becomes the package's doc comment.
func addHeader(content []byte, prefix string) []byte {
	header := prefix + holderLine + "\n" + prefix + spdxLine + "\n"
	var shebang []byte
	if bytes.HasPrefix(content, []byte("#!")) {
		end := bytes.IndexByte(content, '\n')
		if end < 0 {
			content = append(content, '\n')
			end = len(content) - 1
		}
		shebang, content = content[:end+1], content[end+1:]
	}
	if len(content) > 0 && !bytes.HasPrefix(content, []byte("\n")) {
		header += "\n"
	}
	out := make([]byte, 0, len(shebang)+len(header)+len(content))
	out = append(out, shebang...)
	out = append(out, header...)
	return append(out, content...)
}
