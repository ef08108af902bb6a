// Command terraform-provider-vippsmobilepay is the Terraform provider for Vipps MobilePay
// sales-unit API credentials.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/provider"
)

// Set by goreleaser through -ldflags.
var version = "dev"

//go:generate go tool tfplugindocs generate --provider-name vippsmobilepay

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	opts := providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   debug,
	}
	if err := providerserver.Serve(context.Background(), provider.New(version), opts); err != nil {
		log.Fatal(err.Error())
	}
}
