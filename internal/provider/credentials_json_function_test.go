// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

// runCredentialsJSON calls the function as Terraform would, with one argument.
func runCredentialsJSON(t *testing.T, arg attr.Value) (attr.Value, *function.FuncError) {
	t.Helper()
	req := function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{types.DynamicValue(arg)})}
	resp := &function.RunResponse{Result: function.NewResultData(types.StringUnknown())}
	NewCredentialsJSONFunction().Run(context.Background(), req, resp)
	return resp.Result.Value(), resp.Error
}

// keySetObject is an object value with the given attributes, strings unless given as values.
func keySetObject(attrs map[string]any) types.Object {
	types_, values := map[string]attr.Type{}, map[string]attr.Value{}
	for name, v := range attrs {
		var value attr.Value
		switch v := v.(type) {
		case string:
			value = types.StringValue(v)
		case attr.Value:
			value = v
		default:
			panic(fmt.Sprintf("keySetObject: %T", v))
		}
		types_[name], values[name] = value.Type(context.Background()), value
	}
	return types.ObjectValueMust(types_, values)
}

// stringAttrs is the demo key set 123456's attributes as a key set resource holds them.
func stringAttrs(ks keys.KeySet) map[string]any {
	return map[string]any{
		"merchant_serial_number":   ks.MerchantSerialNumber,
		"environment":              ks.Environment,
		"client_id":                ks.ClientID,
		"client_secret":            ks.ClientSecret,
		"subscription_key_primary": ks.SubscriptionKeyPrimary,
	}
}

func with(attrs map[string]any, name string, v any) map[string]any {
	out := map[string]any{}
	for k, x := range attrs {
		out[k] = x
	}
	if v == nil {
		delete(out, name)
	} else {
		out[name] = v
	}
	return out
}

func TestCredentialsJSON_buildsTheJSONApplicationsReadFromAnyKeySetShape(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	ks.SubscriptionKeySecondary = "da7d5b0e18a84aeda961c0c31b75c2a9"
	base := with(stringAttrs(ks), "subscription_key_secondary", ks.SubscriptionKeySecondary)
	resourceLike := with(with(with(with(base,
		"fingerprint", types.StringUnknown()),
		"verify", types.BoolValue(true)),
		"secrets_wo_version", types.NumberNull()),
		"rotation_triggers", types.MapValueMust(types.StringType, map[string]attr.Value{"month": types.StringValue("2026-12")}))
	mapOf := func(attrs map[string]any) types.Map {
		elems := map[string]attr.Value{}
		for k, v := range attrs {
			elems[k] = types.StringValue(v.(string))
		}
		return types.MapValueMust(types.StringType, elems)
	}
	for _, tc := range []struct {
		name string
		arg  attr.Value
		want string
	}{
		{"an object", keySetObject(base), ks.CredentialsJSON(keys.SubscriptionKeyPrimary)},
		{"a map", mapOf(base), ks.CredentialsJSON(keys.SubscriptionKeyPrimary)},
		{"a resource's other attributes, unknown ones too, are ignored", keySetObject(resourceLike), ks.CredentialsJSON(keys.SubscriptionKeyPrimary)},
		{"the active secondary key", keySetObject(with(base, "active_subscription_key", "secondary")), ks.CredentialsJSON(keys.SubscriptionKeySecondary)},
		{"an MSN written as a number", keySetObject(with(base, "merchant_serial_number", types.NumberValue(big.NewFloat(123456)))), ks.CredentialsJSON(keys.SubscriptionKeyPrimary)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := runCredentialsJSON(t, tc.arg)
			if err != nil {
				t.Fatalf("error: %s", err.Text)
			}
			if got.(types.String).ValueString() != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	if !strings.Contains(ks.CredentialsJSON(keys.SubscriptionKeySecondary), ks.SubscriptionKeySecondary) {
		t.Fatal("the secondary case would prove nothing: its JSON lacks the secondary key")
	}
}

func TestCredentialsJSON_unknownKeysGiveAnUnknownResult(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	for name, arg := range map[string]attr.Value{
		"an unknown key":        keySetObject(with(stringAttrs(ks), "client_secret", types.StringUnknown())),
		"an unknown key set":    types.ObjectUnknown(map[string]attr.Type{"client_id": types.StringType}),
		"an unknown active key": keySetObject(with(stringAttrs(ks), "active_subscription_key", types.StringUnknown())),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := runCredentialsJSON(t, arg)
			if err != nil {
				t.Fatalf("error: %s", err.Text)
			}
			if !got.IsUnknown() {
				t.Errorf("got %s, want an unknown result", got)
			}
		})
	}
}

func TestCredentialsJSON_namesWhatIsWrongAndNeverTheValue(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	good := stringAttrs(ks)
	for _, tc := range []struct {
		name  string
		arg   attr.Value
		words []string
	}{
		{"a pasted newline", keySetObject(with(good, "client_secret", ks.ClientSecret+"\n")),
			[]string{"key_set attribute client_secret has a trailing newline; remove it (trimspace())"}},
		{"a malformed subscription key", keySetObject(with(good, "subscription_key_primary", ks.SubscriptionKeyPrimary[:30]+"!!")),
			[]string{"key_set attribute subscription_key_primary " + keys.ProblemSubscriptionKey}},
		{"a malformed client_id", keySetObject(with(good, "client_id", ks.ClientID+"0")),
			[]string{"key_set attribute client_id " + keys.ProblemClientID}},
		{"no client_id", keySetObject(with(good, "client_id", nil)), []string{"key_set has no client_id"}},
		{"a client_id that is no string", keySetObject(with(good, "client_id", types.BoolValue(true))),
			[]string{"key_set attribute client_id must be a string"}},
		{"write-only secrets", keySetObject(with(with(good, "client_secret", types.StringNull()), "client_secret_wo", types.StringNull())),
			[]string{"key_set has no client_secret", "write-only", "ephemeral.vippsmobilepay_key_set.NAME.credentials_json"}},
		{"write-only secrets, the rest unknown", keySetObject(with(with(good, "subscription_key_primary", types.StringNull()), "client_id", types.StringUnknown())),
			[]string{"key_set has no subscription_key_primary", "ephemeral vippsmobilepay_key_set"}},
		{"a secondary key that is not there", keySetObject(with(good, "active_subscription_key", "secondary")),
			[]string{`key_set has active_subscription_key "secondary" but no subscription_key_secondary`}},
		{"an unknown slot", keySetObject(with(good, "active_subscription_key", "tertiary")),
			[]string{`active_subscription_key must be "primary" or "secondary", got "tertiary"`}},
		{"a string", types.StringValue(ks.ClientSecret), []string{"key_set must be a vippsmobilepay_key_set resource"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := runCredentialsJSON(t, tc.arg)
			if err == nil {
				t.Fatalf("no error; got %s", got)
			}
			for _, w := range tc.words {
				if !strings.Contains(err.Text, w) {
					t.Errorf("the error does not say %q:\n%s", w, err.Text)
				}
			}
			if strings.HasSuffix(err.Text, ".") {
				t.Errorf("the error ends in a period, and Terraform adds one:\n%s", err.Text)
			}
			for _, secret := range []string{ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeyPrimary[:30]} {
				if strings.Contains(err.Text, strings.TrimSpace(secret)) {
					t.Errorf("the error shows a secret:\n%s", err.Text)
				}
			}
		})
	}
}

// credentialsJSONFactories serve the provider and a stand-in for a secret store's provider,
// whose store_secret resource takes a write-only value_wo as aws_ssm_parameter and
// tfe_variable do and records only its SHA-256, to show what arrived.
var credentialsJSONFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"vippsmobilepay": testProviderFactories["vippsmobilepay"],
	"store":          providerserver.NewProtocol6WithError(testStoreProvider{}),
}

// credentialsJSONKeySet is the demo key set 123456 with both subscription keys, the secondary
// active, as a key set resource against the sandbox.
func credentialsJSONKeySet(sb *testSandbox, ks keys.KeySet, extra string) string {
	return sb.providerBlock() + fmt.Sprintf(`
resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number     = %q
  environment                = %q
  client_id                  = %q
  client_secret              = %q
  subscription_key_primary   = %q
  subscription_key_secondary = %q
  active_subscription_key    = "secondary"
  %s
}
`, ks.MerchantSerialNumber, ks.Environment, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary,
		ks.SubscriptionKeySecondary, extra)
}

const credentialsJSONConsumers = `
output "credentials" {
  value     = provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop)
  sensitive = true
}

resource "store_secret" "shop" {
  value_wo         = provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop)
  value_wo_version = 1
}

# Its hash, not the JSON: Terraform itself writes terraform_data's values into its DEBUG log.
resource "terraform_data" "stored_copy" {
  input = sha256(provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop))
}
`

// TestCredentialsJSON_fromAKeySetResourceIntoAWriteOnlyArgument: the function of a key set
// resource gives the JSON of its active key, known at plan time, which a write-only argument of
// another resource receives whole without storing it; a key set updated in place for a
// re-verification changes nothing downstream.
func TestCredentialsJSON_fromAKeySetResourceIntoAWriteOnlyArgument(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	ks := sb.keySet(t, keys.ExampleMerchantSerialNumber, keys.EnvironmentTest)
	want := ks.CredentialsJSON(keys.SubscriptionKeySecondary)
	sum := sha256.Sum256([]byte(want))
	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliFunctions, cliWriteOnly},
		ProtoV6ProviderFactories: credentialsJSONFactories,
		Steps: []tfresource.TestStep{
			{
				Config: credentialsJSONKeySet(sb, ks, "") + credentialsJSONConsumers,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("credentials", knownvalue.StringExact(want)),
					plancheck.ExpectSensitiveValue("terraform_data.stored_copy", tfjsonpath.New("input")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("credentials", knownvalue.StringExact(want)),
					statecheck.ExpectKnownValue("store_secret.shop", tfjsonpath.New("value_sha256"),
						knownvalue.StringExact(hex.EncodeToString(sum[:]))),
					statecheck.ExpectKnownValue("store_secret.shop", tfjsonpath.New("value_wo"), knownvalue.Null()),
				},
			},
			{
				Config: credentialsJSONKeySet(sb, ks, `rotation_triggers = { month = "2026-12" }`) + credentialsJSONConsumers,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vippsmobilepay_key_set.shop", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("terraform_data.stored_copy", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("store_secret.shop", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// TestCredentialsJSON_isSensitiveBecauseItsArgumentIs: Terraform marks the result sensitive, as
// it does every function's whose argument holds sensitive values, so an output of it without
// `sensitive = true` is refused. No request: the plan fails first.
func TestCredentialsJSON_isSensitiveBecauseItsArgumentIs(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	ks.SubscriptionKeySecondary = "da7d5b0e18a84aeda961c0c31b75c2a9"
	tfresource.UnitTest(t, tfresource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: credentialsJSONKeySet(&testSandbox{URL: "http://127.0.0.1:9"}, ks, "") + `
output "credentials" {
  value = provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop)
}
`,
			PlanOnly:    true,
			ExpectError: expectErrorWords("Output refers to sensitive values"),
		}},
	})
}

// TestCredentialsJSON_writeOnlyKeySetIsSentToTheEphemeralKeySet: a key set with write-only
// secrets has none to give, and the error says where the JSON comes from instead.
func TestCredentialsJSON_writeOnlyKeySetIsSentToTheEphemeralKeySet(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	tfresource.UnitTest(t, tfresource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliFunctions, cliWriteOnly},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: fmt.Sprintf(`
resource "vippsmobilepay_key_set" "shop" {
  merchant_serial_number      = %q
  environment                 = "test"
  client_id                   = %q
  client_secret_wo            = %q
  subscription_key_primary_wo = %q
  secrets_wo_version          = 1
}

output "credentials" {
  value     = provider::vippsmobilepay::credentials_json(vippsmobilepay_key_set.shop)
  sensitive = true
}
`, ks.MerchantSerialNumber, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary),
			PlanOnly: true,
			ExpectError: expectErrorWords("key_set has no client_secret",
				"use the credentials_json attribute of the ephemeral vippsmobilepay_key_set instead"),
		}},
	})
}

// TestCredentialsJSON_unknownUntilApply: keys known only at apply give an unknown result in the
// plan and the JSON after apply.
func TestCredentialsJSON_unknownUntilApply(t *testing.T) {
	t.Parallel()
	ks := exampleKeySet()
	tfresource.UnitTest(t, tfresource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: fmt.Sprintf(`
# No secret in terraform_data: Terraform itself writes its values into its DEBUG log.
resource "terraform_data" "later" {
  input = "later"
}

output "credentials" {
  value = provider::vippsmobilepay::credentials_json({
    merchant_serial_number   = %q
    environment              = "test"
    client_id                = %q
    client_secret            = terraform_data.later.output == "" ? "" : %q
    subscription_key_primary = %q
  })
}
`, ks.MerchantSerialNumber, ks.ClientID, ks.ClientSecret, ks.SubscriptionKeyPrimary),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownOutputValue("credentials"),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("credentials", knownvalue.StringExact(ks.CredentialsJSON(keys.SubscriptionKeyPrimary))),
			},
		}},
	})
}

// testStoreProvider stands in for a secret store's provider (aws, tfe, ...), which the tests
// cannot install: one resource with a write-only value, as theirs have.
type testStoreProvider struct{}

func (testStoreProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "store"
}

func (testStoreProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (testStoreProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (testStoreProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return testStoreSecret{} }}
}

func (testStoreProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// testStoreSecret keeps the SHA-256 of the write-only value it was given, never the value.
type testStoreSecret struct{}

func (testStoreSecret) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret"
}

func (testStoreSecret) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":       schema.StringAttribute{Computed: true},
		"value_wo": schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
		"value_wo_version": schema.Int64Attribute{Optional: true,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()}},
		"value_sha256": schema.StringAttribute{Computed: true},
	}}
}

type testStoreSecretModel struct {
	ID      types.String `tfsdk:"id"`
	Value   types.String `tfsdk:"value_wo"`
	Version types.Int64  `tfsdk:"value_wo_version"`
	SHA256  types.String `tfsdk:"value_sha256"`
}

func (testStoreSecret) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m testStoreSecretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	var value types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("value_wo"), &value)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sum := sha256.Sum256([]byte(value.ValueString()))
	m.ID, m.SHA256, m.Value = types.StringValue("secret"), types.StringValue(hex.EncodeToString(sum[:])), types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (testStoreSecret) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (testStoreSecret) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.State.Raw
}

func (testStoreSecret) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
