# Argo CD for the local lab: one multi-call binary (cmd/main.go picks its role from
# ARGOCD_BINARY_NAME or argv[0]); the lab runs it as argocd-application-controller,
# argocd-repo-server and argocd-applicationset-controller. Sourced by scripts/toolchain.sh.
TOOL_VERSION="$ARGOCD_VERSION"
TOOL_BINARIES=(argocd argocd-application-controller argocd-repo-server argocd-applicationset-controller argocd-git-ask-pass)
LAB_PACKAGE=github.com/argoproj/argo-cd/v3/cmd
LAB_LDFLAGS="-X github.com/argoproj/argo-cd/v3/common.version=$ARGOCD_VERSION -X github.com/argoproj/argo-cd/v3/common.gitTreeState=clean -X github.com/argoproj/argo-cd/v3/common.buildDate=1970-01-01T00:00:00Z"
# shellcheck source=../lab-module-binary.sh
source "$DEFS_DIR/lab-module-binary.sh"

# The role names are links to the one binary, as in Argo CD's container image.
argocd_role_links() {
  local bin="$1" role
  for role in "${TOOL_BINARIES[@]:1}"; do ln -sfn argocd "$bin/$role"; done
}

tool_official() {
  local bin="$1"
  official_fetch "https://github.com/argoproj/argo-cd/releases/download/v$TOOL_VERSION/argocd-$OS-$ARCH" "$bin/argocd" || return 1
  chmod +x "$bin/argocd"
  argocd_role_links "$bin"
}

tool_build() {
  lab_module_build "$@"
  argocd_role_links "$2"
}
