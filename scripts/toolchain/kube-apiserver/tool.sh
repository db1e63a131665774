# kube-apiserver for the local lab (no kubelet, no controllers). Sourced by scripts/toolchain.sh.
TOOL_BINARIES=(kube-apiserver)
# shellcheck source=../kubernetes-binary.sh
source "$DEFS_DIR/kubernetes-binary.sh"
