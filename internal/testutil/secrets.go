// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package testutil holds the helpers that tests of several packages share: searching text and
// files for secrets. Only tests import it.
package testutil

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FragmentLength is how many consecutive characters of a secret count as a part of it: long
// enough that no random secret shares a part with Terraform's own words by chance, short
// enough that a third of a 24-character client_secret is found.
const FragmentLength = 8

// AssertNoSecrets fails when any of the secrets appears whole in text. It names where and how
// long the secret is, never the secret.
func AssertNoSecrets(t testing.TB, where, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("%s contains a secret (%d characters)", where, len(s))
		}
	}
}

// AssertNoSecretParts fails when text holds any part of a secret: FragmentLength consecutive
// characters of it (whitespace around the secret aside), or the whole secret when it is shorter.
// It names the secret by its position in secrets, never by value.
func AssertNoSecretParts(t testing.TB, where, text string, secrets ...string) {
	t.Helper()
	for i, s := range secrets {
		if fragment, ok := secretPartIn(text, s); ok {
			t.Errorf("%s holds part of secret #%d (%d of its %d characters, at offset %d of the secret)",
				where, i+1, utf8.RuneCountInString(fragment), utf8.RuneCountInString(s), strings.Index(s, fragment))
		}
	}
}

// secretPartIn returns the first part of secret found in text.
func secretPartIn(text, secret string) (string, bool) {
	secret = strings.TrimSpace(secret)
	if secret == "" {
		return "", false
	}
	runes := []rune(secret)
	n := min(FragmentLength, len(runes))
	for i := 0; i+n <= len(runes); i++ {
		if part := string(runes[i : i+n]); strings.Contains(text, part) {
			return part, true
		}
	}
	return "", false
}

// Searched counts what AssertNoSecretInFiles looked at, so that a caller can prove the search
// covered what it should: files, and the zip archives among them (saved plans).
type Searched struct{ Files, Archives int }

// A Shape is what a kind of secret looks like, for secrets a test cannot list in advance.
type Shape struct {
	Name    string
	Pattern *regexp.Regexp
}

// AccessTokenShape matches a JWT, which is what Vipps MobilePay access tokens are.
var AccessTokenShape = Shape{"an access token", regexp.MustCompile(`eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.`)}

// AssertNoShapes fails when text holds anything of one of the shapes. It never shows the match.
func AssertNoShapes(t testing.TB, where, text string, shapes ...Shape) {
	t.Helper()
	for _, s := range shapes {
		if s.Pattern.MatchString(text) {
			t.Errorf("%s holds something shaped like %s", where, s.Name)
		}
	}
}

// AssertNoSecretInFiles searches every file under dir for the secrets and the shapes, looking
// inside zip archives too: a saved plan is one, and its compressed bytes would hide a secret
// from a plain search. Provider binaries that Terraform copied into .terraform/providers are
// skipped. It fails the test when dir holds no file at all.
func AssertNoSecretInFiles(t testing.TB, dir string, secrets []string, shapes ...Shape) Searched {
	t.Helper()
	var n Searched
	providers := ".terraform" + string(filepath.Separator) + "providers"
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Type()&fs.ModeSymlink != 0 || strings.Contains(p, providers) {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, dir)
		n.Files++
		AssertNoSecrets(t, name, string(b), secrets...)
		AssertNoShapes(t, name, string(b), shapes...)
		if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
			n.Archives++
			for _, f := range zr.File {
				entry, err := readZipEntry(f)
				if err != nil {
					return err
				}
				AssertNoSecrets(t, name+"!"+f.Name, string(entry), secrets...)
				AssertNoShapes(t, name+"!"+f.Name, string(entry), shapes...)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("searching %s for secrets: %v", dir, err)
	}
	if n.Files == 0 {
		t.Fatalf("%s holds no file to search; the search would prove nothing", dir)
	}
	return n
}

func readZipEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
