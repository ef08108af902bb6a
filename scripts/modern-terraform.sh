#!/usr/bin/env bash
# Prints the path of a Terraform 1.14 or later, which knows actions, list resources and resource
# identities: $MODERN_TERRAFORM, else ../shared/tools' Terraform 1.15.9 when that folder is beside
# the repository (as on CI), else terraform on PATH when it is new enough. Exits 1 when there is
# none. `make docs` generates the docs with it, and scripts/check-examples.sh validates the
# examples of those features with it.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -n ${MODERN_TERRAFORM:-} ]]; then
	echo "$MODERN_TERRAFORM"
	exit 0
fi
if [[ -x $repo/../shared/tools/get ]] && path=$("$repo/../shared/tools/get" terraform-1.15.9 2>/dev/null); then
	echo "$path"
	exit 0
fi
if terraform version -json 2>/dev/null | grep -Eq '"terraform_version": *"1\.(1[4-9]|[2-9][0-9])\.'; then
	command -v terraform
	exit 0
fi
exit 1
