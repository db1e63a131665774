# kube-apiserver for the local lab (no kubelet, no controllers). Sourced by scripts/toolchain.sh.
TOOL_VERSION="$KUBERNETES_VERSION"
TOOL_BINARIES=(kube-apiserver)

tool_find_existing() {
  local p
  p="$(command -v kube-apiserver 2>/dev/null)" || return 1
  [[ "$("$p" --version 2>/dev/null)" == "Kubernetes v$TOOL_VERSION" ]] || return 1
  dirname "$(readlink -f "$p")"
}

tool_official() {
  local bin="$1"
  official_fetch "https://dl.k8s.io/release/v$TOOL_VERSION/bin/$OS/$ARCH/kube-apiserver" "$bin/kube-apiserver"
}

# k8s.io/kubernetes replaces every staging module by path (=> ./staging/src/k8s.io/x):
# go.mod here replaces each with the published k8s.io/x v0.<minor>.<patch>.
tool_build() {
  local work="$1" bin="$2" v="v$TOOL_VERSION" major minor pkg
  major="${TOOL_VERSION%%.*}"; minor="${TOOL_VERSION#*.}"; minor="${minor%%.*}"
  local ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  go_build "$work" "$bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver -ldflags "$ld"
}
