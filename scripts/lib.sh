# Shared by the scripts that run Terraform against a local sandbox: build the provider and
# the sandbox, start the sandbox on a free port, and point Terraform at the local build through
# a dev_overrides CLI config (never `terraform init`: offline it would try the registry).
#
# Source it, then: lib_init WORKDIR; lib_build; lib_start_sandbox [flags...]; lib_dev_overrides.
# lib_cleanup stops the sandbox; call it from the script's EXIT trap.

readonly LIB_PROVIDER_SOURCE="vippsmobilepay-community/vippsmobilepay"
LIB_SANDBOX_READY_TIMEOUT=${SANDBOX_READY_TIMEOUT:-30}
lib_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lib_work=""
lib_sandbox_pid=""

lib_fail() {
	printf '%s: %s\n' "$(basename "$0")" "$*" >&2
	exit 1
}

# lib_init makes WORKDIR's layout and clears the caller's VIPPSMOBILEPAY_* settings, so only
# the script's own reach Terraform and the provider.
lib_init() {
	lib_work=$1
	mkdir -p "$lib_work/provider" "$lib_work/sandbox"
	local name
	while IFS= read -r name; do
		unset "$name"
	done < <(compgen -e | grep '^VIPPSMOBILEPAY_' || true)
	export CHECKPOINT_DISABLE=1 TF_INPUT=0
	unset TF_WORKSPACE TF_DATA_DIR
}

lib_build() {
	(
		cd "$lib_repo"
		go build -o "$lib_work/provider/terraform-provider-vippsmobilepay" .
		go build -o "$lib_work/sandbox/vippsmobilepay-sandbox" ./cmd/vippsmobilepay-sandbox
	)
}

# lib_start_sandbox starts the sandbox with the given extra flags and exports
# VIPPSMOBILEPAY_BASE_URL from the one line it prints when ready.
lib_start_sandbox() {
	: >"$lib_work/sandbox.out"
	"$lib_work/sandbox/vippsmobilepay-sandbox" -listen 127.0.0.1:0 "$@" >"$lib_work/sandbox.out" 2>"$lib_work/sandbox.log" &
	lib_sandbox_pid=$!
	local base_url="" deadline=$((SECONDS + LIB_SANDBOX_READY_TIMEOUT))
	while [[ -z $base_url ]]; do
		base_url=$(sed -n 's|^VIPPSMOBILEPAY_BASE_URL=\(http://[^[:space:]]*\)$|\1|p;T;q' "$lib_work/sandbox.out" || true)
		[[ -n $base_url ]] && break
		if ! kill -0 "$lib_sandbox_pid" 2>/dev/null; then
			sed 's/^/  sandbox: /' "$lib_work/sandbox.log" >&2 || true
			lib_sandbox_pid=""
			lib_fail "the sandbox exited before it was ready"
		fi
		((SECONDS < deadline)) || lib_fail "the sandbox did not print VIPPSMOBILEPAY_BASE_URL within ${LIB_SANDBOX_READY_TIMEOUT}s"
		sleep 0.1
	done
	export VIPPSMOBILEPAY_BASE_URL="$base_url"
}

# lib_dev_overrides writes the CLI config that makes Terraform use the local provider build.
lib_dev_overrides() {
	cat >"$lib_work/dev.tfrc" <<EOC
provider_installation {
  dev_overrides {
    "$LIB_PROVIDER_SOURCE" = "$lib_work/provider"
  }
  direct {}
}
EOC
	export TF_CLI_CONFIG_FILE="$lib_work/dev.tfrc"
}

# lib_stop_sandbox sends SIGTERM, repeated since a signal sent before the process has started
# can be lost, and SIGKILL after 10 seconds.
lib_stop_sandbox() {
	[[ -n $lib_sandbox_pid ]] || return 0
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$lib_sandbox_pid" 2>/dev/null || break
		((i % 10 == 0)) && { kill -TERM "$lib_sandbox_pid" 2>/dev/null || true; }
		sleep 0.1
	done
	kill -KILL "$lib_sandbox_pid" 2>/dev/null || true
	wait "$lib_sandbox_pid" 2>/dev/null || true
	lib_sandbox_pid=""
}

# lib_admin calls a sandbox admin endpoint: lib_admin METHOD PATH [JSON-BODY].
lib_admin() {
	local method=$1 path=$2 body=${3:-}
	if [[ -n $body ]]; then
		curl -fsS -X "$method" -H 'Content-Type: application/json' --data "$body" "$VIPPSMOBILEPAY_BASE_URL$path"
	else
		curl -fsS -X "$method" "$VIPPSMOBILEPAY_BASE_URL$path"
	fi
}
