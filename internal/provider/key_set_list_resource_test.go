package provider

import (
	"fmt"
	"regexp"
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

// unitsWithKeys is what the sandbox's own data says the keys reach: the active production sales
// units with API keys of the active merchants for which pick is true, by MSN, with their names.
func unitsWithKeys(d *sandbox.Data, pick func(sandbox.BusinessIdentifier) bool) map[string]string {
	active := map[sandbox.BusinessIdentifier]bool{}
	for _, m := range d.Merchants {
		active[m.BusinessIdentifier] = m.Status == sandbox.MerchantActive
	}
	units := map[string]string{}
	for _, u := range d.SalesUnits {
		if u.Environment == keys.EnvironmentProduction && u.Kind == sandbox.KindAPI && (u.Active == nil || *u.Active) &&
			active[u.Merchant] && pick(u.Merchant) {
			units[u.MerchantSerialNumber] = u.Name
		}
	}
	return units
}

// partnerMerchants picks the merchants connected to the sandbox's partner.
func partnerMerchants(d *sandbox.Data, partnerID string) func(sandbox.BusinessIdentifier) bool {
	for _, p := range d.Partners {
		if p.ID == partnerID {
			return func(bi sandbox.BusinessIdentifier) bool { return slices.Contains(p.Merchants, bi) }
		}
	}
	return func(sandbox.BusinessIdentifier) bool { return false }
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
	want := unitsWithKeys(sb.Data(), partnerMerchants(sb.Data(), sandbox.DemoPartnerID))
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
	want := unitsWithKeys(sb.Data(), func(bi sandbox.BusinessIdentifier) bool { return bi == fjordkaffe })
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
	all := unitsWithKeys(sb.Data(), partnerMerchants(sb.Data(), sandbox.DemoPartnerID))
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

// completeGeneratedKeySet fills in a key set block terraform query -generate-config-out wrote,
// as the partners guide says: client_id from a sensitive variable, the secrets write-only from
// an ephemeral one, both keyed by MSN.
func completeGeneratedKeySet(block string) string {
	msn := generatedMSN.FindStringSubmatch(block)
	if msn == nil {
		return block
	}
	for attr, value := range map[string]string{
		"client_id":                   `var.client_ids["%s"]`,
		"client_secret_wo":            `var.secrets["%s"].client_secret`,
		"subscription_key_primary_wo": `var.secrets["%s"].subscription_key_primary`,
	} {
		line := regexp.MustCompile(`(?m)^(\s*` + attr + `\s*=\s*)null # sensitive$`)
		block = line.ReplaceAllString(block, "${1}"+fmt.Sprintf(value, msn[1]))
	}
	return block
}

var generatedMSN = regexp.MustCompile(`(?m)^\s*merchant_serial_number\s*=\s*"(\d+)"$`)

// fleetVariables declares the keys the completed blocks read.
const fleetVariables = `
variable "client_ids" {
  type      = map(string)
  sensitive = true
}

variable "secrets" {
  type = map(object({
    client_secret            = string
    subscription_key_primary = string
  }))
  sensitive = true
  ephemeral = true
}
`

func TestKeySetList_generatedBlocksValidateAndAdoptTheFleetWithWriteOnlyKeys(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	want := unitsWithKeys(sb.Data(), partnerMerchants(sb.Data(), sandbox.DemoPartnerID))
	w := newCLIWorkspace(t, cliListResources, map[string]string{
		"main.tf":           requiredProviders + sb.partnerProviderBlock(t),
		"fleet.tfquery.hcl": keySetListConfig("", `environment = "production"`),
	})
	var secrets []string
	clientIDs, keySets := map[string]string{}, map[string]map[string]string{}
	for msn := range want {
		ks := sb.keySet(t, msn, keys.EnvironmentProduction)
		clientIDs[msn] = ks.ClientID
		keySets[msn] = map[string]string{"client_secret": ks.ClientSecret, "subscription_key_primary": ks.SubscriptionKeyPrimary}
		secrets = append(secrets, ks.ClientSecret, ks.SubscriptionKeyPrimary, ks.SubscriptionKeySecondary)
	}
	var seen strings.Builder
	see := func(out string) string { seen.WriteString(out); return out }

	see(w.mustRun("init", "-no-color"))
	out := see(w.mustRun("query", "-no-color", "-generate-config-out=generated.tf"))
	generated := w.read("generated.tf")
	for msn, name := range want {
		if !strings.Contains(out, name) {
			t.Errorf("terraform query does not show %q:\n%s", name, out)
		}
		declared := regexp.MustCompile(`merchant_serial_number\s*=\s*"` + msn + `"`)
		if len(declared.FindAllString(generated, -1)) != 2 { // the import block's identity and the resource block
			t.Errorf("generated.tf does not import and declare MSN %s:\n%s", msn, generated)
		}
	}
	if n := strings.Count(generated, `resource "vippsmobilepay_key_set"`); n != len(want) {
		t.Errorf("generated.tf declares %d key sets, want %d", n, len(want))
	}

	// As generated, the blocks validate; the plan asks for the keys no API reveals.
	if out := see(w.mustRun("validate", "-no-color")); !strings.Contains(out, "The configuration is valid") {
		t.Errorf("terraform validate:\n%s", out)
	}
	out, err := w.run("plan", "-no-color")
	see(out)
	if err == nil {
		t.Fatalf("terraform plan of key sets without keys succeeded:\n%s", out)
	}
	for msn := range want {
		if !regexp.MustCompile(`(?s)Key set has no keys.*?sales unit\s+MSN\s+` + msn).MatchString(out) {
			t.Errorf("the plan does not ask for the keys of MSN %s:\n%s", msn, out)
		}
	}

	// Filled in with write-only keys, the fleet is adopted and the next plan is empty.
	blocks := strings.Split(generated, "\n\n")
	for i, block := range blocks {
		blocks[i] = completeGeneratedKeySet(block)
	}
	w.write("generated.tf", strings.Join(blocks, "\n\n"))
	w.write("variables.tf", fleetVariables)
	w.setVariable("client_ids", clientIDs)
	w.setVariable("secrets", keySets)
	out = see(w.mustRun("apply", "-no-color", "-auto-approve"))
	if summary := fmt.Sprintf("%d imported, 0 added, %d changed, 0 destroyed", len(want), len(want)); !strings.Contains(out, summary) {
		t.Errorf("terraform apply did not say %q:\n%s", summary, out)
	}
	if out, err := w.run("plan", "-no-color", "-detailed-exitcode"); err != nil {
		t.Errorf("the plan after adoption is not empty (%v):\n%s", err, see(out))
	}
	testutil.AssertNoSecretParts(t, "the CLI's output", seen.String(), secrets...)
	testutil.AssertNoSecretParts(t, "the state", w.read("terraform.tfstate"), secrets...)
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

func TestKeySetList_anMSNTheKeysDoNotReachIsAWarning(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Options{})
	w := newCLIWorkspace(t, cliListResources, map[string]string{
		"main.tf": requiredProviders + sb.partnerProviderBlock(t),
		"fleet.tfquery.hcl": keySetListConfig("", `environment = "production"`,
			`merchant_serial_numbers = ["123456", "`+sandbox.DemoMSNNotConnected+`"]`),
	})
	w.mustRun("init", "-no-color")
	out := w.mustRun("query", "-no-color")
	if !expectErrorWords("Warning: Sales units not found", "merchant_serial_numbers names "+sandbox.DemoMSNNotConnected,
		"The query lists the others").MatchString(out) {
		t.Errorf("terraform query does not warn about MSN %s:\n%s", sandbox.DemoMSNNotConnected, out)
	}
	if !strings.Contains(out, "merchant_serial_number=123456") || strings.Contains(out, "merchant_serial_number="+sandbox.DemoMSNNotConnected) {
		t.Errorf("terraform query does not list exactly MSN 123456:\n%s", out)
	}
}
