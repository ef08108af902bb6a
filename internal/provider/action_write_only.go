// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// actionWriteOnlyServer works around terraform-plugin-framework v1.19.0, whose
// ValidateActionConfig refuses every write-only action argument that has a value ("WriteOnly
// Attribute Not Allowed ... only supported in Terraform 1.11 and later"): it validates action
// configurations as if the client could not take write-only values, while every client with
// actions (Terraform 1.14 and later) can. The verify action needs write-only keys, so that they
// may be ephemeral values and are never shown in the plan. Only that one diagnostic is dropped,
// and only for actions; every other check of the configuration stands.
//
// Upstream: terraform-plugin-framework internal/fwserver/server_validateactionconfig.go sets
// WriteOnlyAttributesAllowed: false (line 105 at v1.19.0, unchanged on main as of 2026-05-18),
// although hashicorp/terraform-plugin-framework#1233 (v1.17.0) added WriteOnly to action schemas;
// the ValidateActionConfig request carries no client capabilities to say otherwise. v1.19.0 is
// the newest release on the Go module proxy, and Terraform 1.16.4 still gets the error without
// this wrapper (with the secret's source line, since the diagnostic has an attribute path). No
// issue about it was found in the framework's tracker as of 2026-12; it should be filed there,
// and this wrapper removed with the release that fixes it.
type actionWriteOnlyServer struct {
	frameworkServer
}

// writeOnlyNotAllowed is the framework's summary of the diagnostic the wrapper drops.
const writeOnlyNotAllowed = "WriteOnly Attribute Not Allowed"

func (s actionWriteOnlyServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	resp, err := s.frameworkServer.ValidateActionConfig(ctx, req)
	if resp != nil {
		resp.Diagnostics = slices.DeleteFunc(resp.Diagnostics, func(d *tfprotov6.Diagnostic) bool {
			return d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == writeOnlyNotAllowed
		})
	}
	return resp, err
}
