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

// Features newer than Terraform 1.11, with the releases of Terraform and OpenTofu that brought
// each. OpenTofu numbers its releases on its own line, so tfversion.SkipBelow, which takes
// OpenTofu 1.12 for Terraform 1.12, cannot tell; cliSupports compares each CLI with its own
// releases. OpenTofu 1.12 has import blocks by identity (its changelog, #3671), and neither list
// resources nor actions.
var (
	featureResourceIdentity = cliFeature{"resource identity", tfversion.Version1_12_0, tfversion.Version1_12_0}
	featureListResources    = cliFeature{"list resources (terraform query)", tfversion.Version1_14_0, nil}
	featureActions          = cliFeature{"actions", tfversion.Version1_14_0, nil}
)

type cliFeature struct {
	name      string
	terraform *version.Version
	openTofu  *version.Version // nil: no OpenTofu release has it
}

// cliSupports skips a test unless the CLI under test has the feature.
func cliSupports(f cliFeature) tfversion.TerraformVersionCheck { return featureCheck{f} }

type featureCheck struct{ feature cliFeature }

func (c featureCheck) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	cli, since := "Terraform", c.feature.terraform
	if isOpenTofu() {
		cli, since = "OpenTofu", c.feature.openTofu
	}
	switch {
	case since == nil:
		resp.Skip = fmt.Sprintf("%s %s has no %s: skipping test", cli, req.TerraformVersion, c.feature.name)
	case req.TerraformVersion.Core().LessThan(since):
		resp.Skip = fmt.Sprintf("%s %s has no %s (%s %s and later): skipping test",
			cli, req.TerraformVersion, c.feature.name, cli, since)
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
