# Helm v4 (Argo CD 3.5 renders Helm sources with Helm v4 only): on the repo server's PATH
# in the lab, and used by `gitops lint` to render in-repo charts. Sourced by scripts/toolchain.sh.
TOOL_VERSION="$HELM_VERSION"
TOOL_BINARIES=(helm)
LAB_PACKAGE=helm.sh/helm/v4/cmd/helm
LAB_LDFLAGS="-X helm.sh/helm/v4/internal/version.version=v$HELM_VERSION -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
# shellcheck source=../lab-module-binary.sh
source "$DEFS_DIR/lab-module-binary.sh"

tool_find_existing() {
  local p
  p="$(command -v helm 2>/dev/null)" || return 1
  [[ "$("$p" version --template '{{.Version}}' 2>/dev/null)" == "v$TOOL_VERSION" ]] || return 1
  dirname "$(readlink -f "$p")"
}

tool_official() {
  local bin="$1" tgz="$CACHE/downloads/helm-v$TOOL_VERSION-$OS-$ARCH.tar.gz"
  [[ -f "$tgz" ]] || official_fetch "https://get.helm.sh/helm-v$TOOL_VERSION-$OS-$ARCH.tar.gz" "$tgz" || return 1
  tar -xzf "$tgz" -C "$bin" --strip-components=1 "$OS-$ARCH/helm"
}

tool_build() { lab_module_build "$@"; }
