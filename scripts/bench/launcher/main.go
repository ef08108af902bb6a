// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

//go:build linux

// Command launcher stands in for a provider binary in the benchmark's dev_overrides folder, so
// the benchmark can tell a provider's own CPU time and peak memory from Terraform's: Terraform
// starts the launcher, the launcher starts the real provider (same name, in
// $BENCH_LAUNCHER_TARGET_DIR) on the same standard streams, and when it exits writes the
// provider's resource usage as JSON into $BENCH_LAUNCHER_RUSAGE_DIR.
//
// The plugin handshake passes straight through: the provider inherits the launcher's
// stdout, and its environment (the plugin cookie, the protocol versions).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
)

// Usage is what the launcher records of one provider process.
type Usage struct {
	Name      string  `json:"name"`
	PID       int     `json:"pid"`
	UserSecs  float64 `json:"user_seconds"`
	SysSecs   float64 `json:"sys_seconds"`
	MaxRSSKiB int64   `json:"max_rss_kib"`
	// SelfSecs is the launcher's own CPU time, so the benchmark can leave it out.
	SelfSecs float64 `json:"launcher_seconds"`
	ExitCode int     `json:"exit_code"`
}

func main() {
	// The launcher goes when Terraform does, even when Terraform is killed outright.
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0)
	name := filepath.Base(os.Args[0])
	target := filepath.Join(os.Getenv("BENCH_LAUNCHER_TARGET_DIR"), name)
	cmd := exec.Command(target, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// If Terraform kills the launcher outright, the provider goes with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}

	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "bench launcher: %v\n", err)
		os.Exit(1)
	}
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	_ = cmd.Wait()

	u := Usage{Name: name, PID: cmd.Process.Pid, ExitCode: cmd.ProcessState.ExitCode()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.UserSecs = seconds(ru.Utime)
		u.SysSecs = seconds(ru.Stime)
		u.MaxRSSKiB = ru.Maxrss
	}
	var self syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &self) == nil {
		u.SelfSecs = seconds(self.Utime) + seconds(self.Stime)
	}
	if dir := os.Getenv("BENCH_LAUNCHER_RUSAGE_DIR"); dir != "" {
		b, _ := json.Marshal(u)
		_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.json", name, u.PID)), b, 0o600)
	}
	if u.ExitCode < 0 { // killed by a signal
		u.ExitCode = 1
	}
	os.Exit(u.ExitCode)
}

func seconds(tv syscall.Timeval) float64 {
	return float64(tv.Sec) + float64(tv.Usec)/1e6
}
