// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
)

const productOrderAddress = "vippsmobilepay_product_order.test"

func productOrderConfig(salesUnitName string, extra ...string) string {
	return productOrderConfigNamed("test", salesUnitName, extra...)
}

func productOrderConfigNamed(name, salesUnitName string, extra ...string) string {
	return fmt.Sprintf(`
resource "vippsmobilepay_product_order" %q {
  %s
  business_identifier = {
    scheme = "business:DK:CVR"
    id     = %q
  }
  product_type     = "PAYMENT_INTEGRATION"
  sales_unit_name  = %q
  price_package_id = %q
  product_use_case = "Website"
  has_recurring    = false
  website = {
    url       = "https://norrebrocykler.dk"
    terms_url = "https://norrebrocykler.dk/handelsbetingelser"
  }
}
`, name, strings.Join(extra, "\n  "), sandbox.DemoOrgNorrebro, salesUnitName, sandbox.DemoPricePackageDenmark)
}

// orderID reads the order's ID from state, for steps that act on it at the sandbox.
func orderID(s *terraform.State) string {
	if rs, ok := s.RootModule().Resources[productOrderAddress]; ok {
		return rs.Primary.ID
	}
	return ""
}

func TestProductOrder_lifecycleThroughCompletion(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	var id string
	advance := func(status string) func() {
		return func() {
			if err := sb.AdvanceProductOrder(id, status); err != nil {
				t.Fatal(err)
			}
		}
	}
	config := sb.partnerProviderBlock(t) + productOrderConfig("Norrebro Cykler Web")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(productOrderAddress, plancheck.ResourceActionCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("status"), knownvalue.StringExact("RECEIVED")),
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("prefill_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://`))),
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("expires_at"), knownvalue.StringRegexp(rfc3339Pattern)),
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("sales_unit"), knownvalue.Null()),
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("idempotency_key"), knownvalue.StringRegexp(regexp.MustCompile(`^tf-[0-9a-f]{32}-0$`))),
				},
				Check: func(s *terraform.State) error {
					id = orderID(s)
					if n := len(sb.ProductOrders()); n != 1 {
						return fmt.Errorf("the sandbox holds %d product orders, want 1", n)
					}
					return nil
				},
			},
			{
				PreConfig: advance("MERCHANT_VIEWED"),
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("status"), knownvalue.StringExact("MERCHANT_VIEWED")),
				},
			},
			{
				PreConfig: advance("COMPLETED"),
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("sales_unit").AtMapKey("merchant_serial_number"),
						knownvalue.StringRegexp(regexp.MustCompile(`^\d{4,10}$`))),
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("sales_unit").AtMapKey("name"),
						knownvalue.StringExact("Norrebro Cykler Web")),
				},
			},
			{
				// Every argument replaces: the API cannot change an order.
				Config: sb.partnerProviderBlock(t) + productOrderConfig("Norrebro Cykler Butik"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(productOrderAddress, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
			},
		},
		// The completed order cannot be deleted: destroy only forgets it. The replacement,
		// still RECEIVED, is deleted for real.
		CheckDestroy: func(*terraform.State) error {
			orders := sb.ProductOrders()
			if len(orders) != 1 || orders[0].Status != "COMPLETED" {
				return fmt.Errorf("after destroy the sandbox holds %+v, want only the completed order", orders)
			}
			return nil
		},
	})
}

func TestProductOrder_deleteBeforeSubmissionDeletesTheOrder(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.partnerProviderBlock(t) + productOrderConfig("Norrebro Cykler Web"),
		}},
		CheckDestroy: func(*terraform.State) error {
			if orders := sb.ProductOrders(); len(orders) != 0 {
				return fmt.Errorf("destroy left %d orders at the sandbox", len(orders))
			}
			return nil
		},
	})
}

func TestProductOrder_importByID(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: sb.partnerProviderBlock(t) + productOrderConfig("Norrebro Cykler Web")},
			{
				ResourceName:      productOrderAddress,
				ImportState:       true,
				ImportStateVerify: true,
				// The API does not return what was ordered beyond merchant and product.
				ImportStateVerifyIgnore: []string{"sales_unit_name", "price_package_id", "product_use_case", "has_recurring",
					"website", "website.%", "website.url", "website.terms_url", "idempotency_key", "expires_at"},
			},
			{
				// An ID pasted in upper case is the same order, stored as the API writes it.
				ResourceName: productOrderAddress,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return strings.ToUpper(orderID(s)), nil
				},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].ID != strings.ToLower(states[0].ID) {
						return fmt.Errorf("imported %v, want one order with its ID in lower case", states)
					}
					return nil
				},
			},
			{
				ResourceName:  productOrderAddress,
				ImportState:   true,
				ImportStateId: "not-a-uuid",
				ExpectError:   expectErrorWords("Import a product order by its ID"),
			},
		},
	})
}

func TestProductOrder_retriedCreateMakesOneOrder(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				sb.addFaultRule(t, sandbox.FaultRule{Route: sandbox.RouteCreateProductOrder, Mode: sandbox.Fault503, Count: 1})
			},
			Config: sb.partnerProviderBlock(t) + productOrderConfig("Norrebro Cykler Web"),
			Check: func(*terraform.State) error {
				if n := len(sb.ProductOrders()); n != 1 {
					return fmt.Errorf("a create retried after a 503 left %d orders, want exactly 1", n)
				}
				if sb.Stats()["POST /management/v1/product-orders"] < 2 {
					return fmt.Errorf("the create was not retried; the test proves nothing")
				}
				return nil
			},
		}},
	})
}

// TestProductOrder_importAdoptsConfiguredValues: an order brought in by an import block takes on
// the configured values the API never returns, in place, without ordering anew.
func TestProductOrder_importAdoptsConfiguredValues(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	partner := sb.partnerProviderBlock(t)
	const key = `idempotency_key = "onboard-41205806"`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: partner + productOrderConfigNamed("first", "Norrebro Cykler Web", key),
				Check: func(s *terraform.State) error {
					t.Setenv("TF_VAR_order_id", s.RootModule().Resources["vippsmobilepay_product_order.first"].Primary.ID)
					return nil
				},
			},
			{
				// Forget the order under its first name and import it under a second one.
				Config: partner + `
variable "order_id" { type = string }

removed {
  from = vippsmobilepay_product_order.first
  lifecycle {
    destroy = false
  }
}

import {
  to = vippsmobilepay_product_order.test
  id = var.order_id
}
` + productOrderConfig("Norrebro Cykler Web", key),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(productOrderAddress, plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("status"), knownvalue.StringExact("RECEIVED")),
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("sales_unit_name"), knownvalue.StringExact("Norrebro Cykler Web")),
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("idempotency_key"), knownvalue.StringExact("onboard-41205806")),
				},
				Check: func(*terraform.State) error {
					if n := len(sb.ProductOrders()); n != 1 {
						return fmt.Errorf("the import left %d orders at the sandbox, want the 1 imported", n)
					}
					return nil
				},
			},
			{
				// Adopted, it is an order like any other: an argument it did not have before
				// orders anew, as the API cannot change an order (with a new key of its own: the
				// old one belongs to the order replaced).
				Config: partner + productOrderConfig("Norrebro Cykler Web", `idempotency_key = "onboard-41205806-2"`,
					"annual_turnover = 1000000"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(productOrderAddress, plancheck.ResourceActionReplace),
					},
				},
			},
		},
	})
}

func TestProductOrder_reusedKeyForADeletedOrderIsExplained(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	partner := sb.partnerProviderBlock(t)
	config := partner + productOrderConfig("Norrebro Cykler Web", `idempotency_key = "onboard-replay"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{Config: partner}, // destroy: the order is deleted at the API
			{
				Config:      config,
				ExpectError: expectErrorWords("Idempotency key belongs to a deleted order", "Set a new idempotency_key"),
			},
		},
	})
}

func TestProductOrder_reusedKeyWithAnotherBodyIsExplained(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	partner := sb.partnerProviderBlock(t)
	const key = `idempotency_key = "onboard-conflict"`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: partner + productOrderConfig("Norrebro Cykler Web", key)},
			{
				// Another order with the same key: the API refuses it.
				Config: partner + productOrderConfig("Norrebro Cykler Web", key) +
					productOrderConfigNamed("second", "Norrebro Cykler Butik", key),
				ExpectError: expectErrorWords("Idempotency key already used", "Set a new idempotency_key"),
			},
		},
	})
}

// TestProductOrder_aReplacementKeepingTheOldKeyIsRefusedAtPlan: changing an argument replaces
// the order; with the same idempotency_key the new create would be refused (409) after the old
// order was deleted, leaving the merchant with none. The plan says so, and nothing is deleted.
func TestProductOrder_aReplacementKeepingTheOldKeyIsRefusedAtPlan(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	partner := sb.partnerProviderBlock(t)
	const key = `idempotency_key = "onboard-replaced"`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: partner + productOrderConfig("Norrebro Cykler Web", key)},
			{
				Config: partner + productOrderConfig("Norrebro Cykler Butik", key),
				ExpectError: expectErrorWords("Idempotency key of the order being replaced", `idempotency_key is still "onboard-replaced"`,
					"leaving the merchant with no order"),
			},
			{
				// Nothing was deleted: the order is still there, and a new key replaces it.
				PreConfig: func() {
					if n := len(sb.ProductOrders()); n != 1 {
						t.Errorf("the refused plan left %d orders at the API, want the 1 it had", n)
					}
				},
				Config: partner + productOrderConfig("Norrebro Cykler Butik", `idempotency_key = "onboard-replaced-2"`),
			},
		},
	})
}

func TestProductOrder_identityRecordedAtCreateImportsTheOrder(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliIdentity},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sb.partnerProviderBlock(t) + productOrderConfig("Norrebro Cykler Web"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(productOrderAddress, tfjsonpath.New("id")),
					statecheck.ExpectIdentityValue(productOrderAddress, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
				},
			},
			{
				// Imported by identity, the order adopts the configured values the API does not
				// return, in place.
				ResourceName:       productOrderAddress,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(productOrderAddress, plancheck.ResourceActionUpdate),
					},
				},
			},
		},
	})
}

func TestProductOrder_malformedImportIdentityIsNamed(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliIdentity},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: sb.partnerProviderBlock(t) + `
import {
  to       = vippsmobilepay_product_order.test
  identity = { id = "order-41205806" }
}
` + productOrderConfig("Norrebro Cykler Web"),
			ExpectError: expectErrorWords("Invalid import identity", "Import a product order by identity", `got "order-41205806"`),
		}},
	})
}

// TestProductOrder_websiteURLWithCredentialsFailsAtPlan: a website URL with a user name and
// password is refused at plan, before it reaches the API or the plan output.
func TestProductOrder_websiteURLWithCredentialsFailsAtPlan(t *testing.T) {
	t.Parallel()
	config := strings.Replace(productOrderConfig("Norrebro Cykler Web"),
		`url       = "https://norrebrocykler.dk"`, `url       = "https://kari:hemmelig-passord@norrebrocykler.dk"`, 1)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			PlanOnly:    true,
			ExpectError: expectErrorWords("Invalid website.url", "website.url must not carry a user name or password"),
		}},
	})
}

// TestWebsiteURLValidator_credentialsAreNotPointedAt: the diagnostic for a URL with credentials
// names the attribute in its text and has no attribute path, so Terraform prints no source line
// (which is the password when it is written literally); nor does its text hold the password.
func TestWebsiteURLValidator_credentialsAreNotPointedAt(t *testing.T) {
	t.Parallel()
	p := path.Root("website").AtName("test_website_url")
	for _, v := range productOrderValidators(t, "website", "test_website_url") {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{
			Path: p, ConfigValue: types.StringValue("https://kari:hemmelig-passord@test.norrebrocykler.dk"),
		}, resp)
		if len(resp.Diagnostics) != 1 {
			t.Fatalf("diagnostics = %v, want one", resp.Diagnostics)
		}
		d := resp.Diagnostics[0]
		if _, pointed := d.(diag.DiagnosticWithPath); pointed {
			t.Error("the diagnostic points at the attribute: Terraform would print its source line")
		}
		if text := d.Summary() + d.Detail(); strings.Contains(text, "hemmelig") || !strings.Contains(text, "website.test_website_url") {
			t.Errorf("diagnostic %q: want website.test_website_url named and the password not shown", text)
		}
	}
}

// TestProductOrder_rerunAfterALostAnswerFindsTheSameOrder: the API took an order, but its
// answer never reached the state (Terraform or the provider was killed, the network dropped):
// the next apply of the same configuration, with no idempotency_key, finds that order instead
// of ordering a second time for the merchant.
func TestProductOrder_rerunAfterALostAnswerFindsTheSameOrder(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	partner := sb.partnerProviderBlock(t)
	config := partner + productOrderConfig("Norrebro Cykler Web")
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  func(s *terraform.State) error { first = orderID(s); return nil },
			},
			{
				// The state forgets the order; the API keeps it, as after a lost answer.
				Config: partner + `
removed {
  from = vippsmobilepay_product_order.test
  lifecycle {
    destroy = false
  }
}
`,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(productOrderAddress, plancheck.ResourceActionCreate)},
				},
				Check: func(s *terraform.State) error {
					if n := len(sb.ProductOrders()); n != 1 {
						return fmt.Errorf("the sandbox holds %d product orders for the merchant, want the 1 ordered first", n)
					}
					if id := orderID(s); id != first {
						return fmt.Errorf("the rerun's order is %s, want the first one, %s", id, first)
					}
					return nil
				},
			},
		},
	})
}

// TestProductOrder_destroyAndApplyAgainOrdersAnew: the derived Idempotency-Key of a deleted
// order moves on to a new generation, so destroying an order and applying the same
// configuration again orders anew, as often as it is done.
func TestProductOrder_destroyAndApplyAgainOrdersAnew(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	partner := sb.partnerProviderBlock(t)
	config := partner + productOrderConfig("Norrebro Cykler Web")
	seen := map[string]bool{}
	created := func(generation string) resource.TestStep {
		return resource.TestStep{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("status"), knownvalue.StringExact("RECEIVED")),
				statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("idempotency_key"),
					knownvalue.StringRegexp(regexp.MustCompile(`^tf-[0-9a-f]{32}-`+generation+`$`))),
			},
			Check: func(s *terraform.State) error {
				id := orderID(s)
				if seen[id] {
					return fmt.Errorf("the apply after a destroy found the deleted order %s again", id)
				}
				seen[id] = true
				if n := len(sb.ProductOrders()); n != 1 {
					return fmt.Errorf("the sandbox holds %d live product orders, want 1", n)
				}
				return nil
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			created("0"),
			{Config: partner}, // destroy: the order is deleted at the API
			created("1"),
			{Config: partner},
			created("2"),
		},
	})
}

// TestProductOrder_destroyingARejectedOrderAndApplyingAgainOrdersAnew: the API keeps a rejected
// order when its resource is destroyed, and the derived key still names it; applying the same
// arguments again orders anew instead of bringing the rejected order back as "created".
func TestProductOrder_destroyingARejectedOrderAndApplyingAgainOrdersAnew(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	partner := sb.partnerProviderBlock(t)
	config := partner + productOrderConfig("Norrebro Cykler Web")
	var rejected string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					rejected = orderID(s)
					for _, status := range []string{sandbox.OrderStatusMerchantViewed, sandbox.OrderStatusSubmitted, sandbox.OrderStatusRejected} {
						if err := sb.AdvanceProductOrder(rejected, status); err != nil {
							return err
						}
					}
					return nil
				},
			},
			{Config: partner}, // destroy: the API keeps the rejected order
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("status"), knownvalue.StringExact("RECEIVED")),
					statecheck.ExpectKnownValue(productOrderAddress, tfjsonpath.New("idempotency_key"),
						knownvalue.StringRegexp(regexp.MustCompile(`^tf-[0-9a-f]{32}-1$`))),
				},
				Check: func(s *terraform.State) error {
					if id := orderID(s); id == rejected {
						return fmt.Errorf("the apply brought back the rejected order %s", id)
					}
					return nil
				},
			},
		},
	})
}
