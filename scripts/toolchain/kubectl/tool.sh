# kubectl, for the commands `npm start` prints and for users of the lab. Sourced by scripts/toolchain.sh.
TOOL_VERSION="$KUBERNETES_VERSION"
TOOL_BINARIES=(kubectl)
# shellcheck source=../lab-module-binary.sh
source "$DEFS_DIR/lab-module-binary.sh"
kubernetes_binary
