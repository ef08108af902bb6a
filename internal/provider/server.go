// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewProtocol6Server returns the provider's plugin-protocol server, as main.go serves it and
// the tests run it: the framework's server, with function arguments that OpenTofu leaves
// empty read as null, write-only action arguments allowed (see actionWriteOnlyServer), and an
// action that Terraform invokes without its required arguments refused with the reason (see
// actionArgumentsReceived).
func NewProtocol6Server(version string) func() tfprotov6.ProviderServer {
	return serve(New(version))
}

// serve is NewProtocol6Server for any provider constructor; tests configure the provider
// struct itself (an HTTP client, a clock, a retry budget).
func serve(newProvider func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		server := providerserver.NewProtocol6(newProvider())()
		if full, ok := server.(frameworkServer); ok {
			return openTofuNullArguments{actionWriteOnlyServer{actionArgumentsReceived{full}}}
		}
		// Not reached with terraform-plugin-framework v1.19: TestServer_keepsEveryRPCOfTheFramework
		// fails first, since wrapping a smaller interface would hide list resources, actions
		// or state stores.
		return server
	}
}

// frameworkServer is every RPC the framework's server answers. tf6server looks for list
// resources, actions and state stores by type assertion, so a wrapper must carry them all.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// openTofuNullArguments fills in what OpenTofu (1.7 to at least 1.12) leaves out when a
// provider function's argument is null: Terraform sends a MessagePack nil, OpenTofu an empty
// DynamicValue, which the framework cannot decode ("DynamicValue had no JSON or msgpack data
// set"), so is_client_id(null) failed on OpenTofu instead of returning false.
//
// Upstream: opentofu/opentofu v1.12.6 internal/plugin6/grpc_provider.go, CallFunction, line 1191
// (`if paramSpec.AllowNullValue { continue }` leaves the argument's DynamicValue empty; the
// protocol 5 client does the same at internal/plugin/grpc_provider.go line 1199). No issue
// about it was found in the opentofu/opentofu tracker as of 2026-12; it should be filed there.
// Terraform 1.11 to 1.16 send the nil and need nothing of this.
type openTofuNullArguments struct {
	frameworkServer
}

// msgpackNil is MessagePack's nil: a null of any type.
var msgpackNil = []byte{0xc0}

func (s openTofuNullArguments) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	if req != nil {
		for i, arg := range req.Arguments {
			if arg == nil || (arg.MsgPack == nil && arg.JSON == nil) {
				req.Arguments[i] = &tfprotov6.DynamicValue{MsgPack: msgpackNil}
			}
		}
	}
	return s.frameworkServer.CallFunction(ctx, req)
}
