#!/usr/bin/env bash
# Installs moto's S3-compatible server (`moto_server`) into a virtualenv under the
# project's tool cache and prints the path of `moto_server`. The integration tests
# run the S3 state backend against it on 127.0.0.1; nothing talks to AWS.
#
#   bash scripts/install-moto.sh            # install if needed, print the path
#   MOTO_VERSION=5.2.5 bash scripts/install-moto.sh
#
# Idempotent: a complete venv (marked by .complete) is reused; a broken or
# half-finished one is rebuilt. Concurrent runs are serialised with flock.
set -euo pipefail

version="${MOTO_VERSION:-5.2.5}"
cache="${GITOPS_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gitops-platform}"
venv="$cache/moto-$version"
server="$venv/bin/moto_server"
python="${PYTHON:-python3}"

command -v "$python" >/dev/null || { echo "install-moto: $python not found (apt-get install python3 python3-venv)" >&2; exit 1; }
mkdir -p "$cache"

exec 9>"$cache/.moto-$version.lock"
flock 9

if [[ -f "$venv/.complete" && -x "$server" ]] && "$venv/bin/python" -c 'import moto.server' 2>/dev/null; then
  echo "$server"
  exit 0
fi

echo "install-moto: installing moto[server]==$version into $venv" >&2
rm -rf "$venv"
"$python" -m venv "$venv" >&2 || { echo "install-moto: '$python -m venv' failed (apt-get install python3-venv)" >&2; exit 1; }
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "moto[server]==$version" >&2
"$venv/bin/python" -c 'import moto.server' >&2
[[ -x "$server" ]] || { echo "install-moto: $server was not installed" >&2; exit 1; }
touch "$venv/.complete"
echo "$server"
