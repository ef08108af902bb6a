package main

import (
	"os"
	"testing"
)

func TestQuietUnlessAsked(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   map[string]string
		quiet bool
	}{
		{"nobody asked", nil, true},
		{"TF_LOG", map[string]string{"TF_LOG": "DEBUG"}, false},
		{"TF_LOG_PROVIDER", map[string]string{"TF_LOG_PROVIDER": "TRACE"}, false},
		{"TF_LOG_PATH", map[string]string{"TF_LOG_PATH": "/tmp/x"}, false},
		{"acceptance tests", map[string]string{"TF_ACC_LOG_PATH": "/tmp/x"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, name := range append([]string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PATH", "TF_ACC_LOG_PATH"}, loggers...) {
				t.Setenv(name, "")
				os.Unsetenv(name)
			}
			t.Setenv("TF_LOG_SDK_PROTO", "DEBUG") // a logger's own setting always stands
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			quietUnlessAsked()
			if got := os.Getenv("TF_LOG_SDK_PROTO"); got != "DEBUG" {
				t.Errorf("TF_LOG_SDK_PROTO = %q, want the DEBUG it was set to", got)
			}
			for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_VIPPSMOBILEPAY"} {
				if got, want := os.Getenv(name) == "off", tc.quiet; got != want {
					t.Errorf("%s = %q, quiet %v", name, os.Getenv(name), tc.quiet)
				}
			}
		})
	}
}
