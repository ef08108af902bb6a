// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package testutil

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing, so the tests below can
// check that a helper fails when it should.
type recorder struct {
	testing.TB
	failures int
}

func (r *recorder) Errorf(string, ...any) { r.failures++ }
func (r *recorder) Fatalf(string, ...any) { r.failures++ }
func (r *recorder) Helper()               {}

func TestAssertNoSecretParts_findsAThirdOfASecret(t *testing.T) {
	const secret = "Zm9vYmFyYmF6cXV4cXV1eA==\n"
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"whole", "value is Zm9vYmFyYmF6cXV4cXV1eA==", true},
		{"eight characters from the middle", "…YmF6cXV4…", true},
		{"seven characters", "YmF6cXV", false},
		{"only the newline", "line one\nline two", false},
		{"nothing", "client_secret has a trailing newline; remove it (trimspace()).", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			AssertNoSecretParts(r, "text", tc.text, secret)
			if got := r.failures > 0; got != tc.want {
				t.Errorf("found = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAssertNoSecretInFiles_looksInsideSavedPlans(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "tfplan"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create("tfplan")
	if err != nil {
		t.Fatal(err)
	}
	// Deflate would hide a plain search's match; repeat it so the archive compresses it.
	for range 100 {
		if _, err := w.Write([]byte(`"client_secret":"Zm9vYmFyYmF6cXV4cXV1eA=="`)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	r := &recorder{TB: t}
	n := AssertNoSecretInFiles(r, dir, []string{"Zm9vYmFyYmF6cXV4cXV1eA=="})
	if r.failures != 1 || n.Files != 1 || n.Archives != 1 {
		t.Errorf("failures = %d, searched = %+v; want the secret found once, inside the one archive", r.failures, n)
	}
}

func TestAssertNoSecretInFiles_failsOnAnEmptyDirectory(t *testing.T) {
	r := &recorder{TB: t}
	AssertNoSecretInFiles(r, t.TempDir(), []string{"x"})
	if r.failures == 0 {
		t.Error("an empty directory passed; the search would prove nothing")
	}
}
