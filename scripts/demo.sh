#!/usr/bin/env bash
# The quick start, end to end and offline (run it with `make demo`):
#
#   1. build the provider and the sandbox into a temporary directory;
#   2. start the sandbox, a local twin of the Vipps MobilePay API, on a free port;
#   3. point Terraform at the fresh provider binary through a temporary dev_overrides CLI
#      config (no `terraform init`: with dev_overrides it would try the registry);
#   4. apply a copy of examples/quickstart against the sandbox and show the outputs;
#   5. stop the sandbox and delete everything it made, however the script ends.
#
# Nothing is written to the repository, and no real keys or network are needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

repo=$lib_repo
work=""

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
	else
		printf '\nDemo FAILED (exit status %d); the sandbox is stopped and the temporary files are gone.\n' "$rc" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v go >/dev/null || fail "go is not on PATH"
command -v terraform >/dev/null || fail "terraform is not on PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/vippsmobilepay-demo.XXXXXX")
# Only this demo's settings reach Terraform and the provider: no real credentials or
# environment from the caller's shell, no update checks.
lib_init "$work"
mkdir -p "$work/quickstart"
# Plain output when it goes to a log rather than a terminal.
no_color=()
[[ -t 1 ]] || no_color=(-no-color)

step "Building the provider and the sandbox"
lib_build
echo "built into $work"

step "Starting the sandbox"
lib_start_sandbox
echo "sandbox (pid $lib_sandbox_pid) is listening: VIPPSMOBILEPAY_BASE_URL=$VIPPSMOBILEPAY_BASE_URL"

step "Pointing Terraform at the local provider build (dev_overrides; no terraform init)"
lib_dev_overrides
echo "TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE"

step "Copying examples/quickstart into $work/quickstart"
shopt -s nullglob
tf_files=("$repo"/examples/quickstart/*.tf)
shopt -u nullglob
((${#tf_files[@]} > 0)) || fail "examples/quickstart has no .tf files"
cp -- "${tf_files[@]}" "$work/quickstart/"
ls "$work/quickstart"

step "terraform apply (MSN 123456 in test, verified against the sandbox)"
terraform -chdir="$work/quickstart" apply -auto-approve -input=false "${no_color[@]}"

step "terraform output (secrets are shown as <sensitive>)"
terraform -chdir="$work/quickstart" output "${no_color[@]}"

step "terraform plan: a second run must have nothing to change"
set +e
terraform -chdir="$work/quickstart" plan -detailed-exitcode -input=false "${no_color[@]}" >"$work/plan.log" 2>&1
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
	fail "terraform plan failed (exit status $plan_rc)"
	;;
esac
