// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"time"
)

// keySet is one entry of GET /_sandbox/key-sets.
type keySet struct {
	MerchantSerialNumber     string `json:"merchant_serial_number"`
	Environment              string `json:"environment"`
	ClientID                 string `json:"client_id"`
	ClientSecret             string `json:"client_secret"`
	SubscriptionKeyPrimary   string `json:"subscription_key_primary"`
	SubscriptionKeySecondary string `json:"subscription_key_secondary"`
}

// sandboxProc is the sandbox command, started as a user would start it.
type sandboxProc struct {
	cmd     *exec.Cmd
	baseURL string
	keySets []keySet // the generated test key sets, by MSN
	http    *http.Client
}

// startSandbox starts cmd/vippsmobilepay-sandbox with -generate n and waits for the line it
// prints when ready.
func startSandbox(ctx context.Context, bin string, n int, latency time.Duration, extra ...string) (*sandboxProc, error) {
	args := []string{"-listen", "127.0.0.1:0", "-quiet", "-generate", fmt.Sprint(n)}
	if latency > 0 {
		args = append(args, "-latency", latency.String())
	}
	args = append(args, extra...)
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	sb := &sandboxProc{cmd: cmd, http: &http.Client{Timeout: 30 * time.Second}}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if url, ok := strings.CutPrefix(sc.Text(), "VIPPSMOBILEPAY_BASE_URL="); ok {
				ready <- url
			}
		}
		close(ready)
	}()
	select {
	case url, ok := <-ready:
		if !ok {
			_ = cmd.Wait()
			return nil, fmt.Errorf("the sandbox exited before it was ready:\n%s", stderr.String())
		}
		sb.baseURL = url
	case <-time.After(60 * time.Second):
		sb.stop()
		return nil, errors.New("the sandbox did not print VIPPSMOBILEPAY_BASE_URL within 60s")
	case <-ctx.Done():
		sb.stop()
		return nil, ctx.Err()
	}

	var all []keySet
	if err := sb.get(ctx, "/_sandbox/key-sets", &all); err != nil {
		sb.stop()
		return nil, err
	}
	for _, ks := range all {
		if ks.Environment == "test" && ks.ClientSecret != "" {
			sb.keySets = append(sb.keySets, ks)
		}
	}
	sort.Slice(sb.keySets, func(i, j int) bool {
		a, b := sb.keySets[i].MerchantSerialNumber, sb.keySets[j].MerchantSerialNumber
		return len(a) < len(b) || len(a) == len(b) && a < b
	})
	if len(sb.keySets) < n {
		sb.stop()
		return nil, fmt.Errorf("the sandbox lists %d test key sets, want at least %d", len(sb.keySets), n)
	}
	return sb, nil
}

func (s *sandboxProc) get(ctx context.Context, path string, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.baseURL+path, nil)
	if err != nil {
		return err
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(into)
}

// reset puts the sandbox back to its starting state and its counters to zero.
func (s *sandboxProc) reset(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.baseURL+"/_sandbox/reset", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json") // the sandbox's admin routes want it for changes
	resp, err := s.http.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST /_sandbox/reset: HTTP %d", resp.StatusCode)
	}
	return nil
}

// stats is GET /_sandbox/stats: request counts keyed "METHOD /path".
func (s *sandboxProc) stats(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	return out, s.get(ctx, "/_sandbox/stats", &out)
}

func (s *sandboxProc) stop() {
	if s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}
