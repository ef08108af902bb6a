// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// roleEnv makes the test binary act as a stand-in for Terraform ("terraform": it starts the
// provider and then waits forever) or as the provider itself ("provider": main).
const roleEnv = "VIPPSMOBILEPAY_MAIN_TEST_ROLE"

func TestMain(m *testing.M) {
	switch os.Getenv(roleEnv) {
	case "terraform":
		startProviderAndWait()
	case "provider":
		main()
		return
	}
	os.Exit(m.Run())
}

// startProviderAndWait starts the provider as Terraform does (the plugin handshake's magic
// cookie in its environment, its standard output and error shared with this process), says
// its PID, and waits to be killed.
func startProviderAndWait() {
	provider := exec.Command(os.Args[0])
	provider.Env = append(os.Environ(), roleEnv+"=provider",
		"TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
		"PLUGIN_PROTOCOL_VERSIONS=6")
	provider.Stdout, provider.Stderr = os.Stdout, os.Stderr
	if err := provider.Start(); err != nil {
		fmt.Println("start provider:", err)
		os.Exit(1)
	}
	fmt.Printf("provider pid %d\n", provider.Process.Pid)
	select {}
}

// TestMain_providerExitsWhenTerraformIsGone: after kill -9 of Terraform, the provider it started
// does not live on (it used to, with parent PID 1, for good). The provider's standard output
// reaches the test through the killed parent's pipe, which ends only when the provider is gone
// too.
func TestMain_providerExitsWhenTerraformIsGone(t *testing.T) {
	terraform := exec.Command(os.Args[0], "-test.run=^$")
	terraform.Env = append(os.Environ(), roleEnv+"=terraform", "GORACE=atexit_sleep_ms=0")
	out, err := terraform.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := terraform.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewReader(out)
	pidLine, _ := lines.ReadString('\n')
	pid, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(pidLine), "provider pid "))
	if err != nil {
		_ = terraform.Process.Kill()
		t.Fatalf("the stand-in for Terraform said %q", pidLine)
	}
	t.Cleanup(func() {
		if p, err := os.FindProcess(pid); err == nil {
			_ = p.Kill() // a provider that outlived the test
		}
	})
	// The plugin handshake line ("6|6|unix|...|grpc|"): the provider is serving.
	if handshake, err := lines.ReadString('\n'); err != nil || !strings.Contains(handshake, "|grpc") {
		_ = terraform.Process.Kill()
		t.Fatalf("no plugin handshake from the provider: %q, %v", handshake, err)
	}

	if err := terraform.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	go func() {
		_, err := io.Copy(io.Discard, lines)
		ended <- err
	}()
	// A bound on waiting, not a measure of speed: the provider checks every second.
	select {
	case err := <-ended:
		if err != nil {
			t.Errorf("reading the provider's output: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatalf("the provider (pid %d) still runs a minute after Terraform was killed", pid)
	}
	_ = terraform.Wait()
}

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
