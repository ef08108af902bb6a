package vipps

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// Mask replaces every secret in logs, errors and diagnostics.
const Mask = "***"

// jwtPattern catches bearer tokens the client never saw issued (another process's, or one
// echoed back in an error body), so they are masked even when not registered.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*`)

// Redactor remembers every secret the client has handled and masks them in any text. It is
// the one place redaction happens: log fields, HTTP logs and error messages all pass through it.
//
// A fleet registers thousands of secrets, so Redact does not try each one in turn: it looks up
// every substring of each registered length, longest first, which costs the same for three
// secrets or thirty thousand.
type Redactor struct {
	mu      sync.RWMutex
	secrets map[string]struct{}
	lengths []int // distinct lengths of the secrets, longest first
}

// NewRedactor returns an empty Redactor.
func NewRedactor() *Redactor {
	return &Redactor{secrets: map[string]struct{}{}}
}

// minSecretLength keeps short values (an empty string, "0") from masking half a log line. It
// is the format rules' own minimum, so every secret the provider accepts is masked.
const minSecretLength = keys.SecretMinLength

// Add registers secrets to mask from now on.
func (r *Redactor) Add(secrets ...string) {
	var fresh []string
	r.mu.RLock()
	for _, s := range secrets {
		if len(s) < minSecretLength {
			continue
		}
		if _, ok := r.secrets[s]; !ok {
			fresh = append(fresh, s)
		}
	}
	r.mu.RUnlock()
	if len(fresh) == 0 {
		return
	}
	r.mu.Lock()
	for _, s := range fresh {
		r.secrets[s] = struct{}{}
		if !slices.Contains(r.lengths, len(s)) {
			r.lengths = append(r.lengths, len(s))
			slices.SortFunc(r.lengths, func(a, b int) int { return b - a })
		}
	}
	r.mu.Unlock()
}

// Redact returns s with every registered secret and every JWT-shaped token masked. Where two
// secrets overlap the longer wins, so no part of it is left behind.
func (r *Redactor) Redact(s string) string {
	if s == "" {
		return s
	}
	r.mu.RLock()
	if len(r.secrets) > 0 {
		s = r.maskRegistered(s)
	}
	r.mu.RUnlock()
	return jwtPattern.ReplaceAllString(s, Mask)
}

// maskRegistered does the lookups; the caller holds the read lock.
func (r *Redactor) maskRegistered(s string) string {
	var b strings.Builder
	last := 0 // s[last:i] is not yet written
	for i := 0; i < len(s); {
		matched := 0
		for _, n := range r.lengths {
			if i+n > len(s) {
				continue
			}
			if _, ok := r.secrets[s[i:i+n]]; ok {
				matched = n
				break
			}
		}
		if matched == 0 {
			i++
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString(Mask)
		i += matched
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// sensitiveHeaders are masked whole in HTTP logs, whatever their value. Vipps MobilePay lists
// client_id among the keys to keep secret, so it is one.
var sensitiveHeaders = map[string]bool{
	"Authorization":             true,
	"Client_id":                 true,
	"Client_secret":             true,
	"Ocp-Apim-Subscription-Key": true,
}

// IsSensitiveHeader reports whether a header's value must never be logged.
func IsSensitiveHeader(name string) bool {
	// net/http canonicalises "client_secret" to "Client_secret"; look up the same way.
	return sensitiveHeaders[http.CanonicalHeaderKey(name)]
}
