// Copyright (c) The terraform-provider-vippsmobilepay Authors
// SPDX-License-Identifier: MPL-2.0

package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// A cliFeature is something a test needs from the CLI, with the first Terraform and the first
// OpenTofu release that has it. Use it as a TerraformVersionCheck:
//
//	TerraformVersionChecks: []tfversion.TerraformVersionCheck{cliWriteOnly},
//
// tfversion.SkipBelow alone would compare OpenTofu's version numbers as if they were
// Terraform's: OpenTofu 1.10 has no ephemeral resources although Terraform 1.10 has.
type cliFeature struct {
	name      string
	terraform *version.Version
	openTofu  *version.Version // nil: no OpenTofu release has it yet
}

// The features the suite tests, from the CLIs' changelogs and documentation.
var (
	cliFunctions = cliFeature{"provider-defined functions", tfversion.Version1_8_0, version.Must(version.NewVersion("1.7.0"))}
	cliEphemeral = cliFeature{"ephemeral resources", tfversion.Version1_10_0, version.Must(version.NewVersion("1.11.0"))}
	cliWriteOnly = cliFeature{"write-only arguments", tfversion.Version1_11_0, version.Must(version.NewVersion("1.11.0"))}
	// OpenTofu 1.12 stores identities and imports by identity (opentofu/opentofu#3671).
	cliIdentity = cliFeature{"resource identity", tfversion.Version1_12_0, version.Must(version.NewVersion("1.12.0"))}
	// OpenTofu 1.12 has neither `query` and list resources nor actions.
	cliListResources = cliFeature{"list resources (terraform query)", tfversion.Version1_14_0, nil}
	cliActions       = cliFeature{"actions", tfversion.Version1_14_0, nil}
	// Terraform 1.16: action_trigger's on_failure (halt, taint, continue). Its destroy events and
	// -invoke's planned configuration are tested through the CLI (internal/e2e, cliFeatures).
	cliActionOnFailure = cliFeature{"action_trigger on_failure", version1_16_0, nil}
)

// version1_16_0 is not in terraform-plugin-testing v1.16.0's tfversion.
var version1_16_0 = version.Must(version.NewVersion("1.16.0"))

var _ tfversion.TerraformVersionCheck = cliFeature{}

func (f cliFeature) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	resp.Skip = f.missingFrom(testCLIIsOpenTofu(), req.TerraformVersion)
}

// missingFrom says why a CLI of this version lacks the feature, or "" when it has it.
func (f cliFeature) missingFrom(openTofu bool, v *version.Version) string {
	cli, first := "Terraform", f.terraform
	if openTofu {
		cli, first = "OpenTofu", f.openTofu
	}
	switch {
	case first == nil:
		return fmt.Sprintf("%s %s has no %s; skipping test", cli, v, f.name)
	case v.LessThan(first):
		return fmt.Sprintf("%s %s has no %s (since %s); skipping test", cli, v, f.name, first)
	}
	return ""
}

// testCLIIsOpenTofu tells whether the acceptance tests run OpenTofu: the binary
// terraform-plugin-testing runs (TF_ACC_TERRAFORM_PATH, else terraform on PATH) says so in
// `version`. Its -json output does not.
var testCLIIsOpenTofu = sync.OnceValue(func() bool {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		var err error
		if path, err = exec.LookPath("terraform"); err != nil {
			return false // plugin-testing fails the test with its own message
		}
	}
	cmd := exec.Command(path, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, _ := cmd.Output()
	for line := range strings.Lines(string(out)) {
		if strings.HasPrefix(line, "OpenTofu v") {
			return true
		}
	}
	return false
})

func TestCLIFeature_comparesOpenTofuWithOpenTofuReleases(t *testing.T) {
	t.Parallel()
	v := func(s string) *version.Version { return version.Must(version.NewVersion(s)) }
	cases := []struct {
		feature  cliFeature
		openTofu bool
		version  string
		runs     bool
	}{
		{cliFunctions, false, "1.7.5", false},
		{cliFunctions, true, "1.7.0", true},
		{cliEphemeral, false, "1.10.0", true},
		{cliEphemeral, true, "1.10.6", false}, // SkipBelow(1.10) would run it
		{cliWriteOnly, false, "1.11.4", true},
		{cliWriteOnly, true, "1.12.6", true},
		{cliIdentity, false, "1.11.4", false},
		{cliIdentity, false, "1.15.9", true},
		{cliIdentity, true, "1.12.6", true},
		{cliListResources, false, "1.15.9", true},
		{cliListResources, true, "1.12.6", false},
		{cliActions, false, "1.13.5", false},
		{cliActions, true, "1.15.0", false}, // no OpenTofu release has actions yet
		{cliActionOnFailure, false, "1.15.9", false},
		{cliActionOnFailure, false, "1.16.4", true},
	}
	for _, tc := range cases {
		reason := tc.feature.missingFrom(tc.openTofu, v(tc.version))
		if (reason == "") != tc.runs {
			t.Errorf("%s, OpenTofu %v, version %s: skip reason %q, want runs=%v", tc.feature.name, tc.openTofu, tc.version, reason, tc.runs)
		}
	}
}
