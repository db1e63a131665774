# KWOK for the local lab: simulated nodes and pod lifecycle (the lab has no kubelet), so
# Deployments become Available and Argo CD's health means something. Sourced by scripts/toolchain.sh.
TOOL_VERSION="$KWOK_VERSION"
TOOL_BINARIES=(kwok)
LAB_PACKAGE=sigs.k8s.io/kwok/cmd/kwok
LAB_LDFLAGS="-X sigs.k8s.io/kwok/pkg/consts.Version=v$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=v$KUBERNETES_VERSION"
# shellcheck source=../lab-module-binary.sh
source "$DEFS_DIR/lab-module-binary.sh"

tool_official() {
  official_fetch "https://github.com/kubernetes-sigs/kwok/releases/download/v$TOOL_VERSION/kwok-$OS-$ARCH" "$1/kwok"
}

tool_build() { lab_module_build "$@"; }
