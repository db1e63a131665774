#!/usr/bin/env bash
# Builds promtool (Prometheus' rule tester) from the Go module proxy into a
# versioned cache outside the repository. Idempotent: a cached binary is reused.
set -euo pipefail
version="${PROMTOOL_MODULE_VERSION:-v0.316.0}"
cache="${GITOPS_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gitops-platform}/tools/promtool-$version"
if [ -x "$cache/promtool" ]; then
  echo "$cache/promtool"
  exit 0
fi
command -v go >/dev/null || { echo "install-promtool: Go is required to build promtool (https://go.dev/dl or apt-get install golang)" >&2; exit 1; }
echo "install-promtool: building github.com/prometheus/prometheus/cmd/promtool@$version (several minutes on a cold cache)" >&2
mkdir -p "$cache"
CGO_ENABLED=0 GOFLAGS=-mod=mod GOBIN="$cache" go install "github.com/prometheus/prometheus/cmd/promtool@$version" >&2
echo "$cache/promtool"
