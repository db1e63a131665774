#!/usr/bin/env bash
# Copies Argo CD's upstream install manifests (part of its Go module) into the cache, for the
# offline lab's `argocd.install: manifests`. Chart repositories are unreachable offline; the Go
# module proxy is not. Idempotent; prints the manifests directory.
set -euo pipefail
version="${ARGOCD_VERSION:-v3.5.7}"
cache="${GITOPS_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gitops-platform}"
target="$cache/argocd-$version/manifests"
if [ -f "$target/install.yaml" ]; then
  echo "$target"
  exit 0
fi
command -v go >/dev/null || { echo "fetch-argocd-manifests: Go is required (it fetches github.com/argoproj/argo-cd/v3@$version from the module proxy)" >&2; exit 1; }
echo "fetch-argocd-manifests: downloading github.com/argoproj/argo-cd/v3@$version" >&2
dir=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/argoproj/argo-cd/v3@$version" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
[ -f "$dir/manifests/install.yaml" ] || { echo "fetch-argocd-manifests: $dir/manifests/install.yaml not found" >&2; exit 1; }
mkdir -p "$target.tmp"
cp "$dir/manifests/install.yaml" "$target.tmp/"
cp -r "$dir/manifests/crds" "$target.tmp/"
chmod -R u+w "$target.tmp"
rm -rf "$target" && mv "$target.tmp" "$target"
echo "$target"
