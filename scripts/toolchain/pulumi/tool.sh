# Pulumi CLI (engine). Sourced by scripts/toolchain.sh.
TOOL_VERSION="$PULUMI_VERSION"
TOOL_BINARIES=(pulumi)

tool_find_existing() {
  local p
  p="$(command -v pulumi 2>/dev/null)" || return 1
  [[ "$("$p" version 2>/dev/null)" == "v$TOOL_VERSION" ]] || return 1
  dirname "$(readlink -f "$p")"
}

# The release tarball also carries the language hosts (pulumi-language-nodejs, ...).
tool_official() {
  local bin="$1" tgz="$CACHE/downloads/pulumi-v$TOOL_VERSION-$OS-$PULUMI_ARCH.tar.gz"
  [[ -f "$tgz" ]] || official_fetch "https://get.pulumi.com/releases/sdk/pulumi-v$TOOL_VERSION-$OS-$PULUMI_ARCH.tar.gz" "$tgz" || return 1
  tar -xzf "$tgz" -C "$bin" --strip-components=1
}

# Wrapper module: go.mod pins pkg/v3 and sdk/v3 to the release (upstream replaces sdk by
# path) and copies upstream's clipboard replace.
tool_build() {
  local work="$1" bin="$2"
  go_build "$work" "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$TOOL_VERSION"
}
