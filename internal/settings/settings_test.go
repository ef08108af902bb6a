// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package settings_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/settings"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

func set(text string) settings.Value { return settings.Value{Set: true, Text: text} }

var unknown = settings.Value{Set: true, Unknown: true}

// env is an environment of VIPPSMOBILEPAY_* variables, for getenv.
type env map[string]string

func (e env) getenv(name string) string { return e[name] }

const (
	exampleSecret = "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo0NTY3ODk="
	exampleKey    = "0123456789abcdef0123456789abcdef"
)

// TestResolve_eachSettingFromTheBlockElseTheEnvironmentElseItsDefault walks every setting
// through its three sources.
func TestResolve_eachSettingFromTheBlockElseTheEnvironmentElseItsDefault(t *testing.T) {
	t.Parallel()
	defaults := settings.Settings{
		Environment: keys.EnvironmentTest, SystemVersion: "1.11.4", OnRefreshFailure: settings.RefreshFailureError,
		MaxRetries: vipps.DefaultMaxRetries, RequestTimeout: vipps.DefaultRequestTimeout,
		Credentials: vipps.Credentials{Environment: keys.EnvironmentTest},
	}
	fromEnv := env{
		"VIPPSMOBILEPAY_ENVIRONMENT": "production", "VIPPSMOBILEPAY_BASE_URL": "http://127.0.0.1:8787",
		"VIPPSMOBILEPAY_CLIENT_ID": keys.ExampleClientID, "VIPPSMOBILEPAY_CLIENT_SECRET": exampleSecret,
		"VIPPSMOBILEPAY_SUBSCRIPTION_KEY": exampleKey, "VIPPSMOBILEPAY_MERCHANT_SERIAL_NUMBER": "123456",
		"VIPPSMOBILEPAY_SYSTEM_NAME": "acme-infra", "VIPPSMOBILEPAY_SYSTEM_VERSION": "7",
		"VIPPSMOBILEPAY_ON_REFRESH_FAILURE": "warning", "VIPPSMOBILEPAY_MAX_RETRIES": "0",
		"VIPPSMOBILEPAY_REQUEST_TIMEOUT": "5s",
	}
	everyValue := settings.Settings{
		Environment: keys.EnvironmentProduction, BaseURL: "http://127.0.0.1:8787",
		Credentials: vipps.Credentials{Environment: keys.EnvironmentProduction, ClientID: keys.ExampleClientID,
			ClientSecret: exampleSecret, SubscriptionKey: exampleKey, MerchantSerialNumber: "123456"},
		SystemName: "acme-infra", SystemVersion: "7", OnRefreshFailure: settings.RefreshFailureWarning,
		MaxRetries: 0, RequestTimeout: 5 * time.Second,
	}
	tests := []struct {
		name  string
		block settings.Block
		env   env
		want  settings.Settings
	}{
		{name: "nothing set: the defaults", want: defaults},
		{name: "every variable", env: fromEnv, want: everyValue},
		{
			name: "the block wins over the variables",
			block: settings.Block{
				Environment: set("test"), BaseURL: set("https://apitest.vipps.no"), ClientID: set("0a0b0c0d-1111-2222-3333-444455556666"),
				SystemName: set("other"), MaxRetries: set("7"), RequestTimeout: set("1m"), OnRefreshFailure: set("error"),
			},
			env: fromEnv,
			want: settings.Settings{
				Environment: keys.EnvironmentTest, BaseURL: "https://apitest.vipps.no",
				Credentials: vipps.Credentials{Environment: keys.EnvironmentTest, ClientID: "0a0b0c0d-1111-2222-3333-444455556666",
					ClientSecret: exampleSecret, SubscriptionKey: exampleKey, MerchantSerialNumber: "123456"},
				SystemName: "other", SystemVersion: "7", OnRefreshFailure: settings.RefreshFailureError,
				MaxRetries: 7, RequestTimeout: time.Minute,
			},
		},
		{
			name: "unknown values have their defaults and are named; their variables are not read",
			block: settings.Block{
				Environment: unknown, ClientSecret: unknown, MaxRetries: unknown, RequestTimeout: unknown,
			},
			env: env{"VIPPSMOBILEPAY_ENVIRONMENT": "production", "VIPPSMOBILEPAY_MAX_RETRIES": "3"},
			want: func() settings.Settings {
				s := defaults
				s.Unknown = []string{"environment", keys.AttrClientSecret, "max_retries", "request_timeout"}
				return s
			}(),
		},
		{
			name:  "a variable set to nothing is unset",
			env:   env{"VIPPSMOBILEPAY_ENVIRONMENT": "", "VIPPSMOBILEPAY_MAX_RETRIES": ""},
			want:  defaults,
			block: settings.Block{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.block.TerraformVersion = "1.11.4"
			got, problems := settings.Resolve(tt.block, tt.env.getenv)
			if !reflect.DeepEqual(got, tt.want) || len(problems) > 0 {
				t.Errorf("Resolve =\n%+v, %v\nwant\n%+v", got, problems, tt.want)
			}
		})
	}
}

// TestResolve_aMalformedVariableIsNamedWithItsProblem: each variable is checked by its
// argument's rule, and the problem names the argument and the variable, never the value.
func TestResolve_aMalformedVariableIsNamedWithItsProblem(t *testing.T) {
	t.Parallel()
	tests := []struct{ attr, value, problem string }{
		{"environment", "staging", `must be one of "test" or "production"`},
		{"base_url", "http://127.0.0.1:8787?", "must not have a query or fragment"},
		{"base_url", "http://apitest.vipps.no", "must use https://"},
		{"client_id", "not-a-guid", keys.CheckClientID("not-a-guid")},
		{"client_secret", exampleSecret + "\n", "has a trailing newline; remove it from the variable"},
		{"base_url", "http://127.0.0.1:8787 ", "has trailing whitespace; remove it from the variable"},
		{"base_url", "http://127.0.0.1:8787/accesstoken/get", `not an endpoint: remove "/accesstoken/get"`},
		{"subscription_key", "short", keys.CheckSubscriptionKey("short")},
		{"merchant_serial_number", "12", keys.CheckMerchantSerialNumber("12")},
		{"system_name", "acme\ninfra", "control characters"},
		{"system_version", strings.Repeat("9", 31), "1 to 30 characters"},
		{"on_refresh_failure", "ignore", `must be "error" or "warning"`},
		{"max_retries", "21", "whole number from 0 to 20"},
		{"max_retries", "three", "whole number from 0 to 20"},
		{"request_timeout", "1ns", "must be at least 1s"},
		{"request_timeout", "soon", "positive duration"},
	}
	for _, tt := range tests {
		t.Run(tt.attr+"="+tt.value, func(t *testing.T) {
			t.Parallel()
			envVar := "VIPPSMOBILEPAY_" + strings.ToUpper(tt.attr)
			_, problems := settings.Resolve(settings.Block{}, env{envVar: tt.value}.getenv)
			if len(problems) != 1 {
				t.Fatalf("problems = %+v, want one", problems)
			}
			p := problems[0]
			if p.Attribute != tt.attr || p.EnvVar != envVar || p.Warning || !strings.Contains(p.Problem, tt.problem) {
				t.Errorf("problem = %+v, want %s (%s) %q", p, tt.attr, envVar, tt.problem)
			}
			if keys.IsSecret(tt.attr) && strings.Contains(p.Problem, strings.TrimSpace(tt.value)) {
				t.Errorf("the problem %q quotes the secret", p.Problem)
			}
		})
	}
}

// TestResolveAndValidate_aHostBeyondASCIIIsWorthAWarning: a base_url host with a letter of
// another script (a Cyrillic і) is warned about, naming where it came from: Validate warns of
// the block's and the variable's, Resolve of the variable's only (the block's had Validate).
func TestResolveAndValidate_aHostBeyondASCIIIsWorthAWarning(t *testing.T) {
	t.Parallel()
	const lookalike = "https://v\u0456pps.no"
	warning := func(envVar string) []settings.Problem {
		return []settings.Problem{{Attribute: "base_url", EnvVar: envVar, Warning: true,
			Problem: vipps.BaseURLHostProblem(lookalike)}}
	}
	tests := []struct {
		name         string
		block        settings.Block
		env          env
		wantValidate []settings.Problem
		wantResolve  []settings.Problem
	}{
		{name: "in the block", block: settings.Block{BaseURL: set(lookalike)}, wantValidate: warning("")},
		{
			name: "in the variable", env: env{"VIPPSMOBILEPAY_BASE_URL": lookalike},
			wantValidate: warning("VIPPSMOBILEPAY_BASE_URL"), wantResolve: warning("VIPPSMOBILEPAY_BASE_URL"),
		},
		{name: "the block's ASCII host wins", block: settings.Block{BaseURL: set("https://api.vipps.no")}, env: env{"VIPPSMOBILEPAY_BASE_URL": lookalike}},
		{name: "unknown", block: settings.Block{BaseURL: unknown}, env: env{"VIPPSMOBILEPAY_BASE_URL": lookalike}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := settings.Validate(tt.block, tt.env.getenv); !reflect.DeepEqual(got, tt.wantValidate) {
				t.Errorf("Validate = %+v, want %+v", got, tt.wantValidate)
			}
			if _, got := settings.Resolve(tt.block, tt.env.getenv); !reflect.DeepEqual(got, tt.wantResolve) {
				t.Errorf("Resolve = %+v, want %+v", got, tt.wantResolve)
			}
		})
	}
}

// TestValidate_checksOnlyWhereRequestsGoAndHowLongTheyMayTake: terraform validate refuses a
// malformed VIPPSMOBILEPAY_BASE_URL or VIPPSMOBILEPAY_REQUEST_TIMEOUT unless the block sets the
// argument; the other variables wait for Configure.
func TestValidate_checksOnlyWhereRequestsGoAndHowLongTheyMayTake(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		block settings.Block
		env   env
		want  []string // the attributes with problems
	}{
		{name: "base_url", env: env{"VIPPSMOBILEPAY_BASE_URL": "http://127.0.0.1:8787#"}, want: []string{"base_url"}},
		{name: "request_timeout", env: env{"VIPPSMOBILEPAY_REQUEST_TIMEOUT": "1ns"}, want: []string{"request_timeout"}},
		{
			name:  "both, the block setting neither",
			block: settings.Block{Environment: set("test")},
			env:   env{"VIPPSMOBILEPAY_BASE_URL": "ftp://x", "VIPPSMOBILEPAY_REQUEST_TIMEOUT": "soon"},
			want:  []string{"base_url", "request_timeout"},
		},
		{
			name:  "the block sets them",
			block: settings.Block{BaseURL: set("http://127.0.0.1:8787"), RequestTimeout: set("30s")},
			env:   env{"VIPPSMOBILEPAY_BASE_URL": "http://127.0.0.1:8787#", "VIPPSMOBILEPAY_REQUEST_TIMEOUT": "1ns"},
		},
		{
			name:  "the block sets them to values not known yet",
			block: settings.Block{BaseURL: unknown, RequestTimeout: unknown},
			env:   env{"VIPPSMOBILEPAY_BASE_URL": "http://127.0.0.1:8787#", "VIPPSMOBILEPAY_REQUEST_TIMEOUT": "1ns"},
		},
		{name: "other variables wait", env: env{"VIPPSMOBILEPAY_ENVIRONMENT": "staging", "VIPPSMOBILEPAY_MAX_RETRIES": "-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, p := range settings.Validate(tt.block, tt.env.getenv) {
				if p.Warning || p.EnvVar != settings.EnvVar(p.Attribute) {
					t.Errorf("problem %+v: want an error naming the variable", p)
				}
				got = append(got, p.Attribute)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems of %v, want %v", got, tt.want)
			}
		})
	}
}

// TestResolve_systemVersionDefaultsToTheTerraformVersionCutToFit: a header holds at most
// vipps.SystemHeaderMaxLength characters, and a Terraform version (a pre-release's) may be longer.
func TestResolve_systemVersionDefaultsToTheTerraformVersionCutToFit(t *testing.T) {
	t.Parallel()
	long := "1.16.4-" + strings.Repeat("x", 40)
	got, _ := settings.Resolve(settings.Block{TerraformVersion: long}, env{}.getenv)
	if got.SystemVersion != long[:vipps.SystemHeaderMaxLength] || vipps.CheckSystemHeader(got.SystemVersion) != "" {
		t.Errorf("system_version = %q, want the Terraform version cut to %d characters", got.SystemVersion, vipps.SystemHeaderMaxLength)
	}
}
