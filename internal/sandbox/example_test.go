// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package sandbox_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// A provider test starts the sandbox in-process and points the client at srv.URL.
func ExampleNew() {
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/accesstoken/get", nil)
	req.Header.Set("client_id", keys.ExampleClientID)
	req.Header.Set("client_secret", keys.ExampleClientSecret)
	req.Header.Set("Ocp-Apim-Subscription-Key", keys.ExampleSubscriptionKey)
	req.Header.Set("Merchant-Serial-Number", keys.ExampleMerchantSerialNumber)
	resp, err := srv.Client().Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()

	fmt.Println(resp.Status, sb.Stats())
	// Output: 200 OK map[POST /accesstoken/get:1]
}
