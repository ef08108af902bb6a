package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Features newer than Terraform 1.11, with the Terraform release that brought each. OpenTofu
// numbers its releases on its own line, so tfversion.SkipBelow would take OpenTofu 1.12 for
// Terraform 1.12; terraformFeature skips on OpenTofu instead, which has none of these (1.12.6
// rejects an import block's identity and knows neither list nor action blocks).
var (
	featureResourceIdentity = cliFeature{"resource identity", tfversion.Version1_12_0}
	featureListResources    = cliFeature{"list resources (terraform query)", tfversion.Version1_14_0}
	featureActions          = cliFeature{"actions", tfversion.Version1_14_0}
)

type cliFeature struct {
	name      string
	terraform *version.Version
}

// terraformFeature skips a test unless the CLI under test is Terraform at or above the
// release that brought the feature.
func cliSupports(f cliFeature) tfversion.TerraformVersionCheck { return featureCheck{f} }

type featureCheck struct{ feature cliFeature }

func (c featureCheck) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if isOpenTofu() && os.Getenv("XX_NOSKIP") == "" {
		resp.Skip = fmt.Sprintf("OpenTofu %s has no %s: skipping test", req.TerraformVersion, c.feature.name)
		return
	}
	if req.TerraformVersion.Core().LessThan(c.feature.terraform) {
		resp.Skip = fmt.Sprintf("Terraform %s has no %s (Terraform %s and later): skipping test",
			req.TerraformVersion, c.feature.name, c.feature.terraform)
	}
}

// cliUnderTest is the CLI acceptance tests run (TF_ACC_TERRAFORM_PATH, else terraform on
// PATH) and its version.
func cliUnderTest() (path string, v *version.Version, err error) {
	c := cliInfo()
	return c.path, c.version, c.err
}

// isOpenTofu reports whether the acceptance tests run on OpenTofu.
func isOpenTofu() bool { return cliInfo().openTofu }

var cliInfo = sync.OnceValue(func() (c struct {
	path     string
	version  *version.Version
	openTofu bool
	err      error
}) {
	if c.path = os.Getenv("TF_ACC_TERRAFORM_PATH"); c.path == "" {
		if c.path, c.err = exec.LookPath("terraform"); c.err != nil {
			c.err = fmt.Errorf("no terraform on PATH and no TF_ACC_TERRAFORM_PATH: %w", c.err)
			return c
		}
	}
	out, err := exec.Command(c.path, "version").Output()
	if err != nil {
		c.err = fmt.Errorf("%s version: %w", c.path, err)
		return c
	}
	// "Terraform v1.15.9" or "OpenTofu v1.12.6", after any warning about the CLI configuration.
	for line := range strings.Lines(string(out)) {
		name, v, ok := strings.Cut(strings.TrimSpace(line), " v")
		if !ok || (name != "Terraform" && name != "OpenTofu") {
			continue
		}
		c.openTofu = name == "OpenTofu"
		c.version, c.err = version.NewVersion(v)
		return c
	}
	c.err = fmt.Errorf("%s version printed no version: %q", c.path, out)
	return c
})
