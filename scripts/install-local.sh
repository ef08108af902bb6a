#!/usr/bin/env bash
# Copyright (c) The terraform-provider-vippsmobilepay Authors
# SPDX-License-Identifier: MPL-2.0

# What `make install-local` runs: build the provider as version $VERSION (default: GNUmakefile's)
# and install it where `terraform init` and `tofu init` find it with no network, as they would
# find a release from the Registry:
#
#   MIRROR_DIR/registry.terraform.io/vippsmobilepay-community/vippsmobilepay/VERSION/OS_ARCH/
#   MIRROR_DIR/registry.opentofu.org/vippsmobilepay-community/vippsmobilepay/VERSION/OS_ARCH/
#
# (a bare source address means registry.terraform.io to Terraform, registry.opentofu.org to
# OpenTofu). MIRROR_DIR defaults to ~/.terraform.d/plugins, which both CLIs search before any
# registry when their CLI configuration has no provider_installation block. Another directory
# is a filesystem mirror to name in a CLI configuration (the CI guide does).
#
# Usage: scripts/install-local.sh [MIRROR_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v go >/dev/null || lib_fail "go is not on PATH"
mirror=${1:-$HOME/.terraform.d/plugins}
echo "Installing vippsmobilepay-community/vippsmobilepay $(lib_version) into $mirror:"
lib_install_local "$mirror" | sed 's/^/  /'
