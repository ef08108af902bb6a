// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Package settings resolves the provider's settings: each from the provider block, else from
// its VIPPSMOBILEPAY_* environment variable, else from its default, with what is wrong with a
// value the environment gave (the schema's validators check the block's own). The rules are
// package keys' (the keys, the environment) and package vipps' (where requests go, the
// Vipps-System-* headers, the request timeout); this package only decides where each value
// comes from.
//
// It knows nothing of Terraform: the provider's Configure and ValidateConfig translate the
// provider block in, and the problems out into diagnostics.
package settings

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

// EnvPrefix prefixes the environment variable of every provider argument.
const EnvPrefix = "VIPPSMOBILEPAY_"

// EnvVar is the environment variable of a provider argument: VIPPSMOBILEPAY_BASE_URL for base_url.
func EnvVar(attr string) string { return EnvPrefix + strings.ToUpper(attr) }

// What a refresh that cannot check a key set does (on_refresh_failure).
const (
	RefreshFailureError   = "error"
	RefreshFailureWarning = "warning"
)

// MaxRetriesLimit is the most retries max_retries allows.
const MaxRetriesLimit = 20

// Value is one argument as the provider block gives it. The zero Value is an argument left out.
type Value struct {
	Set     bool   // the block gives it a value, known or not
	Unknown bool   // a value Terraform knows only after apply
	Text    string // the value when known; a number in decimal
}

// Block is the provider block, one Value per argument.
type Block struct {
	Environment, BaseURL                                          Value
	ClientID, ClientSecret, SubscriptionKey, MerchantSerialNumber Value
	SystemName, SystemVersion                                     Value
	OnRefreshFailure, MaxRetries, RequestTimeout                  Value
	// TerraformVersion is system_version's default.
	TerraformVersion string
}

// Settings are the provider's resolved settings.
type Settings struct {
	Environment      string
	BaseURL          string // "" when requests go to the environments' own hosts
	Credentials      vipps.Credentials
	SystemName       string
	SystemVersion    string
	OnRefreshFailure string
	MaxRetries       int
	RequestTimeout   time.Duration
	// Unknown names the arguments whose values are not known yet; each has its default
	// meanwhile.
	Unknown []string
}

// Problem is what is wrong with an argument's value, or, as a Warning, why its value deserves
// a second look.
type Problem struct {
	Attribute string
	EnvVar    string // the environment variable that gave the value; "" when the block did
	Problem   string // worded to follow the argument's name
	// Warning: the value works, but a person should look at it (base_url's host).
	Warning bool
}

// Resolve resolves every setting. getenv reads an environment variable (os.Getenv); one set to
// "" counts as unset.
func Resolve(b Block, getenv func(string) string) (Settings, []Problem) {
	r := resolver{getenv: getenv}
	s := Settings{
		Environment: cmp.Or(r.value("environment", b.Environment), keys.EnvironmentTest),
		BaseURL:     r.value("base_url", b.BaseURL),
	}
	if !b.BaseURL.Set {
		// Terraform validates no empty provider block, so this may be the only word on it.
		r.problems = append(r.problems, hostWarnings("base_url", EnvVar("base_url"), s.BaseURL)...)
	}
	s.Credentials = vipps.Credentials{
		Environment:          s.Environment,
		ClientID:             r.value(keys.AttrClientID, b.ClientID),
		ClientSecret:         r.value(keys.AttrClientSecret, b.ClientSecret),
		SubscriptionKey:      r.value(keys.AttrSubscriptionKey, b.SubscriptionKey),
		MerchantSerialNumber: r.value(keys.AttrMerchantSerialNumber, b.MerchantSerialNumber),
	}
	s.SystemName = r.value("system_name", b.SystemName)
	s.SystemVersion = cmp.Or(r.value("system_version", b.SystemVersion), Header(b.TerraformVersion))
	s.OnRefreshFailure = cmp.Or(r.value("on_refresh_failure", b.OnRefreshFailure), RefreshFailureError)
	s.MaxRetries = vipps.DefaultMaxRetries
	if raw := r.value("max_retries", b.MaxRetries); raw != "" {
		s.MaxRetries, _ = strconv.Atoi(raw)
	}
	s.RequestTimeout = vipps.DefaultRequestTimeout
	if raw := r.value("request_timeout", b.RequestTimeout); raw != "" {
		s.RequestTimeout, _ = vipps.ParseRequestTimeout(raw)
	}
	s.Unknown = r.unknown
	return s, r.problems
}

// Validate checks what terraform validate can of the settings, looking nothing up: the
// environment variables of base_url and request_timeout where the block leaves those out (they
// decide where requests go and how long they may take; the rest wait for Resolve) and, when
// they are well formed, whether base_url's host deserves a second look.
func Validate(b Block, getenv func(string) string) []Problem {
	r := resolver{getenv: getenv}
	r.value("base_url", b.BaseURL)
	r.value("request_timeout", b.RequestTimeout)
	switch {
	case len(r.problems) > 0:
		return r.problems
	case b.BaseURL.Set:
		return hostWarnings("base_url", "", b.BaseURL.Text) // none while it is unknown
	}
	return hostWarnings("base_url", EnvVar("base_url"), getenv(EnvVar("base_url")))
}

// resolver reads values and gathers what is unknown and what is wrong.
type resolver struct {
	getenv   func(string) string
	unknown  []string
	problems []Problem
}

// value is attr's value from the block, else from its environment variable (checked), else "".
func (r *resolver) value(attr string, v Value) string {
	switch {
	case v.Unknown:
		r.unknown = append(r.unknown, attr)
		return ""
	case v.Set:
		return v.Text
	}
	envVar := EnvVar(attr)
	value := r.getenv(envVar)
	if value == "" {
		return ""
	}
	if problem := checkEnv(attr, value); problem != "" {
		r.problems = append(r.problems, Problem{Attribute: attr, EnvVar: envVar, Problem: problem})
		return ""
	}
	return value
}

// checkEnv is check for a value from an environment variable, where the advice for stray
// whitespace is about the variable (HCL's trimspace() cannot reach it).
func checkEnv(attr, value string) string {
	rule := func(v string) string { return check(attr, v) }
	if whitespace := keys.OnlyWhitespaceProblem(value, rule); whitespace != "" {
		return "has " + whitespace + "; remove it from the variable (a newline often comes from echo or a file)"
	}
	return check(attr, value)
}

// check applies the schema's validation to a value from an environment variable.
func check(attr, value string) string {
	switch attr {
	case "environment":
		return keys.CheckEnvironment(value)
	case "base_url":
		return vipps.CheckBaseURL(value)
	case "system_name", "system_version":
		return vipps.CheckSystemHeader(value)
	case "on_refresh_failure":
		if value != RefreshFailureError && value != RefreshFailureWarning {
			return fmt.Sprintf("must be %q or %q", RefreshFailureError, RefreshFailureWarning)
		}
		return ""
	case "max_retries":
		if n, err := strconv.Atoi(value); err != nil || n < 0 || n > MaxRetriesLimit {
			return fmt.Sprintf("must be a whole number from 0 to %d", MaxRetriesLimit)
		}
		return ""
	case "request_timeout":
		_, problem := vipps.ParseRequestTimeout(value)
		return problem
	}
	return keys.Check(attr, value)
}

// hostWarnings warns of a base URL whose host is spelt with letters beyond ASCII (see
// vipps.BaseURLHostProblem).
func hostWarnings(attr, envVar, baseURL string) []Problem {
	if problem := vipps.BaseURLHostProblem(baseURL); problem != "" {
		return []Problem{{Attribute: attr, EnvVar: envVar, Problem: problem, Warning: true}}
	}
	return nil
}

// Header cuts s to what a Vipps-System-* header holds.
func Header(s string) string {
	if len(s) > vipps.SystemHeaderMaxLength {
		return s[:vipps.SystemHeaderMaxLength]
	}
	return s
}
