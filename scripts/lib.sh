# Copyright (c) The terraform-provider-vippsmobilepay Authors
# SPDX-License-Identifier: MPL-2.0

# Shared by demo.sh and install-local.sh: install the provider the way `terraform init` finds
# a released one (the implied local mirror), and build, start and stop the sandbox.
#
# Source it, then: lib_init WORKDIR; lib_install_local [MIRROR_DIR]; lib_build_sandbox;
# lib_start_sandbox [flags...]. lib_stop_sandbox stops the sandbox; call it from the script's
# EXIT trap. Contributors who want a build without `terraform init` use dev_overrides (README,
# Development).

readonly LIB_PROVIDER_SOURCE="vippsmobilepay-community/vippsmobilepay"
# The registry hosts a bare source address resolves to: Terraform's and OpenTofu's defaults.
readonly LIB_PROVIDER_HOSTS=(registry.terraform.io registry.opentofu.org)
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
	mkdir -p "$lib_work/sandbox"
	local name
	while IFS= read -r name; do
		unset "$name"
	done < <(compgen -e | grep '^VIPPSMOBILEPAY_' || true)
	export CHECKPOINT_DISABLE=1 TF_INPUT=0
	unset TF_WORKSPACE TF_DATA_DIR
}

lib_build_sandbox() {
	(cd "$lib_repo" && go build -o "$lib_work/sandbox/vippsmobilepay-sandbox" ./cmd/vippsmobilepay-sandbox)
}

# lib_version prints the provider version local installs get: $VERSION, else GNUmakefile's.
lib_version() {
	local v=${VERSION:-}
	[[ -n $v ]] || v=$(sed -n 's/^VERSION[[:space:]]*[?:]*=[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$lib_repo/GNUmakefile" | head -n 1)
	[[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || lib_fail "VERSION must be a semantic version such as 0.1.0, not '$v'"
	printf '%s\n' "$v"
}

# lib_install_local builds the provider as version $(lib_version) and installs it into
# MIRROR_DIR (default ~/.terraform.d/plugins, the directory Terraform and OpenTofu search
# before any registry when the CLI configuration has no provider_installation block) once
# per registry host, in the layout HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/. `terraform init`
# then installs it with no network and writes the dependency lock file, as after a release.
# It prints every file it writes.
lib_install_local() {
	local mirror=${1:-$HOME/.terraform.d/plugins} version os_arch exe host dir
	version=$(lib_version)
	os_arch="$(go env GOOS)_$(go env GOARCH)"
	exe=$(go env GOEXE)
	local build
	build=$(mktemp -d "${TMPDIR:-/tmp}/vippsmobilepay-install.XXXXXX")
	(
		cd "$lib_repo"
		# The flags of `go build` elsewhere (no -trimpath, cgo as configured), so the build
		# cache the tests filled serves it; only the link differs.
		go build -ldflags "-X main.version=$version" -o "$build/terraform-provider-vippsmobilepay_v$version$exe" .
	) || { rm -rf -- "$build"; lib_fail "go build of the provider failed"; }
	for host in "${LIB_PROVIDER_HOSTS[@]}"; do
		dir="$mirror/$host/$LIB_PROVIDER_SOURCE/$version/$os_arch"
		mkdir -p "$dir"
		# Replace, never write into, a binary a running Terraform may have mapped.
		cp -- "$build/terraform-provider-vippsmobilepay_v$version$exe" "$dir/.new$exe"
		mv -f -- "$dir/.new$exe" "$dir/terraform-provider-vippsmobilepay_v$version$exe"
		printf '%s\n' "$dir/terraform-provider-vippsmobilepay_v$version$exe"
	done
	rm -rf -- "$build"
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
