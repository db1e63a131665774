#!/usr/bin/env bash
# Builds the pinned actionlint (the GitHub Actions workflow linter) from the Go
# module proxy once per machine and prints its path on stdout. Idempotent: a
# cached binary of the right version is reused. actionlint runs shellcheck on
# `run:` steps by itself when shellcheck is on PATH.
#
#   ACTIONLINT="$(scripts/install-actionlint.sh)"
set -euo pipefail

version="v1.7.12"
dir="${GITOPS_TOOLCHAIN_CACHE:-${HOME}/.cache/gitops-platform}/tools/actionlint-${version}"
bin="${dir}/actionlint"

if [ -x "${bin}" ] && "${bin}" -version 2>/dev/null | grep -qF "${version#v}"; then
  echo "${bin}"
  exit 0
fi

command -v go >/dev/null 2>&1 || { echo "install-actionlint: go is required to build actionlint ${version} (https://go.dev/dl)" >&2; exit 1; }
echo "install-actionlint: building actionlint ${version} into ${dir}" >&2
mkdir -p "${dir}"
staging="$(mktemp -d "${dir}.XXXXXX")"
trap 'rm -rf "${staging}"' EXIT
# Build into a scratch directory and move into place, so an interrupted build never leaves a broken binary behind.
GOBIN="${staging}" CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath" go install "github.com/rhysd/actionlint/cmd/actionlint@${version}" >&2
mv -f "${staging}/actionlint" "${bin}"
echo "${bin}"
