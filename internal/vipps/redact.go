// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

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
// A secret does not always come back as it was sent: Azure AD echoes a client_id in lower case
// whatever case was sent, a GUID may lose its hyphens or gain braces, a subscription key may
// change case, and a Base64 secret may come back percent-encoded in a URL, JSON-escaped, with
// its "+" read as a space, without padding or in the URL alphabet. So Redact matches case
// insensitively (ASCII), looks at the text once as it is and once with %XX and JSON escapes
// undone, and every secret is registered in each of its spellings (see spellings).
//
// A fleet registers thousands of secrets, so Redact does not try each one in turn: it looks up
// every substring of each registered length, longest first, which costs the same for three
// secrets or thirty thousand. Spellings add a few lengths, not one per secret.
type Redactor struct {
	mu      sync.RWMutex
	secrets map[string]string // every spelling, ASCII lower case → the secret as registered
	lengths []int             // distinct lengths of the spellings, longest first
	// inSecret marks the bytes that occur in some spelling. A spelling fits only in a run of
	// them, and most text (words, spaces, punctuation) breaks runs far shorter than any secret,
	// so most lookups are skipped.
	inSecret [256]bool
}

// NewRedactor returns an empty Redactor.
func NewRedactor() *Redactor {
	return &Redactor{secrets: map[string]string{}}
}

// minSecretLength keeps short values (an empty string, "0") from masking half a log line. It
// is the format rules' own minimum, so every secret the provider accepts is masked.
const minSecretLength = keys.SecretMinLength

// Add registers secrets to mask from now on, in every spelling.
func (r *Redactor) Add(secrets ...string) {
	var fresh []string
	r.mu.RLock()
	for _, s := range secrets {
		if len(s) < minSecretLength {
			continue
		}
		if _, ok := r.secrets[foldASCII(s)]; !ok {
			fresh = append(fresh, s)
		}
	}
	r.mu.RUnlock()
	if len(fresh) == 0 {
		return
	}
	r.mu.Lock()
	for _, s := range fresh {
		for _, sp := range spellings(s) {
			if _, ok := r.secrets[sp]; ok {
				continue
			}
			r.secrets[sp] = s
			for i := 0; i < len(sp); i++ {
				r.inSecret[sp[i]] = true
			}
			if !slices.Contains(r.lengths, len(sp)) {
				r.lengths = append(r.lengths, len(sp))
				slices.SortFunc(r.lengths, func(a, b int) int { return b - a })
			}
		}
	}
	r.mu.Unlock()
}

// spellings returns the forms a secret may come back in, ASCII-folded, each at least
// minSecretLength long:
//
//   - the secret itself (any case, by folding);
//   - for 32 hex digits, with or without the hyphens of a GUID (braces and "urn:uuid:" around it
//     leave the GUID itself to match);
//   - for Base64, without its padding, and in the URL alphabet (- and _ for + and /).
//     Percent-encoding and JSON escapes are undone in the text instead (see unescape).
func spellings(s string) []string {
	folded := foldASCII(s)
	out := []string{folded}
	add := func(v string) {
		if len(v) >= minSecretLength && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if compact := strings.ReplaceAll(folded, "-", ""); len(compact) == 32 && isHex(compact) {
		add(compact)
		add(compact[:8] + "-" + compact[8:12] + "-" + compact[12:16] + "-" + compact[16:20] + "-" + compact[20:])
	}
	if strings.ContainsAny(folded, "+/=") {
		for _, v := range []string{folded, strings.NewReplacer("+", "-", "/", "_").Replace(folded)} {
			add(v)
			add(strings.TrimRight(v, "="))
		}
	}
	return out
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Redact returns s with every registered secret, in any spelling, and every JWT-shaped token
// masked. Where two secrets overlap, the mask covers both.
func (r *Redactor) Redact(s string) string {
	if s == "" {
		return s
	}
	r.mu.RLock()
	var found []match
	if len(r.secrets) > 0 {
		found = r.matches(s)
	}
	r.mu.RUnlock()
	return jwtPattern.ReplaceAllString(mask(s, found), Mask)
}

// Find returns the registered secrets that s holds in any spelling, in the order they appear,
// each once. scripts/tracecheck searches logs with it.
func (r *Redactor) Find(s string) []string {
	r.mu.RLock()
	found := r.matches(s)
	r.mu.RUnlock()
	slices.SortStableFunc(found, func(a, b match) int { return a.start - b.start })
	var out []string
	for _, m := range found {
		if !slices.Contains(out, m.secret) {
			out = append(out, m.secret)
		}
	}
	return out
}

// match is where a registered secret is in a text: s[start:end].
type match struct {
	start, end int
	secret     string
}

// matches finds the registered secrets in s, in its ASCII-folded form and, when it has escapes,
// once more with them undone. The caller holds the read lock.
func (r *Redactor) matches(s string) []match {
	folded := foldASCII(s)
	found := r.scan(folded, nil, nil)
	if strings.ContainsAny(s, `%\`) {
		if view, offsets := unescape(folded); len(view) < len(folded) {
			found = r.scan(view, offsets, found)
		}
	}
	return found
}

// scan appends the secrets in text to found; offsets, when set, map text's byte offsets to
// those of the original. At each position the longest spelling wins.
func (r *Redactor) scan(text string, offsets []int, found []match) []match {
	runEnd := 0 // text[i:runEnd] holds only bytes that occur in secrets
	for i := 0; i < len(text); {
		if i >= runEnd {
			for runEnd = i; runEnd < len(text) && r.inSecret[text[runEnd]]; runEnd++ {
			}
			if runEnd-i < minSecretLength {
				i = runEnd + 1
				continue
			}
		}
		matched, secret := 0, ""
		for _, n := range r.lengths {
			if i+n > runEnd {
				continue
			}
			if s, ok := r.secrets[text[i:i+n]]; ok {
				matched, secret = n, s
				break
			}
		}
		if matched == 0 {
			i++
			continue
		}
		m := match{start: i, end: i + matched, secret: secret}
		if offsets != nil {
			m.start, m.end = offsets[i], offsets[i+matched]
		}
		found = append(found, m)
		i += matched
	}
	return found
}

// mask replaces the matched parts of s with Mask, one Mask for parts that overlap.
func mask(s string, found []match) string {
	if len(found) == 0 {
		return s
	}
	slices.SortFunc(found, func(a, b match) int { return a.start - b.start })
	var b strings.Builder
	b.Grow(len(s))
	last := 0 // s[last:] is not yet written
	for i := 0; i < len(found); {
		start, end := found[i].start, found[i].end
		for i++; i < len(found) && found[i].start < end; i++ {
			end = max(end, found[i].end)
		}
		b.WriteString(s[last:start])
		b.WriteString(Mask)
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// secretHeaders are the HTTP headers and fields that carry a secret besides the key set's
// attributes: the subscription key's header, the token and its header.
var secretHeaders = []string{"Ocp-Apim-Subscription-Key", "Authorization", "access_token"}

// SecretNames is the one list of names whose values are secret, wherever they appear: the key
// set's secret attributes (keys.SecretAttributes, client_id among them, as Vipps MobilePay
// counts it), which are also the token request's header names, and secretHeaders. HTTP logging
// masks these headers whole; the provider masks log fields of these names.
func SecretNames() []string {
	return append(keys.SecretAttributes(), secretHeaders...)
}

// unescape undoes percent-encoding (%2B) and the JSON escapes of ASCII characters (\/, \u002B)
// in an ASCII-folded text, folding what they decode to. offsets[i] is where the view's byte i
// starts in text, and offsets[len(view)] is len(text).
func unescape(text string) (view string, offsets []int) {
	var b strings.Builder
	b.Grow(len(text))
	offsets = make([]int, 0, len(text)+1)
	for i := 0; i < len(text); {
		c, n := text[i], 1
		switch {
		case c == '%' && i+3 <= len(text) && isHex(text[i+1:i+3]):
			c, n = hexByte(text[i+1:i+3]), 3
		case c == '\\' && i+1 < len(text) && text[i+1] == '/':
			c, n = '/', 2
		case c == '\\' && i+6 <= len(text) && text[i+1] == 'u' && text[i+2:i+4] == "00" && isHex(text[i+4:i+6]) &&
			hexByte(text[i+4:i+6]) < 0x80:
			c, n = hexByte(text[i+4:i+6]), 6
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
		offsets = append(offsets, i)
		i += n
	}
	offsets = append(offsets, len(text))
	return b.String(), offsets
}

// hexByte decodes two lower-case hex digits.
func hexByte(h string) byte {
	v := func(c byte) byte {
		if c >= 'a' {
			return c - 'a' + 10
		}
		return c - '0'
	}
	return v(h[0])<<4 | v(h[1])
}

// sensitiveHeaders are SecretNames in net/http's canonical header form.
var sensitiveHeaders = func() map[string]bool {
	m := map[string]bool{}
	for _, name := range SecretNames() {
		m[http.CanonicalHeaderKey(name)] = true
	}
	return m
}()

// IsSensitiveHeader reports whether a header's value must never be logged.
func IsSensitiveHeader(name string) bool {
	// net/http canonicalises "client_secret" to "Client_secret"; look up the same way.
	return sensitiveHeaders[http.CanonicalHeaderKey(name)]
}
