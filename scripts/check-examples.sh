#!/usr/bin/env bash
# Validates every example under examples/ against the provider's real schema, offline:
# builds the provider, points Terraform at it through a temporary dev_overrides CLI config
# (no terraform init), and runs `terraform validate` on a copy of each example directory.
# Part of `make docs-check`, because the examples are part of the documentation.
#
# examples/secret-stores is only format-checked: its examples need other providers (aws,
# vault, azurerm, google, kubernetes, github) that come from the registry, which these
# checks never reach. Every example, including *.tftest.hcl files, must be `terraform fmt` clean.
#
# Examples of newer CLI features, import-by-identity.tf (Terraform 1.12+), examples/actions and
# examples/list-resources (1.14+), are validated with a Terraform 1.14 or later
# (scripts/modern-terraform.sh). Without one they are skipped, and the summary says so.
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
# Directories of features that need Terraform 1.14 or later.
readonly MODERN_ONLY=(examples/actions examples/list-resources)

# modern is a Terraform with actions and list resources, or "".
modern=$(bash "$repo/scripts/modern-terraform.sh" || true)

failed=0
checked=0
skipped=0
identity_dirs=()
newer=0 # skipped: they need a newer Terraform than the one available

# validate runs `validate` of cli in dir (with -query when it holds list blocks) and reports it as rel.
validate() {
	local cli=$1 dir=$2 rel=$3 query=() out
	compgen -G "$dir/*.tfquery.hcl" >/dev/null && query=(-query)
	if out=$("$cli" -chdir="$dir" validate -no-color "${query[@]}" 2>&1); then
		echo "ok    $rel"
	else
		echo "FAIL  $rel"
		sed -e '/Provider development overrides are in effect/,/releases\.$/d' -e '/^[[:space:]]*$/d' \
			-e 's/^/      /' <<<"$out"
		failed=$((failed + 1))
	fi
}
if ! out=$(terraform fmt -check -recursive -diff -no-color "$repo/examples" 2>&1); then
	echo "FAIL  terraform fmt: these files are not formatted (run 'make fmt'):"
	sed 's/^/      /' <<<"$out"
	failed=$((failed + 1))
fi
if [[ -n $modern ]] && ! out=$("$modern" fmt -check -recursive -diff -no-color "$repo/examples/list-resources" 2>&1); then
	echo "FAIL  terraform fmt: these query files are not formatted (run '$modern fmt -recursive examples'):"
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
	cli=terraform
	for prefix in "${MODERN_ONLY[@]}"; do
		[[ $rel == "$prefix" || $rel == "$prefix"/* ]] && cli=$modern
	done
	if [[ -z $cli ]]; then
		echo "skip  $rel (needs Terraform 1.14 or later: set MODERN_TERRAFORM to validate it)"
		newer=$((newer + 1))
		continue
	fi
	copy="$work/check/$rel"
	mkdir -p "$copy"
	cp -- "$dir"/*.tf "$dir"/*.tfquery.hcl "$copy/" 2>/dev/null || true
	# import-by-identity.tf (Terraform 1.12+) is validated on its own, below.
	rm -f -- "$copy/import-by-identity.tf"
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
	if [[ -f $dir/import-by-identity.tf ]]; then
		identity="$work/check-identity/$rel"
		mkdir -p "$identity"
		cp -- "$copy"/*.tf "$dir/import-by-identity.tf" "$identity/"
		rm -f -- "$identity/import-by-string-id.tf"
		identity_dirs+=("$rel")
	fi
	checked=$((checked + 1))
	validate "$cli" "$copy" "$rel"
done < <(find "$repo/examples" \( -name '*.tf' -o -name '*.tfquery.hcl' \) -printf '%h\n' | sort -u)

for rel in "${identity_dirs[@]}"; do
	if [[ -z $modern ]]; then
		echo "skip  $rel/import-by-identity.tf (needs Terraform 1.12 or later: set MODERN_TERRAFORM to validate it)"
		newer=$((newer + 1))
		continue
	fi
	checked=$((checked + 1))
	validate "$modern" "$work/check-identity/$rel" "$rel/import-by-identity.tf"
done

if ((failed > 0)); then
	echo "$failed checks failed: examples must be terraform fmt clean and validate against the provider's schema" >&2
	exit 1
fi
echo "all $checked example directories validate; $skipped more are format-checked only"
if ((newer > 0)); then
	echo "$newer examples of newer CLI features were not validated: no Terraform 1.14 or later (set MODERN_TERRAFORM)"
fi
