# kube-controller-manager for the local lab (Deployments, ReplicaSets, ServiceAccounts...). Sourced by scripts/toolchain.sh.
TOOL_VERSION="$KUBERNETES_VERSION"
TOOL_BINARIES=(kube-controller-manager)
# shellcheck source=../lab-module-binary.sh
source "$DEFS_DIR/lab-module-binary.sh"
kubernetes_binary
