// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

// Command terraform-provider-vippsmobilepay is the Terraform provider for Vipps MobilePay
// sales-unit API credentials.
package main

import (
	"flag"
	"log"
	"os"

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
	quietUnlessAsked()

	// tf6server directly rather than providerserver.Serve: the provider's server wraps the
	// framework's (see provider.NewProtocol6Server).
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		// Terraform (or OpenTofu) starts the provider and stops it when done. Killed (kill -9,
		// an OOM kill, a CI runner cancelled), it cannot: the plugin server would wait for calls
		// that never come, for good. The debug mode's provider outlives its starter on purpose.
		go watchParent(os.Getppid(), parentGone)
	}
	if err := tf6server.Serve(provider.Address, provider.NewProtocol6Server(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}

// parentGone ends the provider once the process that started it has ended.
func parentGone() {
	log.Print("the Terraform process that started this provider has ended; exiting")
	os.Exit(1)
}

// Log levels of the plugin SDKs and of the provider's own logger, by environment variable.
var loggers = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_VIPPSMOBILEPAY"}

// quietUnlessAsked turns the provider's logging off when nobody asked for logs. Left alone, the
// SDKs write every line at TRACE to standard error, where Terraform (or OpenTofu) drops it
// unless TF_LOG or TF_LOG_PROVIDER is set: at a thousand key sets that was a third of the
// provider's CPU and 12 to 20 MiB of its memory (BENCHMARKS.md). Any of these variables, which
// Terraform passes on to the provider, turns the logs back on, as does setting a logger's own
// variable.
func quietUnlessAsked() {
	for _, asked := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PATH", "TF_ACC_LOG_PATH"} {
		if os.Getenv(asked) != "" {
			return
		}
	}
	for _, name := range loggers {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "off")
		}
	}
}
