// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
)

// TestKeySet_aHangingAPIIsExplainedOnceAndEveryErrorNamesTheURL: issue 19. Twelve key sets
// against an API that never answers: every error names the URL (none says "Nothing answered
// at ."), the first says the cause and what to check in full, and the other eleven say briefly
// that they share it.
func TestKeySet_aHangingAPIIsExplainedOnceAndEveryErrorNamesTheURL(t *testing.T) {
	needsCLI(t) // every supported CLI
	t.Parallel()
	const keySets = 12
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // no answer, until the client gives up
	}))
	t.Cleanup(hanging.Close)
	t.Cleanup(hanging.CloseClientConnections) // Close waits for the handlers, which wait for the clients
	w := newWorkspace(t, "", nil)
	w.searchTrace(keys.ExampleClientID, keys.ExampleClientSecret, keys.ExampleSubscriptionKey)
	w.write("main.tf", requiredProviders+fmt.Sprintf(`
provider "vippsmobilepay" {
  base_url        = %q
  max_retries     = 1
  request_timeout = "1s"
}

resource "vippsmobilepay_key_set" "fleet" {
  for_each = toset([for i in range(%d) : tostring(200000 + i)])

  merchant_serial_number   = each.key
  environment              = "test"
  client_id                = %q
  client_secret            = %q
  subscription_key_primary = %q
}
`, hanging.URL, keySets, keys.ExampleClientID, keys.ExampleClientSecret, keys.ExampleSubscriptionKey))
	// No `terraform init`: the CLI finds the provider through dev_overrides (TestMain).

	out, err := w.terraform("apply", "-no-color", "-auto-approve", "-parallelism=10")
	if err == nil {
		t.Fatalf("apply against a hanging API succeeded:\n%s", out)
	}
	// Terraform frames and wraps diagnostics: read them as one line of words.
	text := strings.Join(strings.Fields(strings.ReplaceAll(out, "│", " ")), " ")
	url := hanging.URL
	full := "No answer came from " + url + " within request_timeout (1s). If the server is up but slow, raise " +
		"request_timeout (or VIPPSMOBILEPAY_REQUEST_TIMEOUT). base_url is " + url + ": check that the sandbox or " +
		"proxy there is running, or correct base_url. The error was: exchange API keys for an access token for MSN "
	short := "No answer came from " + url + " within request_timeout (1s), as for other requests in this run; " +
		"the error about it in full says more. The error was: exchange API keys for an access token for MSN "
	if n := strings.Count(text, "Error: Key set not verified"); n != keySets {
		t.Errorf("%d key sets failed, want %d:\n%s", n, keySets, out)
	}
	if n := strings.Count(text, full); n != 1 {
		t.Errorf("the full explanation appears %d times, want once:\n%s", n, out)
	}
	if n := strings.Count(text, short); n != keySets-1 {
		t.Errorf("the short one appears %d times, want %d:\n%s", n, keySets-1, out)
	}
	if strings.Contains(text, "Nothing answered at .") || strings.Contains(text, "POST /accesstoken/get") {
		t.Errorf("an error does not name the URL:\n%s", out)
	}
	// Each error names its own sales unit and the URL it called.
	perError := regexp.MustCompile(`The error was: exchange API keys for an access token for MSN (\d+): POST ` +
		regexp.QuoteMeta(url) + `/accesstoken/get failed: `)
	msns := map[string]bool{}
	for _, m := range perError.FindAllStringSubmatch(text, -1) {
		msns[m[1]] = true
	}
	if len(msns) != keySets {
		t.Errorf("%d errors name their MSN and the URL, want %d:\n%s", len(msns), keySets, out)
	}
}
