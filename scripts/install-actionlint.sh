#!/usr/bin/env bash
# Builds the pinned actionlint (the GitHub Actions workflow linter) from the Go
# module proxy once per machine and prints its path on stdout. Idempotent: a
# cached binary of the right version is reused (scripts/install-go-tool.sh). actionlint runs shellcheck on
# `run:` steps by itself when shellcheck is on PATH.
#
#   ACTIONLINT="$(scripts/install-actionlint.sh)"
set -euo pipefail
exec "${BASH}" "${BASH_SOURCE[0]%/*}/install-go-tool.sh" actionlint github.com/rhysd/actionlint/cmd/actionlint v1.7.12 -version 1.7.12
