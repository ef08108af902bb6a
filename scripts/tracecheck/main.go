// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Command tracecheck searches a TF_LOG=TRACE log of the acceptance suite for secrets: every
// key of the sandbox's demo data (client_id included), in every spelling the provider's
// redactor masks (any case, a GUID without hyphens, Base64 percent-encoded or JSON-escaped,
// ...), and anything shaped like an access token, a subscription key or a client secret. It skips the test harness's own echo of test configurations (the
// tests write some keys literally into their configuration, which is the test's doing, not the
// provider's). It exits 1 when it finds anything, printing where, never the secret itself.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

var (
	logLineStart = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}`)
	// A product order's derived Idempotency-Key (management.DerivedIdempotencyKey): an HMAC
	// the log shows so an order can be traced, 32 hex digits like a subscription key.
	idempotencyKey = regexp.MustCompile(`\btf-[0-9a-f]{32}-[0-9]+\b`)
	// Shapes of secrets the demo data does not list (regenerated keys, tokens).
	shapes = map[string]*regexp.Regexp{
		"access token":     regexp.MustCompile(`eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.`),
		"subscription key": regexp.MustCompile(`(^|[^0-9A-Za-z])[0-9A-Fa-f]{32}([^0-9A-Za-z]|$)`),
		"client secret":    regexp.MustCompile(`(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{22,}={1,2}([^A-Za-z0-9+/=]|$)`),
	}
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: tracecheck TRACE_LOG")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer f.Close()
	known, err := demoSecrets()
	if err != nil {
		// Scanning with fewer secrets than the suite used would pass where it should fail.
		fmt.Fprintf(os.Stderr, "tracecheck: %v; nothing was searched\n", err)
		os.Exit(2)
	}
	findings, lines, err := scan(f, known)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for _, finding := range findings {
		fmt.Println(finding)
	}
	switch {
	case lines == 0:
		fmt.Println("tracecheck: the log is empty; nothing was proven")
		os.Exit(1)
	case len(findings) > 0:
		fmt.Printf("tracecheck: %d possible secrets in %d log lines\n", len(findings), lines)
		os.Exit(1)
	}
	fmt.Printf("tracecheck: no secrets in %d log lines\n", lines)
}

// demoSecrets names every secret of the sandbox's demo data: its sales units' key sets and its
// partners' keys, which only a running sandbox lists.
func demoSecrets() (map[string]string, error) {
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		return nil, fmt.Errorf("cannot start the sandbox to list its demo partner keys: %w", err)
	}
	return secretsOf(sb.KeySets(), sb.PartnerKeySets())
}

// secretsOf names each secret of the key sets, and fails when there are no partner keys: the
// acceptance suite uses them, so a search without them would miss their leaks.
func secretsOf(keySets, partners []keys.KeySet) (map[string]string, error) {
	if len(keySets) == 0 || len(partners) == 0 {
		return nil, fmt.Errorf("the sandbox lists %d key sets and %d partner key sets; want both", len(keySets), len(partners))
	}
	known := map[string]string{}
	for _, ks := range append(keySets, partners...) {
		owner := ks.MerchantSerialNumber
		if owner == "" {
			owner = "a partner"
		}
		// Vipps MobilePay counts client_id among the keys to keep secret; the provider redacts it.
		known[ks.ClientID] = "client_id of " + owner
		known[ks.ClientSecret] = "client_secret of " + owner
		known[ks.SubscriptionKeyPrimary] = "subscription_key_primary of " + owner
		if ks.SubscriptionKeySecondary != "" {
			known[ks.SubscriptionKeySecondary] = "subscription_key_secondary of " + owner
		}
	}
	return known, nil
}

// scan reads a log and reports, by line number and never by value, every known secret (in any
// spelling) and every secret-shaped string outside the test harness's echo of test
// configurations.
func scan(r io.Reader, known map[string]string) (findings []string, lines int, err error) {
	// The provider's own redactor knows every spelling a secret comes back in; searching with
	// it, the check cannot know fewer spellings than the provider masks.
	spellings := vipps.NewRedactor()
	for secret := range known {
		spellings.Add(secret)
	}
	harness := false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Text()
		lines++
		if logLineStart.MatchString(line) {
			harness = strings.Contains(line, "sdk.helper_resource")
		}
		if harness {
			continue
		}
		for _, secret := range spellings.Find(line) {
			findings = append(findings, fmt.Sprintf("line %d: the demo %s", lines, known[secret]))
		}
		unkeyed := idempotencyKey.ReplaceAllString(line, "tf-(idempotency key)")
		for what, re := range shapes {
			if re.MatchString(unkeyed) {
				findings = append(findings, fmt.Sprintf("line %d: something shaped like %s", lines, what))
			}
		}
	}
	return findings, lines, sc.Err()
}
