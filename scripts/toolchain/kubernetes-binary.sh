# One binary of k8s.io/kubernetes for the local lab, built the same way for every binary.
# Sourced by scripts/toolchain/<binary>/tool.sh after it sets TOOL_BINARIES=(<binary>).
#
# k8s.io/kubernetes replaces every staging module by path (=> ./staging/src/k8s.io/x): each
# binary's go.mod replaces them with the published k8s.io/x v0.<minor>.<patch>. The binaries
# share version, replaces and ldflags, so after one of them the next mostly hits Go's build cache.
TOOL_VERSION="$KUBERNETES_VERSION"

tool_find_existing() {
  local p
  p="$(command -v "${TOOL_BINARIES[0]}" 2>/dev/null)" || return 1
  [[ "$("$p" --version 2>/dev/null)" == "Kubernetes v$TOOL_VERSION" ]] || return 1
  dirname "$(readlink -f "$p")"
}

tool_official() {
  local bin="$1" name="${TOOL_BINARIES[0]}"
  official_fetch "https://dl.k8s.io/release/v$TOOL_VERSION/bin/$OS/$ARCH/$name" "$bin/$name"
}

tool_build() {
  local work="$1" bin="$2" name="${TOOL_BINARIES[0]}" v="v$TOOL_VERSION" major minor pkg
  major="${TOOL_VERSION%%.*}"; minor="${TOOL_VERSION#*.}"; minor="${minor%%.*}"
  local ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  go_build "$work" "$bin/$name" "k8s.io/kubernetes/cmd/$name" -ldflags "$ld"
}
