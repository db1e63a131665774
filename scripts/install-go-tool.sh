#!/usr/bin/env bash
# Builds one pinned Go tool from the module proxy into the toolchain cache, once per machine,
# and prints its path on stdout. Idempotent: a cached binary is reused (checked with its own
# version command when one is given). The build goes to a scratch directory first, so an
# interrupted build never leaves a broken binary behind. Used by install-kustomize.sh,
# install-actionlint.sh and install-promtool.sh.
#
#   install-go-tool.sh NAME PACKAGE VERSION [VERSION-ARG [PRINTED-VERSION]]
set -euo pipefail
name="$1" package="$2" version="$3" version_arg="${4:-}" printed="${5:-$3}"
dir="${GITOPS_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gitops-platform}/tools/${name}-${version}"
bin="${dir}/${name}"

if [ -x "${bin}" ] && { [ -z "${version_arg}" ] || "${bin}" "${version_arg}" 2>/dev/null | grep -qF "${printed}"; }; then
  echo "${bin}"
  exit 0
fi

command -v go >/dev/null 2>&1 || { echo "install-${name}: go is required to build ${name} ${version} (https://go.dev/dl)" >&2; exit 1; }
echo "install-${name}: building ${package}@${version} into ${dir} (minutes on a cold Go cache)" >&2
mkdir -p "${dir}"
staging="$(mktemp -d "${dir}.XXXXXX")"
trap 'rm -rf "${staging}"' EXIT
GOBIN="${staging}" CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath" go install "${package}@${version}" >&2
mv -f "${staging}/${name}" "${bin}"
echo "${bin}"
