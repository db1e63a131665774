# kube-apiserver for the local lab (the API server; etcd is its storage). Sourced by scripts/toolchain.sh.
TOOL_VERSION="$KUBERNETES_VERSION"
TOOL_BINARIES=(kube-apiserver)
# shellcheck source=../lab-module-binary.sh
source "$DEFS_DIR/lab-module-binary.sh"
kubernetes_binary
