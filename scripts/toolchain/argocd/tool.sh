# Argo CD for the local lab: one multi-call binary (cmd/main.go picks its role from
# ARGOCD_BINARY_NAME or argv[0]); the lab runs it as argocd-application-controller,
# argocd-repo-server and argocd-applicationset-controller. Sourced by scripts/toolchain.sh.
TOOL_VERSION="$ARGOCD_VERSION"
TOOL_BINARIES=(argocd argocd-application-controller argocd-repo-server argocd-applicationset-controller argocd-git-ask-pass git-verify-wrapper.sh gpg-wrapper.sh)
LAB_PACKAGE=github.com/argoproj/argo-cd/v3/cmd
LAB_LDFLAGS="-X github.com/argoproj/argo-cd/v3/common.version=$ARGOCD_VERSION -X github.com/argoproj/argo-cd/v3/common.gitTreeState=clean -X github.com/argoproj/argo-cd/v3/common.buildDate=1970-01-01T00:00:00Z"
# shellcheck source=../lab-module-binary.sh
source "$DEFS_DIR/lab-module-binary.sh"

# The role names are links to the one binary, as in Argo CD's container image.
argocd_role_links() {
  local bin="$1" role
  for role in argocd-application-controller argocd-repo-server argocd-applicationset-controller argocd-git-ask-pass; do ln -sfn argocd "$bin/$role"; done
}

# The image also ships two scripts from hack/ that the repo server runs (it verifies every
# commit with git-verify-wrapper.sh, GnuPG enabled or not): take them from the same release.
ARGOCD_SCRIPTS=(git-verify-wrapper.sh gpg-wrapper.sh)
argocd_scripts_from_module() {
  local bin="$1" dir script
  dir="$(cd "$CACHE/build" && GOFLAGS=-mod=mod go mod download -json "github.com/argoproj/argo-cd/v3@v$TOOL_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" ]] || die "cannot download github.com/argoproj/argo-cd/v3@v$TOOL_VERSION for its hack/ scripts"
  for script in "${ARGOCD_SCRIPTS[@]}"; do install -m 0755 "$dir/hack/$script" "$bin/$script"; done
}

tool_official() {
  local bin="$1"
  official_fetch "https://github.com/argoproj/argo-cd/releases/download/v$TOOL_VERSION/argocd-$OS-$ARCH" "$bin/argocd" || return 1
  chmod +x "$bin/argocd"
  argocd_role_links "$bin"
  local script
  for script in "${ARGOCD_SCRIPTS[@]}"; do
    official_fetch "https://raw.githubusercontent.com/argoproj/argo-cd/v$TOOL_VERSION/hack/$script" "$bin/$script" || return 1
    chmod +x "$bin/$script"
  done
}

tool_build() {
  lab_module_build "$@"
  argocd_role_links "$2"
  argocd_scripts_from_module "$2"
}
