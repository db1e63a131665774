#!/usr/bin/env bash
# Copies upstream manifests that ship inside Go modules into the cache, for the offline lab:
#   - Argo CD's install manifests (argocd.install: manifests in Pulumi.local.yaml);
#   - the External Secrets CRDs, so the lab API server validates ExternalSecrets for real.
# Chart repositories are unreachable offline; the Go module proxy is not. Idempotent; prints
# the Argo CD manifests directory.
set -euo pipefail
argocd_version="${ARGOCD_VERSION:-v3.5.7}"
eso_version="${EXTERNAL_SECRETS_MODULE_VERSION:-v0.16.2}"
cache="${GITOPS_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gitops-platform}"

module_dir() {
  command -v go >/dev/null || { echo "fetch-upstream-manifests: Go is required (it fetches $1 from the module proxy)" >&2; exit 1; }
  echo "fetch-upstream-manifests: downloading $1" >&2
  (cd /tmp && GOFLAGS=-mod=mod go mod download -json "$1" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
}

# copy <target dir> <source file or dir>...: atomically, so a half-copied tree is never used.
copy() {
  local target="$1"; shift
  rm -rf "$target.tmp" && mkdir -p "$target.tmp"
  cp -r "$@" "$target.tmp/"
  chmod -R u+w "$target.tmp"
  rm -rf "$target" && mv "$target.tmp" "$target"
}

argocd="$cache/argocd-$argocd_version/manifests"
if [ ! -f "$argocd/install.yaml" ]; then
  dir=$(module_dir "github.com/argoproj/argo-cd/v3@$argocd_version")
  copy "$argocd" "$dir/manifests/install.yaml" "$dir/manifests/crds"
fi

eso="$cache/external-secrets-$eso_version/crds"
if [ ! -f "$eso/external-secrets.io_externalsecrets.yaml" ]; then
  dir=$(module_dir "github.com/external-secrets/external-secrets@$eso_version")
  copy "$eso" "$dir"/config/crds/bases/external-secrets.io_*.yaml
fi

echo "$argocd"
