#!/usr/bin/env bash
# `terraform test` for every example module that has tests, against a local sandbox, offline:
#
#   1. build the provider and the sandbox into a temporary directory, start the sandbox on a
#      free port and point Terraform at the local build through a dev_overrides CLI config;
#   2. for each module (a directory under examples/ with *.tftest.hcl files in it or in its
#      tests/ directory), reset the sandbox, copy the module into the temporary directory and
#      run `terraform test` there, so no state or .terraform lands in the repository;
#   3. stop the sandbox and delete the temporary directory, however the script ends.
#
# No `terraform init`: with dev_overrides, `terraform test` takes the provider from the local
# build and needs no lock file, no registry and no network. Mocked-provider test files
# (mock_provider) run the same way; they need the build for the schema and functions only.
#
# Usage: scripts/terraform-test.sh [MODULE_DIR...]   (default: every module with tests)
#   TERRAFORM_TEST_ARGS="-verbose"  extra arguments for `terraform test`
#   KEEP_WORK=1                     keep the temporary directory when a test fails
# Exits non-zero when any test fails or a module cannot be tested.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step() { printf '\n==> %s\n' "$*"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/vippsmobilepay-tftest.XXXXXX")
tf_pid=""

# stop_terraform interrupts a running `terraform test` (it tears down what the test made
# and exits) while the sandbox is still up; SIGKILL after 30 seconds.
stop_terraform() {
	[[ -n $tf_pid ]] || return 0
	local i
	kill -INT "$tf_pid" 2>/dev/null || true
	for ((i = 0; i < 300; i++)); do
		kill -0 "$tf_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$tf_pid" 2>/dev/null || true
	wait "$tf_pid" 2>/dev/null || true
	tf_pid=""
}

cleanup() {
	local rc=$?
	trap - EXIT
	stop_terraform
	lib_stop_sandbox
	if ((rc != 0)) && [[ -n ${KEEP_WORK:-} ]]; then
		echo "terraform-test: FAILED; kept $work" >&2
	else
		rm -rf -- "$work"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v terraform >/dev/null || lib_fail "terraform is not on PATH"
command -v curl >/dev/null || lib_fail "curl is not on PATH"

# Modules to test: the arguments, or every directory under examples/ with test files.
modules=()
if (($# > 0)); then
	for m in "$@"; do
		m=$(cd "$m" && pwd) || lib_fail "no such directory: $m"
		modules+=("$m")
	done
else
	while IFS= read -r dir; do
		modules+=("${dir%/tests}")
	done < <(find "$lib_repo/examples" -name '*.tftest.hcl' -printf '%h\n' | sort -u)
fi
((${#modules[@]} > 0)) || lib_fail "no example module has *.tftest.hcl files"

no_color=()
[[ -t 1 ]] || no_color=(-no-color)
read -r -a extra_args <<<"${TERRAFORM_TEST_ARGS:-}"

lib_init "$work"
step "Building the provider and the sandbox"
lib_build
lib_start_sandbox
lib_dev_overrides
echo "sandbox (pid $lib_sandbox_pid) at $VIPPSMOBILEPAY_BASE_URL"

failed=()
for module in "${modules[@]}"; do
	rel=${module#"$lib_repo"/}
	step "terraform test: $rel"
	lib_admin POST /_sandbox/reset >/dev/null # every module starts from the demo data
	copy="$work/modules/$rel"
	mkdir -p "$copy"
	# The module's own files only: never local state or a .terraform directory.
	tar -C "$module" --exclude=.terraform --exclude='terraform.tfstate*' --exclude=.terraform.lock.hcl \
		-cf - . | tar -C "$copy" -xf -
	# In the background and waited for, so that a signal reaches the traps at once.
	terraform -chdir="$copy" test "${no_color[@]}" "${extra_args[@]}" </dev/null &
	tf_pid=$!
	rc=0
	wait "$tf_pid" || rc=$?
	tf_pid=""
	if ((rc == 0)); then
		echo "ok    $rel"
	else
		echo "FAIL  $rel (terraform test exited $rc)" >&2
		failed+=("$rel")
	fi
done

echo
if ((${#failed[@]} > 0)); then
	printf 'terraform-test: %d of %d modules failed: %s\n' "${#failed[@]}" "${#modules[@]}" "${failed[*]}" >&2
	exit 1
fi
printf 'terraform-test: all %d modules passed\n' "${#modules[@]}"
