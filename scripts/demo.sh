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

readonly SANDBOX_READY_TIMEOUT=${SANDBOX_READY_TIMEOUT:-30} # seconds
readonly PROVIDER_SOURCE="vippsmobilepay-community/vippsmobilepay"

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=""
sandbox_pid=""

step() { printf '\n==> %s\n' "$*"; }
fail() {
	printf 'demo: %s\n' "$*" >&2
	exit 1
}

# stop_sandbox sends SIGTERM (the sandbox shuts down gracefully) and repeats it, since a
# signal sent before the process has started can be lost; SIGKILL after 10 seconds.
stop_sandbox() {
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$sandbox_pid" 2>/dev/null || break
		((i % 10 == 0)) && { kill -TERM "$sandbox_pid" 2>/dev/null || true; }
		sleep 0.1
	done
	kill -KILL "$sandbox_pid" 2>/dev/null || true
	wait "$sandbox_pid" 2>/dev/null || true
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ -n $sandbox_pid ]] && kill -0 "$sandbox_pid" 2>/dev/null; then
		step "Stopping the sandbox (pid $sandbox_pid)"
		stop_sandbox
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
mkdir -p "$work/provider" "$work/sandbox" "$work/quickstart"

# Only this demo's settings reach Terraform and the provider: no real credentials or
# environment from the caller's shell, no update checks.
while IFS= read -r name; do
	unset "$name"
done < <(compgen -e | grep '^VIPPSMOBILEPAY_' || true)
export CHECKPOINT_DISABLE=1 TF_INPUT=0
# Plain output when it goes to a log rather than a terminal.
no_color=()
[[ -t 1 ]] || no_color=(-no-color)
unset TF_WORKSPACE TF_DATA_DIR

step "Building the provider and the sandbox"
(
	cd "$repo"
	go build -o "$work/provider/terraform-provider-vippsmobilepay" .
	go build -o "$work/sandbox/vippsmobilepay-sandbox" ./cmd/vippsmobilepay-sandbox
)
echo "built into $work"

step "Starting the sandbox"
: >"$work/sandbox.out"
"$work/sandbox/vippsmobilepay-sandbox" -listen 127.0.0.1:0 >"$work/sandbox.out" 2>"$work/sandbox.log" &
sandbox_pid=$!

# The sandbox prints exactly one stdout line when it is ready:
#   VIPPSMOBILEPAY_BASE_URL=http://127.0.0.1:PORT
base_url=""
deadline=$((SECONDS + SANDBOX_READY_TIMEOUT))
while [[ -z $base_url ]]; do
	base_url=$(sed -n 's|^VIPPSMOBILEPAY_BASE_URL=\(http://[^[:space:]]*\)$|\1|p;T;q' "$work/sandbox.out" || true)
	[[ -n $base_url ]] && break
	if ! kill -0 "$sandbox_pid" 2>/dev/null; then
		sed 's/^/  sandbox: /' "$work/sandbox.log" >&2 || true
		sandbox_pid=""
		fail "the sandbox exited before it was ready"
	fi
	if ((SECONDS >= deadline)); then
		sed 's/^/  sandbox: /' "$work/sandbox.log" >&2 || true
		fail "the sandbox did not print VIPPSMOBILEPAY_BASE_URL within ${SANDBOX_READY_TIMEOUT}s"
	fi
	sleep 0.1
done
export VIPPSMOBILEPAY_BASE_URL="$base_url"
echo "sandbox (pid $sandbox_pid) is listening: VIPPSMOBILEPAY_BASE_URL=$VIPPSMOBILEPAY_BASE_URL"

step "Pointing Terraform at the local provider build (dev_overrides; no terraform init)"
cat >"$work/dev.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "$PROVIDER_SOURCE" = "$work/provider"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$work/dev.tfrc"
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
