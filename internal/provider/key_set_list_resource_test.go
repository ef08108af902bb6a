// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/keys"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/sandbox"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/testutil"
	"github.com/vippsmobilepay-community/terraform-provider-vippsmobilepay/internal/vipps"
)

const keySetListAddress = "vippsmobilepay_key_set.fleet"

// keySetListConfig is a query file listing key sets; config holds the list block's arguments.
func keySetListConfig(providerBlock string, config ...string) string {
	return providerBlock + fmt.Sprintf(`
list "vippsmobilepay_key_set" "fleet" {
  provider = vippsmobilepay
  config {
    %s
  }
}
`, strings.Join(config, "\n    "))
}

// expectListed checks that the query listed exactly units (MSN → name), named after the unit.
func expectListed(units map[string]string) []querycheck.QueryResultCheck {
	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength(keySetListAddress, len(units))}
	for msn, name := range units {
		identity := keySetIdentityOf(keys.EnvironmentProduction, msn)
		checks = append(checks,
			querycheck.ExpectIdentity(keySetListAddress, identity),
			querycheck.ExpectResourceDisplayName(keySetListAddress, queryfilter.ByResourceIdentity(identity), knownvalue.StringExact(name)),
		)
	}
	return checks
}

func TestKeySetList_partnerKeysListEveryConnectedUnitWithKeys(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	want := testutil.UnitsWithKeys(sb.Data(), testutil.PartnerMerchants(sb.Data(), sandbox.DemoPartnerID))
	if len(want) < 2 {
		t.Fatalf("test setup: the demo partner reaches %d units with keys", len(want))
	}
	// What must not be listed: a Vippsnummer unit of a connected merchant, an inactive unit, a
	// deactivated merchant's unit and a merchant not connected to the partner.
	for _, msn := range []string{sandbox.DemoMSNVippsnummerProduction, sandbox.DemoMSNInactive,
		sandbox.DemoMSNDeactivatedMerchant, sandbox.DemoMSNNotConnected} {
		if _, ok := want[msn]; ok {
			t.Fatalf("test setup: the sandbox's data lists MSN %s as reachable", msn)
		}
	}
	checks := expectListed(want)
	for _, msn := range []string{sandbox.DemoMSNVippsnummerProduction, sandbox.DemoMSNInactive,
		sandbox.DemoMSNDeactivatedMerchant, sandbox.DemoMSNNotConnected} {
		checks = append(checks, querycheck.ExpectNoIdentity(keySetListAddress, keySetIdentityOf(keys.EnvironmentProduction, msn)))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliListResources},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Query:             true,
			Config:            keySetListConfig(sb.partnerProviderBlock(t), `environment = "production"`),
			QueryResultChecks: checks,
		}},
	})
}

func TestKeySetList_salesUnitKeysListTheirMerchantsUnits(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	own := sb.keySet(t, sandbox.DemoMSN, keys.EnvironmentProduction)
	fjordkaffe := sandbox.BusinessIdentifier{Scheme: sandbox.SchemeNorway, ID: sandbox.DemoOrgFjordkaffe}
	want := testutil.UnitsWithKeys(sb.Data(), func(bi sandbox.BusinessIdentifier) bool { return bi == fjordkaffe })
	if _, ok := want[sandbox.DemoMSN]; !ok {
		t.Fatalf("test setup: MSN %s is not among Fjordkaffe's units %v", sandbox.DemoMSN, want)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliListResources},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Query:             true,
			Config:            keySetListConfig(sb.merchantProviderBlock(own), `environment = "production"`),
			QueryResultChecks: expectListed(want),
		}},
	})
}

func TestKeySetList_filtersByMSNsAndName(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	all := testutil.UnitsWithKeys(sb.Data(), testutil.PartnerMerchants(sb.Data(), sandbox.DemoPartnerID))
	only := func(msns ...string) map[string]string {
		units := map[string]string{}
		for _, msn := range msns {
			units[msn] = all[msn]
		}
		return units
	}
	partner := sb.partnerProviderBlock(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliListResources},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// An MSN the keys do not reach (Lofoten Sjømat is not connected) is left out.
				Query: true,
				Config: keySetListConfig(partner, `environment = "production"`,
					`merchant_serial_numbers = ["123456", "234567", "678901"]`),
				QueryResultChecks: expectListed(only("123456", "234567")),
			},
			{
				// Names match ignoring case: Fjordkaffe Bergen and Fjordkaffe Kundeklubb.
				Query:             true,
				Config:            keySetListConfig(partner, `environment = "production"`, `name_contains = "FJORDKAFFE"`),
				QueryResultChecks: expectListed(only("123456", "123457")),
			},
			{
				Query: true,
				Config: keySetListConfig(partner, `environment = "production"`, `name_contains = "kaffe"`,
					`merchant_serial_numbers = ["123457", "234567"]`),
				QueryResultChecks: expectListed(only("123457")),
			},
			{
				// The list block's limit stops the listing.
				Query:             true,
				Config:            strings.Replace(keySetListConfig(partner, `environment = "production"`), "  config {", "  limit = 2\n\n  config {", 1),
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength(keySetListAddress, 2)},
			},
		},
	})
}

func TestKeySetList_testEnvironmentIsRefusedBeforeAnyCall(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{cliListResources},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Query:       true,
				Config:      keySetListConfig(sb.partnerProviderBlock(t), `environment = "test"`),
				ExpectError: expectErrorWords("Sales units are listed in production only", `environment = "production"`),
			},
			{
				Query:       true,
				Config:      keySetListConfig(sb.partnerProviderBlock(t), `environment = "production"`, `merchant_serial_numbers = ["12x"]`),
				ExpectError: expectErrorWords("Invalid merchant_serial_numbers[0]", keys.ProblemMerchantSerialNumber),
			},
		},
	})
	if n := sb.Stats()[sandbox.RouteSalesUnits]; n != 0 {
		t.Errorf("the sandbox answered %d sales unit lists, want none", n)
	}
}

func TestFilterSalesUnits_keepsTheAPIOrderAndNamesUnreachedMSNsOnce(t *testing.T) {
	t.Parallel()
	units := []vipps.MsnInfo{
		{MerchantSerialNumber: "123456", Name: "Fjordkaffe Bergen"},
		{MerchantSerialNumber: "123457", Name: "Fjordkaffe Kundeklubb"},
		{MerchantSerialNumber: "234567", Name: "Nordlys Sykkelverksted"},
		{MerchantSerialNumber: "678902", Name: "Lofoten Sjømat Svolvær"},
	}
	msnsOf := func(units []vipps.MsnInfo) []string {
		var msns []string
		for _, u := range units {
			msns = append(msns, u.MerchantSerialNumber)
		}
		return msns
	}
	for _, tc := range []struct {
		name          string
		msns          []string
		nameContains  string
		wantKept      []string
		wantUnreached []string
	}{
		{name: "no filter", wantKept: []string{"123456", "123457", "234567", "678902"}},
		{name: "MSNs, in the API's order", msns: []string{"234567", "123456"}, wantKept: []string{"123456", "234567"}},
		{name: "an unreached MSN, named once", msns: []string{"999999", "123456", "999999"}, wantKept: []string{"123456"},
			wantUnreached: []string{"999999"}},
		{name: "name ignoring case, beyond ASCII", nameContains: "SJØMAT", wantKept: []string{"678902"}},
		{name: "both", msns: []string{"123457", "234567"}, nameContains: "kaffe", wantKept: []string{"123457"}},
		{name: "nothing matches", nameContains: "bryggeri"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			kept, unreached := filterSalesUnits(units, tc.msns, tc.nameContains)
			if got := msnsOf(kept); !slices.Equal(got, tc.wantKept) {
				t.Errorf("kept %v, want %v", got, tc.wantKept)
			}
			if !slices.Equal(unreached, tc.wantUnreached) {
				t.Errorf("unreached %v, want %v", unreached, tc.wantUnreached)
			}
		})
	}
}
