#!/usr/bin/env bash
# Builds the pinned kustomize once per machine and prints its path on stdout.
# Idempotent: a cached binary of the right version is reused. `gitops lint`
# finds it at the same path (or via KUSTOMIZE / PATH).
#
#   KUSTOMIZE="$(scripts/install-kustomize.sh)"
set -euo pipefail

version="v5.8.1"
dir="${GITOPS_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gitops-platform}/tools/kustomize-${version}"
bin="${dir}/kustomize"

if [ -x "${bin}" ] && "${bin}" version 2>/dev/null | grep -qF "${version}"; then
  echo "${bin}"
  exit 0
fi

command -v go >/dev/null 2>&1 || { echo "install-kustomize: go is required to build kustomize ${version}" >&2; exit 1; }
echo "install-kustomize: building kustomize ${version} into ${dir}" >&2
mkdir -p "${dir}"
staging="$(mktemp -d "${dir}.XXXXXX")"
trap 'rm -rf "${staging}"' EXIT
# Build into a scratch directory and move into place, so an interrupted build never leaves a broken binary behind.
GOBIN="${staging}" CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath" go install "sigs.k8s.io/kustomize/kustomize/v5@${version}" >&2
mv -f "${staging}/kustomize" "${bin}"
"${bin}" version >&2
echo "${bin}"
