// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Fault modes. Each answers an API request the way a failing gateway, backend or network would.
const (
	Fault429             = "429"                // APIM rate limit, with Retry-After: 1
	Fault429NoRetryAfter = "429-no-retry-after" // the same without Retry-After, as documented nowhere
	Fault500             = "500"
	Fault502             = "502"
	Fault503             = "503"
	Fault504             = "504"
	FaultReset           = "reset"          // connection closed with a TCP RST, no response
	FaultTimeout         = "timeout"        // no answer until the client gives up (or FaultTimeoutAfter)
	FaultMalformedJSON   = "malformed-json" // 200 with a truncated JSON body
	FaultHTML            = "html"           // 502 with an HTML error page from a proxy
	// The refusals below carry the real refusal bodies, which a client cannot tell from a real
	// refusal. Only a rule that names them gives them; FaultRandom never draws them.
	Fault401 = "401"
	Fault403 = "403"
	Fault404 = "404"
	// FaultRandom is one of TransientFaultModes, drawn anew for each request a rule answers.
	FaultRandom = "random"
)

// FaultTimeoutAfter is how long FaultTimeout hangs before answering 504, if the client waits.
const FaultTimeoutAfter = 30 * time.Second

// FaultModes lists every fault mode a rule can name, except FaultRandom.
func FaultModes() []string {
	return append(TransientFaultModes(), Fault401, Fault403, Fault404)
}

// TransientFaultModes are the faults a healthy service shows now and then, and that a client's
// retries should ride out or report as an outage: rate limits, server errors, a dropped
// connection, a timeout, a garbled answer and a proxy's HTML page. FaultRandom (and so
// -fault-rate) draws from these only.
func TransientFaultModes() []string {
	return []string{
		Fault429, Fault429NoRetryAfter, Fault500, Fault502, Fault503, Fault504, FaultReset,
		FaultTimeout, FaultMalformedJSON, FaultHTML,
	}
}

// CheckFault returns an error unless mode is "" (no fault), FaultRandom or one of FaultModes.
func CheckFault(mode string) error {
	if mode == "" || mode == FaultRandom || slices.Contains(FaultModes(), mode) {
		return nil
	}
	return fmt.Errorf("unknown fault mode %q: must be %s or one of %s", mode, FaultRandom, strings.Join(FaultModes(), ", "))
}

// overRateLimit counts a request in the current one-second window of the sandbox clock and
// reports whether it is past the limit.
func (s *Sandbox) overRateLimit() bool {
	if s.opts.RateLimit <= 0 {
		return false
	}
	sec := s.clock.Now().Unix()
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	if sec != s.window {
		s.window, s.windowCount = sec, 0
	}
	s.windowCount++
	return s.windowCount > s.opts.RateLimit
}

func rateLimited(retryAfter bool) *failure {
	f := apimError(http.StatusTooManyRequests, apimRateLimited)
	if retryAfter {
		f.withHeader("Retry-After", "1")
	}
	return f
}

// sleep waits for d or until ctx is done, and reports whether the full time passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// writeFault answers r with a fault. The Management API (routes under /management/) speaks
// problem+json for its own errors; the gateway in front of every route speaks APIM's
// {statusCode, message}.
func (s *Sandbox) writeFault(w http.ResponseWriter, r *http.Request, pattern, mode string) {
	management := strings.Contains(pattern, " /management/")
	switch mode {
	case Fault429:
		rateLimited(true).write(w)
	case Fault429NoRetryAfter:
		rateLimited(false).write(w)
	case Fault500:
		if management {
			problemError(http.StatusInternalServerError, "Internal Server Error",
				"An unexpected error occurred. Please try again later.").write(w)
			return
		}
		apimError(http.StatusInternalServerError, "Internal server error").write(w)
	case Fault502:
		apimError(http.StatusBadGateway, "Bad gateway").write(w)
	case Fault503:
		apimError(http.StatusServiceUnavailable, "Service unavailable").write(w)
	case Fault504:
		apimError(http.StatusGatewayTimeout, "Gateway timeout").write(w)
	case FaultReset:
		resetConnection(w)
	case FaultTimeout:
		if sleep(r.Context(), FaultTimeoutAfter) {
			apimError(http.StatusGatewayTimeout, "Gateway timeout").write(w)
		}
	case FaultMalformedJSON:
		w.Header().Set("Content-Type", contentTypeToken)
		w.WriteHeader(http.StatusOK)
		if management {
			_, _ = w.Write([]byte(`[{"msn":"123456","name":"Fjordkaffe Ber`))
			return
		}
		_, _ = w.Write([]byte(`{"token_type":"Bearer","expires_in":"3600","ext_expires_in":"0","expires_on":"17`))
	case FaultHTML:
		w.Header().Set("Content-Type", contentTypeHTML)
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(htmlBadGateway))
	case Fault401:
		if management {
			problemError(http.StatusUnauthorized, "Unauthorized",
				"Check whether Authorization token and Ocp-Apim-Subscription-Key are correct.").write(w)
			return
		}
		apimError(http.StatusUnauthorized, apimInvalidSubscriptionKey).write(w)
	case Fault403:
		if management {
			problemError(http.StatusForbidden, "Forbidden",
				"The API keys are not allowed to access this resource.").write(w)
			return
		}
		apimError(http.StatusForbidden, "Forbidden").write(w)
	case Fault404:
		if management {
			problemError(http.StatusNotFound, "Not Found", "The resource was not found.").write(w)
			return
		}
		apimError(http.StatusNotFound, apimNotFound).write(w)
	}
}

const htmlBadGateway = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>Microsoft-Azure-Application-Gateway/v2</center>
</body>
</html>
`

// resetConnection drops the connection without a response. Setting linger to 0 makes the
// close send a TCP RST, which clients report as "connection reset by peer".
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2 and recorders cannot hijack; this aborts the stream
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
