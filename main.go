// Command terraform-provider-vippsmobilepay is the Terraform provider for Vipps MobilePay
// sales-unit API credentials.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/provider"
)

// Set by goreleaser (and `make install-local`) through -ldflags.
var version = "dev"

//go:generate go tool tfplugindocs generate --provider-name vippsmobilepay

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	// tf6server directly rather than providerserver.Serve: the provider's server wraps the
	// framework's (see provider.NewProtocol6Server).
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(provider.Address, provider.NewProtocol6Server(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
