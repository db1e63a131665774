# Node.js language host. Sourced by scripts/toolchain.sh.
#
# Upstream moved it into its own, untagged module
# (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), which the Go module
# proxy used here does not serve at any version. sdk/v3 v3.68.0 is the newest served
# release that still contains it (as sdk/v3/nodejs/cmd/pulumi-language-nodejs). The engine
# falls back to the older RPCs it implements (see docs/toolchain.md). An official pulumi
# download ships the matching host next to `pulumi`; that one is preferred.
TOOL_VERSION="$PULUMI_LANGUAGE_NODEJS_VERSION"
TOOL_BINARIES=(pulumi-language-nodejs)

tool_find_existing() {
  # Next to the resolved pulumi (official tarball or a normal install on PATH).
  local d="${RESOLVED[pulumi]:-}"
  if [[ -n "$d" && -x "$d/pulumi-language-nodejs" ]]; then echo "$d"; return 0; fi
  local p
  p="$(command -v pulumi-language-nodejs 2>/dev/null)" || return 1
  local pp
  pp="$(command -v pulumi 2>/dev/null)" || return 1
  # Only trust a host installed beside a pulumi of the pinned version.
  [[ "$(dirname "$(readlink -f "$p")")" == "$(dirname "$(readlink -f "$pp")")" ]] || return 1
  [[ "$("$pp" version 2>/dev/null)" == "v$PULUMI_VERSION" ]] || return 1
  dirname "$(readlink -f "$p")"
}

tool_build() {
  local work="$1" bin="$2"
  go_build "$work" "$bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$TOOL_VERSION"
}
