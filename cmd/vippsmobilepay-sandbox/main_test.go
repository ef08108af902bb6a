// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// runMainEnv makes the test binary act as the command, so that the process test needs no
// separate build.
const runMainEnv = "VIPPSMOBILEPAY_SANDBOX_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestCommand_printsBaseURLLineAndStopsOnSIGTERM(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGTERM cannot be sent on Windows")
	}
	cmd := exec.Command(os.Args[0], "-listen", "127.0.0.1:0")
	// The race runtime otherwise sleeps a second at exit.
	cmd.Env = append(os.Environ(), runMainEnv+"=1", "GORACE=atexit_sleep_ms=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(5 * time.Second):
		t.Fatalf("no line on stdout; stderr: %s", stderr.String())
	}

	m := regexp.MustCompile(`^VIPPSMOBILEPAY_BASE_URL=(http://127\.0\.0\.1:[0-9]+)\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("stdout line = %q", line)
	}
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Get(m[1] + "/_sandbox/health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"ok"`) {
		t.Errorf("health: %d %s", resp.StatusCode, body)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(stdout)
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit: %v; stderr: %s", err, stderr.String())
	}
	if len(rest) > 0 {
		t.Errorf("more on stdout after the base URL line: %q", rest)
	}
	if !strings.Contains(stderr.String(), "GET /_sandbox/health -> 200") {
		t.Errorf("stderr lacks the request log: %s", stderr.String())
	}
}

func TestRun_printsDemoData(t *testing.T) {
	var stdout, stderr bytes.Buffer

	code := run(context.Background(), []string{"-print-demo-data"}, &stdout, &stderr)

	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var d sandbox.Data
	if err := json.Unmarshal(stdout.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.KeySets) != len(sandbox.DemoData().KeySets) || d.KeySets[0].ClientID != sandbox.DemoData().KeySets[0].ClientID {
		t.Errorf("printed data differs from DemoData")
	}
}

func TestRun_rejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-fault", "teapot"},
		{"-fault-rate", "2"},
		{"-fault-rate", "-0.1"},
		{"-fault-rate", "NaN"},
		{"-fault-rate", "Inf"},
		{"-fault-rule", "mode=teapot"},
		{"-fault-rule", "POST /accesstoken/get"},
		{"-fault-rule", "mode=503", "-fault-rule", "GET /_sandbox/health mode=503"},
		{"-data", "/nonexistent/data.json"},
		{"-no-such-flag"},
		{"extra"},
		{"-listen", "127.0.0.1:-1"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code == 0 {
			t.Errorf("%v: exit 0", args)
		}
		if stdout.Len() > 0 {
			t.Errorf("%v: wrote to stdout: %q", args, stdout.String())
		}
	}
}

func TestRun_servesUntilTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-quiet", "-generate", "10"}, pw, io.Discard)
	}()

	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	baseURL := strings.TrimSpace(strings.TrimPrefix(line, "VIPPSMOBILEPAY_BASE_URL="))
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Get(baseURL + "/_sandbox/key-sets")
	if err != nil {
		t.Fatal(err)
	}
	var sets []json.RawMessage
	_ = json.NewDecoder(resp.Body).Decode(&sets)
	resp.Body.Close()
	if want := len(sandbox.DemoData().KeySets) + 10; len(sets) != want {
		t.Errorf("got %d key sets, want %d", len(sets), want)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("run did not return after the context ended")
	}
}

func TestDialableAddr_turnsWildcardsIntoLoopback(t *testing.T) {
	for in, want := range map[string]string{
		"0.0.0.0:8787":   "127.0.0.1:8787",
		"[::]:8787":      "127.0.0.1:8787",
		"127.0.0.1:8787": "127.0.0.1:8787",
		"[::1]:8787":     "[::1]:8787",
	} {
		addr, err := net.ResolveTCPAddr("tcp", in)
		if err != nil {
			t.Fatal(err)
		}
		if got := dialableAddr(addr); got != want {
			t.Errorf("dialableAddr(%s) = %s, want %s", in, got, want)
		}
	}
}

// startRun runs the command on a free port and returns its base URL; the command stops with
// the test.
func startRun(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"-listen", "127.0.0.1:0", "-quiet"}, args...), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	return strings.TrimSpace(strings.TrimPrefix(line, "VIPPSMOBILEPAY_BASE_URL="))
}

func TestRun_faultRuleFlagsAreRepeatableAndListed(t *testing.T) {
	base := startRun(t,
		"-fault-rule", "POST /accesstoken/get mode=503 count=1",
		"-fault-rule", `{"route":"/management/**","mode":"429"}`,
		"-latency", "1ms")

	resp, err := (&http.Client{Timeout: 2 * time.Second}).Get(base + "/_sandbox/fault-rules")
	if err != nil {
		t.Fatal(err)
	}
	var rules []map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&rules)
	resp.Body.Close()
	if len(rules) != 3 || rules[0]["latency"] != "1ms" || rules[1]["mode"] != "503" || rules[2]["route"] != "/management/**" {
		t.Fatalf("rules = %v, want the -latency shorthand, then the two flags in order", rules)
	}
	for i, want := range []int{503, 401} { // then no more faults: 401 for a request without keys
		resp, err := http.Post(base+"/accesstoken/get", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("token request %d: %d, want %d", i+1, resp.StatusCode, want)
		}
	}
}

// A client that sends headers and then stalls mid-body holds the connection no longer than
// the body read timeout.
func TestRun_cutsOffABodyThatStopsHalfway(t *testing.T) {
	old := bodyReadTimeout
	bodyReadTimeout = 300 * time.Millisecond
	t.Cleanup(func() { bodyReadTimeout = old })
	base := startRun(t)

	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = conn.Write([]byte("POST /_sandbox/key-sets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
		"Content-Length: 100\r\n\r\n{\"merchant_serial_number\":"))
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	began := time.Now()
	_, err = io.ReadAll(conn)
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		t.Fatalf("the server still waits for the body after %v", time.Since(began))
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("the server let go after %v, want about the read timeout", took)
	}
}

// TestRun_listensBeyondLoopbackOnlyWhenTold: the admin routes hand out every secret, so a
// -listen address other machines can reach is refused unless -allow-remote says so.
func TestRun_listensBeyondLoopbackOnlyWhenTold(t *testing.T) {
	for _, listen := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0", "sandbox.example:0"} {
		var stdout, stderr bytes.Buffer
		// Bounded, so that a sandbox that does serve ends the case instead of hanging the test.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		code := run(ctx, []string{"-listen", listen}, &stdout, &stderr)
		cancel()
		if code != 2 {
			t.Errorf("-listen %s: exit %d, want 2", listen, code)
		}
		if stdout.Len() > 0 || !strings.Contains(stderr.String(), "-allow-remote") {
			t.Errorf("-listen %s: stdout %q, stderr %q: want nothing served and -allow-remote named", listen, stdout.String(), stderr.String())
		}
	}
	for _, listen := range []string{"127.0.0.1:0", "localhost:0"} {
		if base := startRun(t, "-listen", listen); !strings.HasPrefix(base, "http://") {
			t.Errorf("-listen %s: base URL %q", listen, base)
		}
	}
}

func TestRun_allowRemoteWarnsAndKeepsAdminOnLoopback(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "0.0.0.0:0", "-allow-remote", "-quiet"}, pw, &stderr)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if !strings.Contains(stderr.String(), "WARNING") || !strings.Contains(stderr.String(), "secret") {
		t.Errorf("no warning on stderr: %q", stderr.String())
	}
	base := strings.TrimSpace(strings.TrimPrefix(line, "VIPPSMOBILEPAY_BASE_URL="))
	req, err := http.NewRequest(http.MethodGet, base+"/_sandbox/key-sets", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "sandbox.example"
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("admin route under another host name: %d, want 403", resp.StatusCode)
	}
}

// syncBuffer is a bytes.Buffer safe to write from the command and read from the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
