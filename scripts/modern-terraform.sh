#!/usr/bin/env bash
# Copyright (c) The terraform-provider-vippsmobilepay Authors
# SPDX-License-Identifier: MPL-2.0

# Prints the path of a Terraform 1.14 or later, which knows actions, list resources and resource
# identities: $MODERN_TERRAFORM, else ../shared/tools' newest Terraform (1.16.4, else 1.15.9) when
# that folder is beside the repository (as on CI), else terraform on PATH when it is new enough.
# Exits 1 when there is none. `make docs` generates the docs with it, and the end-to-end tests
# (internal/e2e TestExamples_ofNewerCLIFeatures) validate the examples of those features with
# it; the examples of Terraform 1.16's action_trigger are skipped below 1.16.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -n ${MODERN_TERRAFORM:-} ]]; then
	echo "$MODERN_TERRAFORM"
	exit 0
fi
if [[ -x $repo/../shared/tools/get ]]; then
	for name in terraform-1.16.4 terraform-1.15.9; do
		if path=$("$repo/../shared/tools/get" "$name" 2>/dev/null); then
			echo "$path"
			exit 0
		fi
	done
fi
if terraform version -json 2>/dev/null | grep -Eq '"terraform_version": *"1\.(1[4-9]|[2-9][0-9])\.'; then
	command -v terraform
	exit 0
fi
exit 1
