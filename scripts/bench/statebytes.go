// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// stateBreakdown is what each part of a resource's instances costs in terraform.tfstate,
// measured on the state file an apply wrote: the state is encoded again as Terraform encodes
// it (json.MarshalIndent with two spaces, and a newline) with and without each part in every
// instance of the resource, and the difference divided by the instance count. The value of an
// attribute and its sensitive paths are measured apart, since Terraform writes a path for
// every attribute marked sensitive, null or not.
type stateBreakdown struct {
	Instances   int     `json:"instances"`
	FileBytes   int64   `json:"file_bytes"`
	PerInstance float64 `json:"per_instance"`
	// Encoded is the size of the state encoded again; equal to FileBytes when the method is
	// exact for this Terraform version.
	Encoded    int64      `json:"encoded"`
	Attributes []partCost `json:"attributes"`
	// Fields are the instance's other fields (schema_version, identity, private, ...), the
	// sensitive paths not among them: they are in Attributes.
	Fields []partCost `json:"fields"`
	// Rest is what no part accounts for, per instance: the instance's braces and the keys
	// of attributes and sensitive_attributes, and the resource's own fields spread over its
	// instances.
	Rest float64 `json:"rest"`
}

// partCost is one attribute (or map element, or instance field), per instance.
type partCost struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`          // the "name": value line
	Path  float64 `json:"path,omitempty"` // its sensitive paths
	Null  bool    `json:"null,omitempty"` // null in every instance
	// Parent is the attribute whose map element this is ("" for an attribute): an element's
	// bytes are in its parent's too.
	Parent string `json:"parent,omitempty"`
}

func (p partCost) total() float64 { return p.Value + p.Path }

// breakDownState measures the instances of the managed resources of type typ in the state
// file at path.
func breakDownState(path, typ string) (*stateBreakdown, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers come back as written
	var state map[string]any
	if err := dec.Decode(&state); err != nil {
		return nil, err
	}
	resources, _ := state["resources"].([]any)
	var instances []map[string]any
	for _, r := range resources {
		res, _ := r.(map[string]any)
		if res["type"] != typ || res["mode"] != "managed" {
			continue
		}
		list, _ := res["instances"].([]any)
		for _, i := range list {
			if inst, ok := i.(map[string]any); ok {
				instances = append(instances, inst)
			}
		}
	}
	if len(instances) == 0 {
		return nil, fmt.Errorf("no %s in %s", typ, path)
	}
	encodedSize := func() (int64, error) {
		b, err := json.MarshalIndent(state, "", "  ")
		return int64(len(b)) + 1, err // Terraform ends the file with a newline
	}
	full, err := encodedSize()
	if err != nil {
		return nil, err
	}
	n := float64(len(instances))
	bd := &stateBreakdown{Instances: len(instances), FileBytes: int64(len(raw)), PerInstance: float64(len(raw)) / n, Encoded: full}
	// without measures the state with change applied to every instance (change returns the
	// undo), in bytes per instance.
	var failed error
	without := func(change func(inst map[string]any) func()) float64 {
		undo := make([]func(), 0, len(instances))
		for _, inst := range instances {
			undo = append(undo, change(inst))
		}
		size, err := encodedSize()
		for _, u := range undo {
			u()
		}
		failed = errors.Join(failed, err)
		return float64(full-size) / n
	}

	var attrNames []string
	elements := map[string][]string{}
	allNull := map[string]bool{}
	for _, inst := range instances {
		attrs, _ := inst["attributes"].(map[string]any)
		for name, v := range attrs {
			if !slices.Contains(attrNames, name) {
				attrNames = append(attrNames, name)
				allNull[name] = true
			}
			allNull[name] = allNull[name] && v == nil
			if m, ok := v.(map[string]any); ok {
				for key := range m {
					if !slices.Contains(elements[name], key) {
						elements[name] = append(elements[name], key)
					}
				}
			}
		}
	}
	slices.Sort(attrNames)
	for _, name := range attrNames {
		bd.Attributes = append(bd.Attributes, partCost{
			Name:  name,
			Value: without(func(inst map[string]any) func() { return deleteKey(attrsOf(inst), name) }),
			Path:  without(func(inst map[string]any) func() { return dropPaths(inst, name, nil) }),
			Null:  allNull[name],
		})
		keys := elements[name]
		slices.Sort(keys)
		for _, key := range keys {
			bd.Attributes = append(bd.Attributes, partCost{
				Name:   fmt.Sprintf("%s[%q]", name, key),
				Parent: name,
				Value: without(func(inst map[string]any) func() {
					m, _ := attrsOf(inst)[name].(map[string]any)
					return deleteKey(m, key)
				}),
				Path: without(func(inst map[string]any) func() { return dropPaths(inst, name, &key) }),
			})
		}
	}
	var fieldNames []string
	for _, inst := range instances {
		for name := range inst {
			if name != "attributes" && name != "sensitive_attributes" && !slices.Contains(fieldNames, name) {
				fieldNames = append(fieldNames, name)
			}
		}
	}
	slices.Sort(fieldNames)
	for _, name := range fieldNames {
		bd.Fields = append(bd.Fields, partCost{
			Name:  name,
			Value: without(func(inst map[string]any) func() { return deleteKey(inst, name) }),
		})
	}
	if failed != nil {
		return nil, failed
	}
	bd.Rest = bd.PerInstance
	for _, p := range slices.Concat(bd.Attributes, bd.Fields) {
		if p.Parent == "" {
			bd.Rest -= p.total()
		}
	}
	return bd, nil
}

func attrsOf(inst map[string]any) map[string]any {
	m, _ := inst["attributes"].(map[string]any)
	return m
}

// deleteKey removes key from m and returns how to put it back.
func deleteKey(m map[string]any, key string) func() {
	v, ok := m[key]
	if !ok {
		return func() {}
	}
	delete(m, key)
	return func() { m[key] = v }
}

// dropPaths removes the instance's sensitive paths into attribute name (into its element key,
// when key is not nil) and returns how to put them back. A path is a list of steps, the first
// {"type": "get_attr", "value": name}; an element's second step has the key as its value, or
// as {"value": key, ...}.
func dropPaths(inst map[string]any, name string, key *string) func() {
	paths, ok := inst["sensitive_attributes"].([]any)
	if !ok {
		return func() {}
	}
	kept := make([]any, 0, len(paths))
	for _, p := range paths {
		if !pathInto(p, name, key) {
			kept = append(kept, p)
		}
	}
	inst["sensitive_attributes"] = kept
	return func() { inst["sensitive_attributes"] = paths }
}

func pathInto(p any, name string, key *string) bool {
	steps, _ := p.([]any)
	if len(steps) == 0 || stepValue(steps[0]) != name {
		return false
	}
	if key == nil {
		return true
	}
	return len(steps) > 1 && stepValue(steps[1]) == *key
}

func stepValue(step any) string {
	m, _ := step.(map[string]any)
	switch v := m["value"].(type) {
	case string:
		return v
	case map[string]any:
		s, _ := v["value"].(string)
		return s
	}
	return ""
}

// baseline is the state bytes per attribute of an earlier run (-save-baseline), for the
// before/after table of a later one (-baseline).
type baseline struct {
	Commit string `json:"commit"`
	Date   string `json:"date"`
	N      int    `json:"n"`
	// States by CLI version, then by kind.
	States map[string]map[string]*stateBreakdown `json:"states"`
}

func readBaseline(path string) (*baseline, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b baseline
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(b.States) == 0 {
		return nil, fmt.Errorf("%s holds no states", path)
	}
	return &b, nil
}

func (r *results) saveBaseline(path string) error {
	if len(r.states) == 0 {
		return errors.New("-save-baseline: no state was broken down (no apply at N = " + fmt.Sprint(r.breakdownN()) + ")")
	}
	b := baseline{Commit: r.opts.commit, Date: time.Now().Format("2006-01-02"), N: r.breakdownN(), States: r.states}
	raw, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o644)
}

// breakdownN is the fleet size whose states are broken down: 1,000 when measured, else the
// largest N.
func (r *results) breakdownN() int {
	if slices.Contains(r.sizes, 1000) {
		return 1000
	}
	return r.sizes[len(r.sizes)-1]
}

func (r *results) setBreakdown(cliVersion, kind string, bd *stateBreakdown) {
	if r.states == nil {
		r.states = map[string]map[string]*stateBreakdown{}
	}
	if r.states[cliVersion] == nil {
		r.states[cliVersion] = map[string]*stateBreakdown{}
	}
	r.states[cliVersion][kind] = bd
}

// attributeUse says what a user gets for each attribute of a key set's state, for the table
// of what each costs. An attribute missing here is listed with "—".
var attributeUse = map[string]string{
	"id":                            "the import ID, `<environment>/<msn>`",
	"merchant_serial_number":        "the sales unit; needed to verify and to import",
	"environment":                   "test or production; needed to verify",
	"client_id":                     "a credential the user gave; refresh re-verifies it",
	"client_secret":                 "a credential the user gave; refresh re-verifies it",
	"subscription_key_primary":      "a credential the user gave; refresh re-verifies it",
	"subscription_key_secondary":    "the second subscription key, when given",
	"active_subscription_key":       "which key apps should use; switches without replacing",
	"verify":                        "`false` plans keys that are not live yet",
	"verified_at":                   "when the keys were last proven to work",
	"fingerprint":                   "a non-secret digest other resources can react to on rotation",
	"credentials_json":              "the credentials in the shape apps read, for a secret store",
	"rotation_triggers":             "values that force a fresh verification",
	"secrets_wo_version":            "the change a reviewer sees when write-only secrets change",
	"client_secret_wo":              "write-only: never holds a value in state",
	"subscription_key_primary_wo":   "write-only: never holds a value in state",
	"subscription_key_secondary_wo": "write-only: never holds a value in state",
	"identity":                      "resource identity (Terraform 1.12+): import by identity, `terraform query`",
	"identity_schema_version":       "resource identity's schema version",
	"schema_version":                "state upgrades",
	"private":                       "the provider's private state",
	"index_key":                     "the `for_each` key",
	"dependencies":                  "the resources this one depends on",
	"create_before_destroy":         "lifecycle setting",
	"sensitive_attributes":          "the sensitive paths",
}

// describeUse is what a user gets for a part of a key set's state.
func describeUse(name string) string {
	if u, ok := attributeUse[name]; ok {
		return u
	}
	return "—"
}

// sortedParts orders the top-level parts of a breakdown by their cost, largest first, each
// attribute followed by its map elements.
func sortedParts(parts []partCost) []partCost {
	var top []partCost
	for _, p := range parts {
		if p.Parent == "" {
			top = append(top, p)
		}
	}
	slices.SortStableFunc(top, func(a, b partCost) int {
		switch {
		case a.total() > b.total():
			return -1
		case a.total() < b.total():
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	var out []partCost
	for _, t := range top {
		out = append(out, t)
		for _, p := range parts {
			if p.Parent == t.Name {
				out = append(out, p)
			}
		}
	}
	return out
}
