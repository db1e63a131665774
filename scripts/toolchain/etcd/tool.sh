# etcd for the local lab (kube-apiserver's storage). Sourced by scripts/toolchain.sh.
# Debian's etcd-server is 3.4, too old for current Kubernetes. The `etcd` command's
# module (go.etcd.io/etcd/v3) is not served; its main only calls etcdmain.Main, so the
# wrapper's main.go does the same with server/v3 and its siblings pinned to one version.
TOOL_VERSION="$ETCD_VERSION"
TOOL_BINARIES=(etcd)

tool_find_existing() {
  local p
  p="$(command -v etcd 2>/dev/null)" || return 1
  "$p" --version 2>/dev/null | grep -qx "etcd Version: $TOOL_VERSION" || return 1
  dirname "$(readlink -f "$p")"
}

tool_official() {
  local bin="$1" name="etcd-v$TOOL_VERSION-$OS-$ARCH" tgz
  tgz="$CACHE/downloads/$name.tar.gz"
  [[ "$OS" == linux ]] || return 1
  [[ -f "$tgz" ]] || official_fetch "https://github.com/etcd-io/etcd/releases/download/v$TOOL_VERSION/$name.tar.gz" "$tgz" || return 1
  tar -xzf "$tgz" -C "$bin" --strip-components=1 "$name/etcd"
}

tool_build() {
  local work="$1" bin="$2"
  # etcd's version is a constant in api/v3/version; GitSHA only labels the build.
  go_build "$work" "$bin/etcd" . -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=gitops-platform-toolchain"
}
