# kube-scheduler for the local lab: binds pods to the simulated (KWOK) nodes. Sourced by scripts/toolchain.sh.
TOOL_VERSION="$KUBERNETES_VERSION"
TOOL_BINARIES=(kube-scheduler)
# shellcheck source=../lab-module-binary.sh
source "$DEFS_DIR/lab-module-binary.sh"
kubernetes_binary
