// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Command vippsmobilepay-sandbox serves the sandbox, a local twin of the Vipps MobilePay
// Access Token API and Management API, for scripts, demos and manual testing of the provider.
//
// When it is listening it prints exactly one line to stdout,
//
//	VIPPSMOBILEPAY_BASE_URL=http://127.0.0.1:8787
//
// so that a script can eval it; logs go to stderr. SIGINT or SIGTERM shut it down gracefully.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// shutdownGrace is how long in-flight requests get to finish; a request hanging on the
// timeout fault is cut off after it.
const shutdownGrace = 5 * time.Second

// Read timeouts of the server: a client that sends headers or a body slowly, or stops halfway,
// holds a connection no longer than this. There is no write timeout: latency rules and the
// timeout fault answer late on purpose.
var (
	headerReadTimeout = 10 * time.Second
	bodyReadTimeout   = 30 * time.Second
)

// faultRules collects the repeatable -fault-rule flag.
type faultRules []sandbox.FaultRule

func (f *faultRules) String() string {
	parts := make([]string, len(*f))
	for i, r := range *f {
		parts[i] = r.String()
	}
	return strings.Join(parts, "; ")
}

func (f *faultRules) Set(s string) error {
	r, err := sandbox.ParseFaultRule(s)
	if err != nil {
		return err
	}
	*f = append(*f, r)
	return nil
}

const usageText = `Usage: vippsmobilepay-sandbox [flags]

Serves a local twin of the Vipps MobilePay Access Token API and Management API
(production only), and prints VIPPSMOBILEPAY_BASE_URL=<url> to stdout when ready.

Fault rules (-fault-rule, repeatable; also POST /_sandbox/fault-rules at run time):

  [METHOD] [PATH] [mode=MODE] [count=N] [probability=P] [latency=D] [msn=MSN] [client_id=ID]

  PATH matches case-insensitively; a segment * or {name} matches one segment, a last
  segment ** or {name...} the rest. Without a route a rule matches every API route.
  count=N answers the first N matching requests (default: all); probability=P fires
  on a share of them (0 < P <= 1); latency=D (a Go duration) is added when it fires.
  msn and client_id limit the rule to one sales unit's or one client's requests.
  Rules are tried in order: their latencies add up, the first with a mode answers.
  Examples:
    -fault-rule 'POST /accesstoken/get mode=503 count=2 msn=100003'
    -fault-rule '/management/** mode=random probability=0.1 latency=200ms'

  -latency D, -fault MODE and -fault-rate R are shorthands for the rules
  "latency=D", "mode=MODE" and "mode=random probability=R", tried first.

Fault modes:
  transient  %s
  refusals   401, 403, 404 (the real refusal bodies: only when a rule names them)
  random     one transient mode, drawn anew for each request

Admin endpoints (never faulted): GET /_sandbox/health, /_sandbox/key-sets,
/_sandbox/fault-rules, /_sandbox/stats, POST /_sandbox/reset, and more; see the README.
They answer only requests to a loopback host (or the -listen host), and requests that
change state only with Content-Type: application/json and from no other web origin.

Flags:
`

// run is the command, minus the process: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vippsmobilepay-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, usageText, strings.Join(sandbox.TransientFaultModes(), ", "))
		fs.PrintDefaults()
	}
	listen := fs.String("listen", "127.0.0.1:8787", "`address` to listen on; 127.0.0.1:0 picks a free port")
	allowRemote := fs.Bool("allow-remote", false, "allow a -listen address other machines can reach (see the README's warning: the admin routes hand out every secret)")
	dataPath := fs.String("data", "", "JSON `file` with the starting sales units and key sets (default: the built-in demo data)")
	generate := fs.Int("generate", 0, "add `N` synthetic test sales units with key sets, MSNs from 100000 up")
	latency := fs.Duration("latency", 0, "`delay` added to every API response, e.g. 200ms")
	faultRate := fs.Float64("fault-rate", 0, "share (0 to 1) of API requests answered with a random transient fault")
	fault := fs.String("fault", "", "answer every API request with this fault `mode` (see above)")
	var rules faultRules
	fs.Var(&rules, "fault-rule", "add a fault `rule` (see above); repeatable")
	rateLimit := fs.Int("rate-limit", 0, "API requests per second before 429; 0 = unlimited")
	quiet := fs.Bool("quiet", false, "do not log requests")
	printDemo := fs.Bool("print-demo-data", false, "print the built-in demo data as JSON and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "vippsmobilepay-sandbox: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return 2
	}
	listenHost, _, err := net.SplitHostPort(*listen)
	if err != nil {
		fmt.Fprintf(stderr, "vippsmobilepay-sandbox: -listen %s: %v\n", *listen, err)
		return 2
	}
	remote := !isLoopbackHost(listenHost)
	if remote && !*allowRemote {
		fmt.Fprintf(stderr, "vippsmobilepay-sandbox: -listen %s can be reached from other machines, and the "+
			"sandbox's admin routes hand out every key it holds; listen on 127.0.0.1, or add -allow-remote if "+
			"you mean it\n", *listen)
		return 2
	}
	logger := log.New(stderr, "vippsmobilepay-sandbox: ", log.LstdFlags)

	if *printDemo {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sandbox.DemoData()); err != nil {
			logger.Print(err)
			return 1
		}
		return 0
	}

	opts := sandbox.Options{
		AdminHosts: adminHosts(listenHost, remote),
		Generate:   *generate,
		Latency:    *latency,
		FaultRate:  *faultRate,
		Fault:      *fault,
		FaultRules: rules,
		RateLimit:  *rateLimit,
	}
	if !*quiet {
		opts.Logf = logger.Printf
	}
	if *dataPath != "" {
		d, err := sandbox.LoadData(*dataPath)
		if err != nil {
			logger.Print(err)
			return 1
		}
		opts.Data = d
	}
	sb, err := sandbox.New(opts)
	if err != nil {
		logger.Print(err)
		return 1
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		logger.Print(err)
		return 1
	}
	baseURL := "http://" + dialableAddr(ln.Addr())
	if remote {
		logger.Printf("WARNING: listening on %s, which other machines can reach: the API routes answer anyone "+
			"there, and the admin routes, which hand out every secret, answer %s", ln.Addr(), adminReach(opts.AdminHosts))
	}
	fmt.Fprintf(stdout, "VIPPSMOBILEPAY_BASE_URL=%s\n", baseURL)
	logger.Printf("serving %d key sets on %s", len(sb.KeySets()), baseURL)
	for _, r := range sb.FaultRules() {
		logger.Printf("fault rule %d: %s", r.ID, r.FaultRule)
	}

	srv := &http.Server{
		Handler:           sb,
		ReadHeaderTimeout: headerReadTimeout,
		ReadTimeout:       bodyReadTimeout,
		IdleTimeout:       2 * time.Minute,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		logger.Print(err)
		return 1
	case <-ctx.Done():
	}
	logger.Print("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close() // requests still hanging (the timeout fault) are cut off
	}
	return 0
}

// isLoopbackHost tells whether a -listen host is this machine's loopback only. "" and the
// wildcards are every interface; a name other than localhost is not looked up, and counts as
// reachable.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// adminHosts are the hosts besides loopback that the admin routes answer: a non-loopback
// -listen host, unless it is a wildcard (which names no host a client would send).
func adminHosts(listenHost string, remote bool) []string {
	if ip := net.ParseIP(listenHost); !remote || listenHost == "" || (ip != nil && ip.IsUnspecified()) {
		return nil
	}
	return []string{listenHost}
}

func adminReach(hosts []string) string {
	if len(hosts) == 0 {
		return "only requests to a loopback host"
	}
	return "requests to a loopback host and to " + strings.Join(hosts, ", ")
}

// dialableAddr turns a wildcard listen address (":8787", "0.0.0.0:8787") into one a client on
// this machine can dial.
func dialableAddr(addr net.Addr) string {
	a, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	host := a.IP.String()
	if a.IP == nil || a.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, fmt.Sprint(a.Port))
}
