// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// BenchmarkKeySet_planAndCreate is the provider's share of one key set in a fleet's apply:
// the plan and the create, through the plugin protocol, against an in-process sandbox. (In a
// real run Terraform core costs several times more per resource.)
func BenchmarkKeySet_planAndCreate(b *testing.B) {
	sb := startSandbox(b, sandbox.Options{})
	ctx := context.Background()
	server, err := testProviderFactories["vippsmobilepay"]()
	if err != nil {
		b.Fatal(err)
	}
	schemas := configureOverProtocol(b, server, sb.URL)
	typ := schemas.ResourceSchemas["vippsmobilepay_key_set"].ValueType()
	ks := exampleKeySet()
	config := objectValue(b, typ, map[string]string{
		"merchant_serial_number": ks.MerchantSerialNumber, "client_id": ks.ClientID,
		"client_secret": ks.ClientSecret, "subscription_key_primary": ks.SubscriptionKeyPrimary,
	})
	none, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		plan, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: "vippsmobilepay_key_set", PriorState: &none, ProposedNewState: config, Config: config,
		})
		if err != nil || len(plan.Diagnostics) > 0 {
			b.Fatal(err, plan.Diagnostics)
		}
		created, err := server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: "vippsmobilepay_key_set", PriorState: &none, PlannedState: plan.PlannedState, Config: config,
		})
		if err != nil || len(created.Diagnostics) > 0 {
			b.Fatal(err, created.Diagnostics)
		}
	}
}
