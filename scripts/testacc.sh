#!/usr/bin/env bash
# Copyright (c) The terraform-provider-vippsmobilepay Authors
# SPDX-License-Identifier: MPL-2.0

# The unit and acceptance tests on one or more CLIs, Terraform or OpenTofu, one after another
# (`make testacc` runs one, `make testacc-matrix CLIS="..."` several). For each CLI:
#
#   1. name it from its `version` output ("Terraform 1.15.9", "OpenTofu 1.12.6");
#   2. set what terraform-plugin-testing needs for it: TF_ACC=1 and TF_ACC_TERRAFORM_PATH; for
#      OpenTofu also TF_ACC_PROVIDER_HOST=registry.opentofu.org (the provider address the tests
#      use); and a CLI configuration file that exists, since when TF_CLI_CONFIG_FILE names a
#      missing file OpenTofu prints a warning on standard output, where plugin-testing parses
#      its version (an existing file is kept, a missing one replaced by an empty one);
#   3. run `go test -json` on every package but internal/e2e (the end-to-end tests, which are
#      `make e2e`), with TF_LOG=TRACE into a log, summarized by
#      scripts/testsummary (failed tests' output, every skip with its reason, counts);
#   4. search that TRACE log for secrets with scripts/tracecheck.
#
# Every acceptance test starts its own in-process sandbox; nothing here needs network, a
# registry or keys. Results go to .test-output/<cli>-<version>/ (go-test.json, trace.log,
# summary.txt). The script ends with one line per CLI and exits 1 when any run failed.
#
# Usage: scripts/testacc.sh [CLI...]
#   CLI                 path of a terraform or tofu binary (default: $TF_ACC_TERRAFORM_PATH,
#                       else terraform on PATH)
#   TESTACC_PACKAGES    packages to test (default: every package but internal/e2e)
#   TESTACC_RUN         only tests matching this regexp (go test -run)
#   TESTACC_TIMEOUT     go test -timeout (default 20m)
#   TESTACC_PARALLEL    go test -parallel (default 8: the tests mostly wait for Terraform
#                       processes, so more run at once than there are cores)
#   TESTACC_TRACE=0     no TF_LOG=TRACE and no tracecheck (faster; make test never sets it)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

fail() {
	printf 'testacc: %s\n' "$*" >&2
	exit 2
}

clis=("$@")
if ((${#clis[@]} == 0)); then
	default=${TF_ACC_TERRAFORM_PATH:-$(command -v terraform || true)}
	[[ -n $default ]] || fail "no CLI given, TF_ACC_TERRAFORM_PATH is unset and terraform is not on PATH"
	clis=("$default")
fi
if [[ -n ${TESTACC_PACKAGES:-} ]]; then
	read -r -a packages <<<"$TESTACC_PACKAGES"
else
	mapfile -t packages < <(go list ./... | grep -v '/internal/e2e$')
fi
go_test_args=(-json -count=1 -timeout "${TESTACC_TIMEOUT:-20m}" -parallel "${TESTACC_PARALLEL:-8}")
trace=${TESTACC_TRACE:-1}
[[ -n ${TESTACC_RUN:-} ]] && go_test_args+=(-run "$TESTACC_RUN")

# cli_name prints "Terraform 1.15.9" or "OpenTofu 1.12.6" for a CLI binary.
cli_name() {
	local out
	out=$(CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null) || fail "$1 version failed; is it a terraform or tofu binary?"
	sed -n 's/^\(Terraform\|OpenTofu\) v\([0-9][^[:space:]]*\).*/\1 \2/p' <<<"$out" | head -n 1 | grep . ||
		fail "$1 is neither Terraform nor OpenTofu: its version output does not say"
}

summaries=()
failed=0
for cli in "${clis[@]}"; do
	[[ -x $cli ]] || cli=$(command -v "$cli" || true)
	[[ -n $cli && -x $cli ]] || fail "no such CLI: ${cli:-(empty)}"
	name=$(cli_name "$cli")
	slug=$(tr 'A-Z ' 'a-z-' <<<"$name")
	out="$repo/.test-output/$slug"
	rm -rf -- "$out" && mkdir -p "$out"

	env_vars=(TF_ACC=1 "TF_ACC_TERRAFORM_PATH=$cli" CHECKPOINT_DISABLE=1)
	if [[ $trace == 1 ]]; then
		env_vars+=(TF_LOG=TRACE "TF_ACC_LOG_PATH=$out/trace.log")
	fi
	if [[ $name == OpenTofu* ]]; then
		env_vars+=(TF_ACC_PROVIDER_HOST=registry.opentofu.org)
	fi
	if [[ -z ${TF_CLI_CONFIG_FILE:-} || ! -f $TF_CLI_CONFIG_FILE ]]; then
		: >"$out/empty.tfrc"
		env_vars+=("TF_CLI_CONFIG_FILE=$out/empty.tfrc")
	fi

	printf '\n==> %s (%s): go test of %d packages\n' "$name" "$cli" "${#packages[@]}"
	printf '    %s\n' "${env_vars[@]}"
	rc=0
	env "${env_vars[@]}" go test "${go_test_args[@]}" "${packages[@]}" 2>&1 |
		tee "$out/go-test.json" |
		go run ./scripts/testsummary -label "$name" -summary "$out/summary.txt" || rc=$?
	if [[ $trace == 1 && -s $out/trace.log ]]; then  # after a failure too: a leak must not hide behind it
		printf '==> %s: searching the TRACE log (%s) for secrets\n' "$name" "$(du -h "$out/trace.log" | cut -f1)"
		if ! go run ./scripts/tracecheck "$out/trace.log"; then
			rc=1
			echo "FAIL $name: secrets in the TRACE log $out/trace.log" >>"$out/summary.txt"
		fi
	fi
	((rc == 0)) || failed=1
	[[ -s $out/summary.txt ]] || echo "FAIL $name: go test did not finish (exit status $rc)" >"$out/summary.txt"
	summaries+=("$(cat "$out/summary.txt")")
done

printf '\n==> Summary\n'
printf '%s\n' "${summaries[@]}"
exit "$failed"
