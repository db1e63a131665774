# Builds one binary of the lab's shared module graph (lab-modules/go.mod): kube-apiserver,
# kube-controller-manager, kube-scheduler, argocd, kwok, helm. Sourced by
# scripts/toolchain/<binary>/tool.sh after it sets TOOL_VERSION, TOOL_BINARIES and LAB_PACKAGE
# (and optionally LAB_LDFLAGS).
#
# Every binary is built from the same go.mod, with the same flags, so Go's build cache is
# shared: the k8s.io modules (and most of the rest) compile once for all six.

# lab_module_build WORKDIR BINDIR: the wrapper module is lab-modules/, copied into WORKDIR.
lab_module_build() {
  local work="$1" bin="$2" name="${TOOL_BINARIES[0]}"
  cp "$DEFS_DIR/lab-modules/go.mod" "$DEFS_DIR/lab-modules/go.sum" "$DEFS_DIR/lab-modules/tools.go" "$work/"
  go_build "$work" "$bin/$name" "$LAB_PACKAGE" -ldflags "-s -w ${LAB_LDFLAGS:-}"
}

# Kubernetes' own binaries report their version through component-base.
kubernetes_ldflags() {
  local v="v$KUBERNETES_VERSION" major minor pkg ld=""
  major="${KUBERNETES_VERSION%%.*}"; minor="${KUBERNETES_VERSION#*.}"; minor="${minor%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "$ld"
}

# A Kubernetes control-plane binary: official download from dl.k8s.io, else the build.
kubernetes_binary() {
  LAB_PACKAGE="k8s.io/kubernetes/cmd/${TOOL_BINARIES[0]}"
  LAB_LDFLAGS="$(kubernetes_ldflags)"
  tool_find_existing() {
    local p
    p="$(command -v "${TOOL_BINARIES[0]}" 2>/dev/null)" || return 1
    [[ "$("$p" --version 2>/dev/null)" == "Kubernetes v$TOOL_VERSION" ]] || return 1
    dirname "$(readlink -f "$p")"
  }
  tool_official() {
    local name="${TOOL_BINARIES[0]}"
    official_fetch "https://dl.k8s.io/release/v$TOOL_VERSION/bin/$OS/$ARCH/$name" "$1/$name"
  }
  tool_build() { lab_module_build "$@"; }
}
