#!/usr/bin/env bash
# Validates every example under examples/ against the provider's real schema, offline:
# builds the provider, points Terraform at it through a temporary dev_overrides CLI config
# (no terraform init), and runs `terraform validate` on a copy of each example directory.
# Part of `make docs-check`, because the examples are part of the documentation.
#
# examples/secret-stores is only format-checked: its examples need other providers (aws,
# vault, azurerm, google, kubernetes, github) that come from the registry, which these
# checks never reach. Every example, including *.tftest.hcl files, must be `terraform fmt` clean.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/vippsmobilepay-examples.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

while IFS= read -r name; do
	unset "$name"
done < <(compgen -e | grep '^VIPPSMOBILEPAY_' || true)
export CHECKPOINT_DISABLE=1 TF_INPUT=0

(cd "$repo" && go build -o "$work/provider/terraform-provider-vippsmobilepay" .)
cat >"$work/dev.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "vippsmobilepay-community/vippsmobilepay" = "$work/provider"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$work/dev.tfrc"

# Directories not validated, because their providers are not available offline.
readonly VALIDATE_SKIP=(examples/secret-stores)

failed=0
checked=0
skipped=0
if ! out=$(terraform fmt -check -recursive -diff -no-color "$repo/examples" 2>&1); then
	echo "FAIL  terraform fmt: these files are not formatted (run 'make fmt'):"
	sed 's/^/      /' <<<"$out"
	failed=$((failed + 1))
fi
while IFS= read -r dir; do
	rel=${dir#"$repo"/}
	skip=""
	for prefix in "${VALIDATE_SKIP[@]}"; do
		[[ $rel == "$prefix" || $rel == "$prefix"/* ]] && skip=1
	done
	if [[ -n $skip ]]; then
		echo "fmt   $rel (needs providers from the registry: format-checked, not validated)"
		skipped=$((skipped + 1))
		continue
	fi
	copy="$work/check/$rel"
	mkdir -p "$copy"
	cp -- "$dir"/*.tf "$copy/"
	# Snippets for the docs have no terraform block; give them the provider's source address.
	if ! grep -qs 'required_providers' "$copy"/*.tf; then
		cat >"$copy/zz_required_providers.tf" <<'EOF'
terraform {
  required_providers {
    vippsmobilepay = {
      source = "vippsmobilepay-community/vippsmobilepay"
    }
  }
}
EOF
	fi
	checked=$((checked + 1))
	if out=$(terraform -chdir="$copy" validate -no-color 2>&1); then
		echo "ok    $rel"
	else
		echo "FAIL  $rel"
		sed -e '/Provider development overrides are in effect/,/releases\.$/d' -e '/^[[:space:]]*$/d' \
			-e 's/^/      /' <<<"$out"
		failed=$((failed + 1))
	fi
done < <(find "$repo/examples" -name '*.tf' -printf '%h\n' | sort -u)

if ((failed > 0)); then
	echo "$failed checks failed: examples must be terraform fmt clean and validate against the provider's schema" >&2
	exit 1
fi
echo "all $checked example directories validate; $skipped more are format-checked only"
