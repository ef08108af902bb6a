// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

//go:build linux

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeState writes a state file as Terraform does (json.MarshalIndent with two spaces, a
// newline): n instances of test_thing, each with a plain, a sensitive, a null sensitive and a
// map attribute with one sensitive element (paths as Terraform 1.11 to 1.16 write them).
func writeState(t *testing.T, n int) string {
	t.Helper()
	var instances []any
	for i := range n {
		instances = append(instances, map[string]any{
			"index_key":      string(rune('a' + i)),
			"schema_version": 0,
			"attributes": map[string]any{
				"plain":  "x",
				"secret": "s3cr3t",
				"empty":  nil,
				"tags":   map[string]any{"k": "v", "p": "q"},
			},
			"sensitive_attributes": []any{
				[]any{map[string]any{"type": "get_attr", "value": "empty"}},
				[]any{map[string]any{"type": "get_attr", "value": "secret"}},
				[]any{
					map[string]any{"type": "get_attr", "value": "tags"},
					map[string]any{"type": "index", "value": map[string]any{"value": "p", "type": "string"}},
				},
			},
		})
	}
	state := map[string]any{
		"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "l", "outputs": map[string]any{},
		"resources": []any{map[string]any{
			"mode": "managed", "type": "test_thing", "name": "fleet", "provider": "p", "instances": instances,
		}},
		"check_results": nil,
	}
	raw, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "terraform.tfstate")
	if err := os.WriteFile(path, append(raw, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func part(t *testing.T, parts []partCost, name string) partCost {
	t.Helper()
	for _, p := range parts {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no part %s in %+v", name, parts)
	return partCost{}
}

func TestBreakDownState_eachPartCostsTheBytesItsLinesTakeInTheFile(t *testing.T) {
	t.Parallel()
	path := writeState(t, 3)
	bd, err := breakDownState(path, "test_thing")
	if err != nil {
		t.Fatal(err)
	}
	if bd.Encoded != bd.FileBytes || bd.Instances != 3 {
		t.Fatalf("encoded %d bytes of a %d-byte file, %d instances; want the file's size and 3", bd.Encoded, bd.FileBytes, bd.Instances)
	}
	// An attribute of an instance sits 12 spaces deep: a line is the newline, the indent,
	// `"name": value` and a comma.
	line := func(s string) float64 { return float64(len("\n" + strings.Repeat(" ", 12) + s + ",")) }
	if got, want := part(t, bd.Attributes, "plain").Value, line(`"plain": "x"`); got != want {
		t.Errorf("plain: %v bytes, want %v", got, want)
	}
	secret := part(t, bd.Attributes, "secret")
	if secret.Value != line(`"secret": "s3cr3t"`) || secret.Path == 0 {
		t.Errorf("secret: %+v, want its line and a path", secret)
	}
	empty := part(t, bd.Attributes, "empty")
	if !empty.Null || empty.Path != secret.Path-1 { // "empty" is one letter shorter than "secret"
		t.Errorf("empty: %+v; want null with a path one byte shorter than secret's %v", empty, secret.Path)
	}
	p, k := part(t, bd.Attributes, `tags["p"]`), part(t, bd.Attributes, `tags["k"]`)
	if p.Path == 0 || k.Path != 0 || p.Parent != "tags" {
		t.Errorf(`tags["p"] %+v, tags["k"] %+v: want a path for p only`, p, k)
	}
	if tags := part(t, bd.Attributes, "tags"); tags.Path != p.Path {
		t.Errorf("tags: path %v, want its element's %v", tags.Path, p.Path)
	}
	if bd.Rest <= 0 || bd.Rest >= bd.PerInstance/2 {
		t.Errorf("rest %v of %v per instance: the parts should account for most of an instance", bd.Rest, bd.PerInstance)
	}
}

func TestBreakDownState_noInstancesOfTheTypeIsAnError(t *testing.T) {
	t.Parallel()
	if _, err := breakDownState(writeState(t, 2), "other_thing"); err == nil {
		t.Fatal("want an error for a type the state does not hold")
	}
}
