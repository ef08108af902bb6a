package vipps

import (
	"context"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff bounds. The first retry waits about backoffBase; each next one doubles, up to
// backoffMax. A Retry-After the API sends wins, up to retryAfterMax.
const (
	backoffBase   = 500 * time.Millisecond
	backoffMax    = 10 * time.Second
	retryAfterMax = 2 * time.Minute
)

// backoff returns how long to wait before attempt+1: the API's Retry-After when it gave one,
// else exponential backoff with full jitter in [d/2, d], so a fleet of resources retrying at
// once spreads out.
func backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, retryAfterMax)
	}
	d := backoffBase << min(attempt-1, 16)
	if d > backoffMax || d <= 0 {
		d = backoffMax
	}
	half := d / 2
	return half + rand.N(half+1) //nolint:gosec // jitter needs no cryptographic randomness
}

// parseRetryAfter reads a Retry-After header in delay-seconds or HTTP-date form. It returns 0
// when the header is absent or unreadable, which means "back off as usual".
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		// Compare before converting: a huge value, NaN or Inf does not fit a Duration, and a
		// negative result would read as "do not retry".
		switch {
		case math.IsNaN(secs) || math.IsInf(secs, 0) || secs <= 0:
			return 0
		case secs >= retryAfterMax.Seconds():
			return retryAfterMax
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return min(d, retryAfterMax)
		}
	}
	return 0
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
