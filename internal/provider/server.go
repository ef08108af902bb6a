package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewProtocol6Server returns the provider's plugin-protocol server, as main.go serves it and
// the tests run it: the framework's server, with write-only action arguments allowed (see
// actionWriteOnlyServer). Each call of the function makes a new provider.
func NewProtocol6Server(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		server := providerserver.NewProtocol6(New(version)())()
		if full, ok := server.(frameworkServer); ok {
			return actionWriteOnlyServer{full}
		}
		return server // not with terraform-plugin-framework v1.19, which answers every RPC
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
