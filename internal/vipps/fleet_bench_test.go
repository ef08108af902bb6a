// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package vipps

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// BenchmarkFleet_verifyThousandKeySets is one run of a fleet: a thousand key sets verified
// concurrently through one client, as a Terraform apply with parallelism does.
func BenchmarkFleet_verifyThousandKeySets(b *testing.B) {
	const fleet = 1000
	sb, err := sandbox.New(sandbox.Options{Generate: fleet})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	var creds []Credentials
	for _, ks := range sb.KeySets() {
		if ks.Environment == keys.EnvironmentTest && len(creds) < fleet {
			creds = append(creds, credentialsFromKeySet(ks))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		c := New(Config{BaseURL: srv.URL, Logger: discardLogger{}})
		var wg sync.WaitGroup
		work := make(chan Credentials)
		for range 10 { // Terraform's default parallelism
			wg.Go(func() {
				for cr := range work {
					if _, err := c.AccessToken(context.Background(), cr); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, cr := range creds {
			work <- cr
		}
		close(work)
		wg.Wait()
	}
}

// BenchmarkRedact_fleetOfSecrets: redaction cost must not grow with the number of secrets.
func BenchmarkRedact_fleetOfSecrets(b *testing.B) {
	for _, n := range []int{3, 3000, 30000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := NewRedactor()
			for i := range n {
				r.Add(fmt.Sprintf("%032x", i+1<<40), fmt.Sprintf("secret-%024d==", i))
			}
			line := strings.Repeat("POST /accesstoken/get answered HTTP 401 (invalid_client): AADSTS7000215 ", 4)
			b.ReportAllocs()
			for b.Loop() {
				_ = r.Redact(line)
			}
		})
	}
}

type discardLogger struct{}

func (discardLogger) Debug(context.Context, string, map[string]any) {}
