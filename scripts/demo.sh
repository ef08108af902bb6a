#!/usr/bin/env bash
# Copyright (c) The terraform-provider-vippsmobilepay Authors
# SPDX-License-Identifier: MPL-2.0

# The quick start, end to end and offline, the way a user runs it (`make demo`):
#
#   1. build the provider as version $VERSION (GNUmakefile's, 0.1.0) and install it into the
#      implied local mirror in ~/.terraform.d/plugins (`make install-local`), for Terraform's
#      and OpenTofu's registry hosts: the one thing this script leaves behind;
#   2. build the sandbox, a local twin of the Vipps MobilePay API, and start it on a free port;
#   3. copy examples/quickstart into a temporary directory and run `terraform init` there:
#      it finds the provider in the mirror, needs no network, and writes .terraform.lock.hcl
#      as after a Registry release;
#   4. apply against the sandbox, show the outputs, and check that a second plan is empty;
#   5. stop the sandbox and delete the temporary directory, however the script ends.
#
# No real keys or network are needed. TERRAFORM=tofu (or a path) runs OpenTofu instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

repo=$lib_repo
work=""
tf=${TERRAFORM:-terraform}
tf_name=${tf##*/}
mirror="$HOME/.terraform.d/plugins"

step() { printf '\n==> %s\n' "$*"; }
fail() { lib_fail "$@"; }

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ -n $lib_sandbox_pid ]]; then
		step "Stopping the sandbox (pid $lib_sandbox_pid)"
		lib_stop_sandbox
	fi
	if [[ -n $work && -d $work ]]; then
		rm -rf -- "$work"
	fi
	if ((rc == 0)); then
		printf '\nDemo finished; the sandbox is stopped and the temporary files are gone.\n'
		printf 'The provider stays installed in %s/registry.*/%s (the two files listed above).\n' "$mirror" "$LIB_PROVIDER_SOURCE"
	else
		printf '\nDemo FAILED (exit status %d); the sandbox is stopped and the temporary files are gone.\n' "$rc" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v go >/dev/null || fail "go is not on PATH"
command -v "$tf" >/dev/null || fail "$tf is not on PATH; install Terraform 1.11 or later (or set TERRAFORM=tofu)"

work=$(mktemp -d "${TMPDIR:-/tmp}/vippsmobilepay-demo.XXXXXX")
# Only this demo's settings reach Terraform and the provider: no real credentials or
# environment from the caller's shell, no update checks.
lib_init "$work"
quickstart="$work/quickstart"
mkdir -p "$quickstart"
# Plain output when it goes to a log rather than a terminal.
no_color=()
[[ -t 1 ]] || no_color=(-no-color)

step "Installing the provider (version $(lib_version)) into $mirror, as make install-local does"
lib_install_local "$mirror"

step "Building and starting the sandbox"
lib_build_sandbox
lib_start_sandbox
echo "sandbox (pid $lib_sandbox_pid) is listening: VIPPSMOBILEPAY_BASE_URL=$VIPPSMOBILEPAY_BASE_URL"

step "Copying examples/quickstart into $quickstart"
shopt -s nullglob
tf_files=("$repo"/examples/quickstart/*.tf)
shopt -u nullglob
((${#tf_files[@]} > 0)) || fail "examples/quickstart has no .tf files"
cp -- "${tf_files[@]}" "$quickstart/"
ls "$quickstart"

step "$tf_name init (the provider comes from $mirror; no network)"
if ! "$tf" -chdir="$quickstart" init -input=false "${no_color[@]}"; then
	cat >&2 <<EOF

$tf_name init could not install the provider from $mirror.
If your CLI configuration (${TF_CLI_CONFIG_FILE:-~/.terraformrc}) has a provider_installation
block, $tf_name does not search that directory: add a filesystem_mirror for it there, e.g.
  provider_installation {
    filesystem_mirror {
      path    = "$mirror"
      include = ["$LIB_PROVIDER_SOURCE"]
    }
    direct {
      exclude = ["$LIB_PROVIDER_SOURCE"]
    }
  }
EOF
	fail "$tf_name init failed"
fi
echo
echo "The dependency lock file $tf_name wrote:"
sed 's/^/  /' "$quickstart/.terraform.lock.hcl"
echo "(A warning about incomplete lock file information is expected for a local install: the"
echo "lock holds the checksum of this build for this platform only. After a Registry release it"
echo "holds the checksums of every platform's package.)"

step "$tf_name apply (MSN 123456 in test, verified against the sandbox)"
"$tf" -chdir="$quickstart" apply -auto-approve -input=false "${no_color[@]}"

step "$tf_name output (secrets are shown as <sensitive>)"
"$tf" -chdir="$quickstart" output "${no_color[@]}"

step "$tf_name plan: a second run must have nothing to change"
set +e
"$tf" -chdir="$quickstart" plan -detailed-exitcode -input=false "${no_color[@]}" >"$work/plan.log" 2>&1
plan_rc=$?
set -e
case $plan_rc in
0) echo "No changes: the key set in the sandbox matches the configuration." ;;
2)
	cat "$work/plan.log"
	fail "the plan after apply is not empty"
	;;
*)
	cat "$work/plan.log"
	fail "$tf_name plan failed (exit status $plan_rc)"
	;;
esac
