// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/clock"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// objectValue builds a value of a schema's object type with the given string attributes set and
// the rest null, as Terraform sends configuration.
func objectValue(t testing.TB, typ tftypes.Type, set map[string]string) *tfprotov6.DynamicValue {
	t.Helper()
	vals := make(map[string]tftypes.Value, len(set))
	for name, v := range set {
		vals[name] = tftypes.NewValue(tftypes.String, v)
	}
	return objectOf(t, typ, vals)
}

// objectOf builds a value of a schema's object type from the attributes given, the rest null.
func objectOf(t testing.TB, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("schema type is %T, not an object", typ)
	}
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// configureOverProtocol configures server for baseURL through the plugin protocol, as
// Terraform does, and returns its schemas to build values from.
func configureOverProtocol(t testing.TB, server tfprotov6.ProviderServer, baseURL string) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	return configureWith(t, server, map[string]string{"base_url": baseURL})
}

// configureWith configures the provider over the plugin protocol with the settings given.
func configureWith(t testing.TB, server tfprotov6.ProviderServer, settings map[string]string) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		Config: objectValue(t, schemas.Provider.ValueType(), settings),
	})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, configured.Diagnostics)
	}
	return schemas
}

// openAndRenewAccessToken opens the access token ephemeral resource through the plugin
// protocol, as Terraform does, and renews it after the provider's clock has moved on by
// elapsed.
func openAndRenewAccessToken(t *testing.T, sb *testSandbox, elapsed time.Duration) (*tfprotov6.OpenEphemeralResourceResponse, *tfprotov6.RenewEphemeralResourceResponse) {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFake(time.Now())
	server := serve(func() provider.Provider { return &vippsProvider{version: "test", clock: clk} })()
	schemas := configureOverProtocol(t, server, sb.URL)
	ks := exampleKeySet()
	opened, err := server.OpenEphemeralResource(ctx, &tfprotov6.OpenEphemeralResourceRequest{
		TypeName: "vippsmobilepay_access_token",
		Config: objectValue(t, schemas.EphemeralResourceSchemas["vippsmobilepay_access_token"].ValueType(), map[string]string{
			"merchant_serial_number": ks.MerchantSerialNumber, "client_id": ks.ClientID,
			"client_secret": ks.ClientSecret, "subscription_key": ks.SubscriptionKeyPrimary,
		}),
	})
	if err != nil || len(opened.Diagnostics) > 0 {
		t.Fatalf("open: %v %v", err, opened.Diagnostics)
	}
	clk.Advance(elapsed)
	renewed, err := server.RenewEphemeralResource(ctx, &tfprotov6.RenewEphemeralResourceRequest{
		TypeName: "vippsmobilepay_access_token",
		Private:  opened.Private,
	})
	if err != nil {
		t.Fatal(err)
	}
	return opened, renewed
}

func TestAccessTokenEphemeral_renewAtExpiryAndStillValid(t *testing.T) {
	t.Parallel()
	// A sandbox clock ten minutes off does not matter: expiry counts from our own clock.
	sb := startSandbox(t, sandbox.Options{Clock: clock.Offset(-10 * time.Minute)})
	opened, renewed := openAndRenewAccessToken(t, sb, 0)
	if d := time.Until(opened.RenewAt); d < 59*time.Minute || d > 61*time.Minute {
		t.Fatalf("RenewAt = %v, want the token's expiry about an hour ahead (test environment)", opened.RenewAt)
	}
	if len(renewed.Diagnostics) > 0 {
		t.Errorf("renewing a valid token: %v", renewed.Diagnostics)
	}
	if !renewed.RenewAt.Equal(opened.RenewAt) {
		t.Errorf("renew moved RenewAt to %v, want the expiry %v", renewed.RenewAt, opened.RenewAt)
	}
}

func TestAccessTokenEphemeral_renewReportsAnExpiredToken(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	// Renew two hours after opening: the one-hour test token has expired.
	_, renewed := openAndRenewAccessToken(t, sb, 2*time.Hour)
	if len(renewed.Diagnostics) != 1 || renewed.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		!strings.Contains(renewed.Diagnostics[0].Summary, "Access token expired") {
		t.Fatalf("renewing an expired token gave %+v, want the 'Access token expired' warning", renewed.Diagnostics)
	}
	if strings.Contains(renewed.Diagnostics[0].Detail, keys.ExampleClientSecret) {
		t.Error("the warning shows the secret")
	}
}
