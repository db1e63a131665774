# kube-controller-manager for the local lab. Sourced by scripts/toolchain.sh.
# `gitops lab` needs it so that namespace deletion finalizes, garbage collection runs and
# the `default` ServiceAccount exists.
TOOL_BINARIES=(kube-controller-manager)
# shellcheck source=../kubernetes-binary.sh
source "$DEFS_DIR/kubernetes-binary.sh"
