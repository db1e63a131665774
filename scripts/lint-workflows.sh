#!/usr/bin/env bash
# Lints .github/workflows/ with actionlint; actionlint runs shellcheck on every
# `run:` step when shellcheck is installed. actionlint comes from $ACTIONLINT,
# else scripts/install-actionlint.sh (built once, cached outside the repository).
# Only bash builtins before actionlint runs, so it behaves the same on a bare PATH.
set -euo pipefail
here="${BASH_SOURCE[0]%/*}"
[ "${here}" != "${BASH_SOURCE[0]}" ] || here=.
cd "${here}/.."

if [ -n "${ACTIONLINT:-}" ]; then
  [ -x "${ACTIONLINT}" ] || { echo "lint-workflows: ACTIONLINT=${ACTIONLINT} is not an executable; unset it to build actionlint with scripts/install-actionlint.sh" >&2; exit 1; }
  actionlint="${ACTIONLINT}"
else
  actionlint="$("${BASH}" scripts/install-actionlint.sh)" || { echo "lint-workflows: actionlint is missing and could not be built; run bash scripts/install-actionlint.sh (needs Go) or set ACTIONLINT to its path" >&2; exit 1; }
fi

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "lint-workflows: shellcheck is not installed, so run: steps are not shell-checked (Debian/Ubuntu: apt-get install shellcheck)" >&2
fi
"${actionlint}" -no-color
echo "lint-workflows: .github/workflows/ passed actionlint" >&2
