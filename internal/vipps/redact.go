package vipps

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Mask replaces every secret in logs, errors and diagnostics.
const Mask = "***"

// jwtPattern catches bearer tokens the client never saw issued (another process's, or one
// echoed back in an error body), so they are masked even when not registered.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*`)

// Redactor remembers every secret the client has handled and masks them in any text. It is
// the one place redaction happens: log fields, HTTP logs and error messages all pass through it.
type Redactor struct {
	mu      sync.RWMutex
	secrets map[string]struct{}
	ordered []string // the secrets, longest first, so a secret inside another never splits it
}

// NewRedactor returns an empty Redactor.
func NewRedactor() *Redactor {
	return &Redactor{secrets: map[string]struct{}{}}
}

// minSecretLength keeps short values (an empty string, "0") from masking half a log line.
const minSecretLength = 8

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
		if _, ok := r.secrets[s]; !ok {
			r.secrets[s] = struct{}{}
			r.ordered = append(r.ordered, s)
		}
	}
	slices.SortFunc(r.ordered, func(a, b string) int { return len(b) - len(a) })
	r.mu.Unlock()
}

// Secrets returns a copy of the registered secrets, for handing to log masking.
func (r *Redactor) Secrets() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.secrets))
	for s := range r.secrets {
		out = append(out, s)
	}
	return out
}

// Redact returns s with every registered secret and every JWT-shaped token masked.
func (r *Redactor) Redact(s string) string {
	if s == "" {
		return s
	}
	r.mu.RLock()
	for _, secret := range r.ordered {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, Mask)
		}
	}
	r.mu.RUnlock()
	return jwtPattern.ReplaceAllString(s, Mask)
}

// sensitiveHeaders are masked whole in HTTP logs, whatever their value.
var sensitiveHeaders = map[string]bool{
	"Authorization":             true,
	"Client_secret":             true,
	"Ocp-Apim-Subscription-Key": true,
}

// IsSensitiveHeader reports whether a header's value must never be logged.
func IsSensitiveHeader(name string) bool {
	return sensitiveHeaders[canonicalHeader(name)]
}

func canonicalHeader(name string) string {
	// net/http canonicalises "client_secret" to "Client_secret"; do the same for lookups.
	if name == "" {
		return name
	}
	lower := strings.ToLower(name)
	parts := strings.Split(lower, "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "-")
}
