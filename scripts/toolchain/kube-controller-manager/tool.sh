# kube-controller-manager for the local lab. Sourced by scripts/toolchain.sh.
# `gitops lab` needs it so that namespace deletion finalizes, garbage collection runs and
# the `default` ServiceAccount exists. Same k8s.io/kubernetes version, replaces and
# ldflags as kube-apiserver, so after one of them the other mostly hits Go's build cache.
TOOL_VERSION="$KUBERNETES_VERSION"
TOOL_BINARIES=(kube-controller-manager)

tool_find_existing() {
  local p
  p="$(command -v kube-controller-manager 2>/dev/null)" || return 1
  [[ "$("$p" --version 2>/dev/null)" == "Kubernetes v$TOOL_VERSION" ]] || return 1
  dirname "$(readlink -f "$p")"
}

tool_official() {
  local bin="$1"
  official_fetch "https://dl.k8s.io/release/v$TOOL_VERSION/bin/$OS/$ARCH/kube-controller-manager" "$bin/kube-controller-manager"
}

tool_build() {
  local work="$1" bin="$2" v="v$TOOL_VERSION" major minor pkg
  major="${TOOL_VERSION%%.*}"; minor="${TOOL_VERSION#*.}"; minor="${minor%%.*}"
  local ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  go_build "$work" "$bin/kube-controller-manager" k8s.io/kubernetes/cmd/kube-controller-manager -ldflags "$ld"
}
