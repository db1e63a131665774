#!/usr/bin/env bash
# Builds promtool (Prometheus' rule tester) once per machine and prints its path on stdout
# (scripts/install-go-tool.sh). Its module version (v0.x) is not the version it prints, so the
# cached binary is recognised by its versioned directory alone.
set -euo pipefail
GOFLAGS="${GOFLAGS:-} -mod=mod" exec "${BASH}" "${BASH_SOURCE[0]%/*}/install-go-tool.sh" \
  promtool github.com/prometheus/prometheus/cmd/promtool "${PROMTOOL_MODULE_VERSION:-v0.316.0}"
