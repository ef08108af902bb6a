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

// run is the command, minus the process: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vippsmobilepay-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: vippsmobilepay-sandbox [flags]\n\n"+
			"Serves a local twin of the Vipps MobilePay Access Token API and Management API\n"+
			"(production only), and prints "+
			"VIPPSMOBILEPAY_BASE_URL=<url> to stdout when ready.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	listen := fs.String("listen", "127.0.0.1:8787", "`address` to listen on; 127.0.0.1:0 picks a free port")
	dataPath := fs.String("data", "", "JSON `file` with the starting sales units and key sets (default: the built-in demo data)")
	generate := fs.Int("generate", 0, "add `N` synthetic test sales units with key sets, MSNs from 100000 up")
	latency := fs.Duration("latency", 0, "`delay` added to every API response, e.g. 200ms")
	faultRate := fs.Float64("fault-rate", 0, "share (0..1) of API requests answered with a random fault")
	fault := fs.String("fault", "", "answer every API request with this fault `mode`: "+strings.Join(sandbox.FaultModes(), ", "))
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
		Generate:  *generate,
		Latency:   *latency,
		FaultRate: *faultRate,
		Fault:     *fault,
		RateLimit: *rateLimit,
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
	fmt.Fprintf(stdout, "VIPPSMOBILEPAY_BASE_URL=%s\n", baseURL)
	logger.Printf("serving %d key sets on %s", len(sb.KeySets()), baseURL)

	srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
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
