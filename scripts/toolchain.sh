#!/usr/bin/env bash
# Provides the binaries the platform's tests and the local lab need, offline if need be:
#   pulumi, pulumi-language-nodejs, pulumi-resource-random, pulumi-resource-kubernetes
#   and, with --lab, the local lab's etcd, kube-apiserver, kube-controller-manager,
#   kube-scheduler, kubectl, KWOK, Argo CD and Helm.
#
# For each binary, in this order:
#   1. a binary already in the cache (or on PATH / in ~/.pulumi/plugins) at the pinned version;
#   2. the official release download, if the network allows it (probed with a 5 s limit);
#   3. a build from the Go module proxy (CGO_ENABLED=0), in a throwaway wrapper module
#      defined in scripts/toolchain/<binary>/.
# Versions are pinned in scripts/toolchain/versions.env. Results go to
# ${GITOPS_TOOLCHAIN_CACHE:-~/.cache/gitops-platform}/<binary>-<version>/bin, never into the
# repository. The resolved paths are written to <cache>/toolchain.env. See docs/toolchain.md.
set -euo pipefail
# The braces make bash read the whole script before running it, so editing the file while a
# long build runs cannot change what that run executes.
{

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEFS_DIR="$SCRIPT_DIR/toolchain"

usage() {
  cat <<'EOF'
Usage: bash scripts/toolchain.sh [--lab] [--print-env | --json] [--only NAME]... [--offline] [--rebuild NAME]

Provides the Pulumi engine, the Node.js language host and the random and kubernetes
providers (and the lab's binaries with --lab) in the user cache, then writes
<cache>/toolchain.env.

  --lab           also provide the local lab's binaries (etcd, kube-apiserver,
                  kube-controller-manager, kube-scheduler, kubectl, kwok, argocd, helm)
  --print-env     print `export ...` lines on stdout (progress stays on stderr):
                    eval "$(bash scripts/toolchain.sh --print-env)"
  --json          print the resolved paths as JSON on stdout
  --only NAME     provide only this binary (repeatable); names as in scripts/toolchain/
  --offline       skip the official-download probes (same as GITOPS_TOOLCHAIN_OFFLINE=1)
  --rebuild NAME  drop NAME's cached copy first and provide it again
  -h, --help      this help

Environment: GITOPS_TOOLCHAIN_CACHE (default ~/.cache/gitops-platform), GOPROXY, GOFLAGS.
EOF
}

LAB=0
OUTPUT=none
OFFLINE="${GITOPS_TOOLCHAIN_OFFLINE:-0}"
ONLY=()
REBUILD=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --lab) LAB=1 ;;
    --print-env) OUTPUT=env ;;
    --json) OUTPUT=json ;;
    --offline) OFFLINE=1 ;;
    --only) [[ $# -ge 2 ]] || { echo "toolchain: --only needs a name" >&2; exit 2; }; ONLY+=("$2"); shift ;;
    --rebuild) [[ $# -ge 2 ]] || { echo "toolchain: --rebuild needs a name" >&2; exit 2; }; REBUILD+=("$2"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "toolchain: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=toolchain/versions.env
source "$DEFS_DIR/versions.env"

CACHE="${GITOPS_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gitops-platform}"
PULUMI_HOME_DIR="$CACHE/pulumi-home"
mkdir -p "$CACHE/build" "$CACHE/downloads" "$PULUMI_HOME_DIR"

START_TS=$(date +%s)
# A reader that goes away (e.g. `| head`) must not kill a long build half-way.
trap '' PIPE
log() { printf '[toolchain %4ss] %s\n' "$(( $(date +%s) - START_TS ))" "$*" >&2 2>/dev/null || true; }
die() {
  printf 'toolchain: error: %s\n' "$1" >&2
  shift
  local line
  for line in "$@"; do printf '  %s\n' "$line" >&2; done
  exit 1
}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) OS=linux ARCH=amd64 PULUMI_ARCH=x64 ;;
  Linux-aarch64|Linux-arm64) OS=linux ARCH=arm64 PULUMI_ARCH=arm64 ;;
  Darwin-x86_64) OS=darwin ARCH=amd64 PULUMI_ARCH=x64 ;;
  Darwin-arm64) OS=darwin ARCH=arm64 PULUMI_ARCH=arm64 ;;
  *) die "unsupported platform $(uname -s)-$(uname -m)" "Put the binaries on PATH yourself; see docs/toolchain.md." ;;
esac

# ---------------------------------------------------------------------------
# Helpers used by the definitions in scripts/toolchain/<name>/tool.sh
# ---------------------------------------------------------------------------

# official_fetch URL DEST: quick probe (5 s), then the download. Non-zero when the
# network does not allow it; never hangs.
official_fetch() {
  local url="$1" dest="$2"
  [[ "$OFFLINE" == 1 ]] && return 1
  command -v curl >/dev/null 2>&1 || return 1
  if ! curl -fsSL --max-time 5 -r 0-0 -o /dev/null "$url" 2>/dev/null; then
    log "official download not reachable (5 s probe): $url"
    return 1
  fi
  log "downloading $url"
  curl -fsSL --connect-timeout 5 --speed-limit 20000 --speed-time 30 --max-time 1800 -o "$dest.part" "$url" &&
    mv "$dest.part" "$dest"
}

GO_CHECKED=0
require_go() {
  [[ "$GO_CHECKED" == 1 ]] && return 0
  command -v go >/dev/null 2>&1 || die "Go is needed to build $1 from the Go module proxy, and no 'go' is on PATH." \
    "Install Go >= 1.26 (https://go.dev/dl/), or put a prebuilt $1 on PATH, then run again."
  # The proxy must answer before we start a long build (a dead network fails fast here).
  local proxy
  proxy="$(go env GOPROXY)"; proxy="${proxy%%,*}"; proxy="${proxy%%|*}"
  if [[ "$proxy" == off ]]; then
    log "GOPROXY=off: building from the module cache only"
  elif [[ "$proxy" == direct ]]; then
    :
  elif [[ "${GITOPS_TOOLCHAIN_SKIP_PROXY_PROBE:-0}" != 1 ]] &&
       ! curl -fsS --max-time 15 -o /dev/null "$proxy/github.com/pulumi/pulumi/sdk/v3/@v/v$PULUMI_VERSION.info"; then
    die "the Go module proxy ($proxy) did not answer within 15 s; $1 cannot be built." \
      "Check GOPROXY / the network, or put a prebuilt $1 on PATH and run again." \
      "(GITOPS_TOOLCHAIN_SKIP_PROXY_PROBE=1 skips this check, e.g. with a warm module cache.)"
  fi
  GO_CHECKED=1
}

# go_build WORKDIR OUTPUT PACKAGE [go build flags...]: runs in the background, logs to
# $BUILD_LOG, prints progress every $GITOPS_TOOLCHAIN_PROGRESS_SECONDS (30) s, shows the log
# tail on failure.
PROGRESS_SECONDS="${GITOPS_TOOLCHAIN_PROGRESS_SECONDS:-30}"
go_build() {
  local dir="$1" out="$2" pkg="$3"; shift 3
  log "go build $pkg -> $out (log: $BUILD_LOG)"
  ( cd "$dir" && CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--buildvcs=false}" \
      exec go build -trimpath -mod=mod -o "$out" "$@" "$pkg" ) >>"$BUILD_LOG" 2>&1 &
  local pid=$! t0=$SECONDS
  BUILD_PID=$pid
  while kill -0 "$pid" 2>/dev/null; do
    sleep 2
    if (( (SECONDS - t0) % PROGRESS_SECONDS < 2 && SECONDS - t0 >= PROGRESS_SECONDS )); then
      # A quiet build leaves the log empty: grep then fails, which must not end the run.
      local last; last="$(grep -v '^[[:space:]]*$' "$BUILD_LOG" 2>/dev/null | tail -n 1 | cut -c1-100 || true)"
      log "  ... still building $(basename "$out") ($(( SECONDS - t0 )) s elapsed${last:+; last log line: $last})"
      sleep 2
    fi
  done
  if ! wait "$pid"; then
    tail -n 30 "$BUILD_LOG" >&2 || true
    die "building $(basename "$out") failed (full log: $BUILD_LOG)." \
      "A '403 Forbidden' or 'not available' line means the Go module proxy does not serve a pinned version:" \
      "change it in scripts/toolchain/ (see docs/toolchain.md), or put a prebuilt binary on PATH."
  fi
  BUILD_PID=""
  log "built $(basename "$out") in $(( SECONDS - t0 )) s"
}
# An interrupted run stops its build instead of leaving it running.
BUILD_PID=""
trap '[[ -n "$BUILD_PID" ]] && kill "$BUILD_PID" 2>/dev/null; exit 130' INT TERM
# No exit is silent: a command that fails where no check expected it (set -e) is named, with
# the build log's tail, before the script ends.
on_unexpected_failure() {
  local rc="$1" line="$2" cmd="$3"
  trap - ERR
  [[ -n "$BUILD_PID" ]] && kill "$BUILD_PID" 2>/dev/null
  printf 'toolchain: error: unexpected failure (exit %s) at scripts/toolchain.sh line %s: %s\n' "$rc" "$line" "$cmd" >&2
  if [[ -n "${BUILD_LOG:-}" && -s "$BUILD_LOG" ]]; then
    printf '  last lines of %s:\n' "$BUILD_LOG" >&2
    tail -n 15 "$BUILD_LOG" | sed 's/^/    /' >&2
  fi
  printf '  This is a bug in the toolchain script; run again with GITOPS_TOOLCHAIN_TRACE=1 and report the output.\n' >&2
  exit "$rc"
}
set -o errtrace
trap 'on_unexpected_failure $? $LINENO "$BASH_COMMAND"' ERR
[[ "${GITOPS_TOOLCHAIN_TRACE:-0}" == 1 ]] && set -x
trap '[[ -n "$BUILD_PID" ]] && kill "$BUILD_PID" 2>/dev/null || true' EXIT

# run_logged CMD...: a short build step, logged; fails with the log tail.
run_logged() {
  if ! "$@" >>"$BUILD_LOG" 2>&1; then
    tail -n 30 "$BUILD_LOG" >&2 || true
    die "step failed: $* (full log: $BUILD_LOG)"
  fi
}

# ---------------------------------------------------------------------------
# Resolution of one binary set
# ---------------------------------------------------------------------------
declare -A RESOLVED=()   # name -> directory holding its binaries
declare -A SOURCE=()     # name -> cache | existing | official | built
declare -A MAINBIN=()    # name -> its first binary's file name

# Functions and variables a definition may set; reset before sourcing each one.
reset_def() {
  TOOL_VERSION="" TOOL_BINARIES=()
  unset -f tool_find_existing tool_official tool_build 2>/dev/null || true
}

provide() {
  local name="$1" def="$DEFS_DIR/$1/tool.sh"
  [[ -f "$def" ]] || die "no definition for '$name' (expected $def)"
  reset_def
  # shellcheck source=/dev/null
  source "$def"
  local dest="$CACHE/$name-$TOOL_VERSION"
  local stamp="$dest/.complete"
  MAINBIN[$name]="${TOOL_BINARIES[0]}"

  local r
  for r in "${REBUILD[@]}"; do
    [[ "$r" == "$name" ]] && { log "$name: --rebuild, dropping $dest"; rm -rf "$dest"; }
  done

  # 1. cache
  if [[ -f "$stamp" ]] && all_present "$dest/bin"; then
    RESOLVED[$name]="$dest/bin"; SOURCE[$name]="cache:$(cat "$stamp")"
    log "$name $TOOL_VERSION: cached ($dest/bin)"
    return
  fi
  # 1b. already installed elsewhere (PATH, ~/.pulumi/plugins) at the pinned version
  if declare -F tool_find_existing >/dev/null; then
    local found
    if found="$(tool_find_existing)" && [[ -n "$found" ]] && all_present "$found"; then
      RESOLVED[$name]="$found"; SOURCE[$name]="existing"
      log "$name $TOOL_VERSION: using existing $found"
      return
    fi
  fi

  # Serialise concurrent runs for the same binary.
  exec {lockfd}>"$CACHE/.lock-$name-$TOOL_VERSION"
  if ! flock -n "$lockfd"; then
    log "$name: another toolchain run is providing it; waiting (up to 60 min)"
    flock -w 3600 "$lockfd" || die "timed out waiting for the lock $CACHE/.lock-$name-$TOOL_VERSION"
    if [[ -f "$stamp" ]] && all_present "$dest/bin"; then
      RESOLVED[$name]="$dest/bin"; SOURCE[$name]="cache:$(cat "$stamp")"
      exec {lockfd}>&-
      return
    fi
  fi

  # Leftovers of interrupted runs (their process is gone) are dropped.
  local stale
  for stale in "$dest".tmp.*; do
    [[ -d "$stale" ]] && ! kill -0 "${stale##*.tmp.}" 2>/dev/null && rm -rf "$stale"
  done
  local tmp="$dest.tmp.$$"
  rm -rf "$tmp"; mkdir -p "$tmp/bin"
  BUILD_LOG="$CACHE/build/$name-$TOOL_VERSION.log"
  : >"$BUILD_LOG"

  # 2. official download
  local how=""
  if declare -F tool_official >/dev/null && tool_official "$tmp/bin" && all_present "$tmp/bin"; then
    how="official"
  else
    # 3. build from the Go module proxy
    require_go "$name"
    local work="$CACHE/build/$name-$TOOL_VERSION"
    rm -rf "$work"; mkdir -p "$work"
    cp -R "$DEFS_DIR/$name/." "$work/"
    rm -f "$work/tool.sh"
    log "$name $TOOL_VERSION: building from the Go module proxy (slow on a cold cache)"
    local t0=$SECONDS
    tool_build "$work" "$tmp/bin"
    all_present "$tmp/bin" || die "$name: the build finished but did not produce: ${TOOL_BINARIES[*]}"
    how="built in $(( SECONDS - t0 )) s with $(go env GOVERSION)"
  fi
  chmod +x "$tmp/bin"/* 2>/dev/null || true
  echo "$how $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$tmp/.complete"
  rm -rf "$dest"; mv "$tmp" "$dest"
  exec {lockfd}>&-
  RESOLVED[$name]="$dest/bin"; SOURCE[$name]="$how"
  log "$name $TOOL_VERSION: ready ($how) in $dest/bin"
}

# For toolchain.env: a binary set some earlier run already put in the cache (no build).
lookup_cached() {
  local name="$1" def="$DEFS_DIR/$1/tool.sh"
  [[ -f "$def" && -z "${RESOLVED[$name]:-}" ]] || return 0
  reset_def
  # shellcheck source=/dev/null
  source "$def"
  local dest="$CACHE/$name-$TOOL_VERSION"
  if [[ -f "$dest/.complete" ]] && all_present "$dest/bin"; then
    RESOLVED[$name]="$dest/bin"; SOURCE[$name]="cache:$(cat "$dest/.complete")"; MAINBIN[$name]="${TOOL_BINARIES[0]}"
  fi
}

all_present() {
  local dir="$1" b
  for b in "${TOOL_BINARIES[@]}"; do [[ -x "$dir/$b" ]] || return 1; done
}

# Installs a resource provider binary into PULUMI_HOME at the version the SDK asks for.
install_plugin() {
  local kind="$1" name="$2" version="$3" binary="$4"
  local pdir="$PULUMI_HOME_DIR/plugins/$kind-$name-v$version"
  if [[ -x "$pdir/pulumi-$kind-$name" && ! -e "$pdir.partial" ]] &&
     cmp -s "$pdir/pulumi-$kind-$name" "$binary"; then
    return
  fi
  log "installing plugin $kind $name $version into $PULUMI_HOME_DIR"
  PULUMI_HOME="$PULUMI_HOME_DIR" PULUMI_SKIP_UPDATE_CHECK=true \
    "${RESOLVED[pulumi]}/pulumi" plugin install "$kind" "$name" "$version" --file "$binary" --reinstall >&2 ||
    die "pulumi plugin install $kind $name $version --file $binary failed"
}

# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
ENGINE_TOOLS=(pulumi pulumi-language-nodejs pulumi-resource-random pulumi-resource-kubernetes)
LAB_TOOLS=()
for t in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok argocd helm; do
  [[ -f "$DEFS_DIR/$t/tool.sh" ]] && LAB_TOOLS+=("$t")
done
TOOLS=("${ENGINE_TOOLS[@]}")
[[ "$LAB" == 1 ]] && TOOLS+=("${LAB_TOOLS[@]}")
if [[ ${#ONLY[@]} -gt 0 ]]; then
  TOOLS=("${ONLY[@]}")
fi

for t in "${TOOLS[@]}"; do provide "$t"; done
# toolchain.env also lists what earlier runs left in the cache at the pinned versions.
for d in "$DEFS_DIR"/*/; do lookup_cached "$(basename "$d")"; done

# The engine looks for the language host next to the real (symlink-resolved) `pulumi`
# binary before PATH (where it warns "using pulumi-language-nodejs from $PATH").
if [[ -n "${RESOLVED[pulumi]:-}" && -n "${RESOLVED[pulumi-language-nodejs]:-}" &&
      "${RESOLVED[pulumi]}" == "$CACHE"/* && ! -e "${RESOLVED[pulumi]}/pulumi-language-nodejs" ]]; then
  ln -sfn "${RESOLVED[pulumi-language-nodejs]}/pulumi-language-nodejs" "${RESOLVED[pulumi]}/pulumi-language-nodejs"
fi

# One directory to prepend to PATH, with every binary side by side, except the providers:
# on PATH the engine would use them whatever version a program asks for, with a warning
# each time. They are installed into PULUMI_HOME below instead.
key="$(cat "$DEFS_DIR/versions.env" | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-12)"
TOOLCHAIN_BIN="$CACHE/toolchain-$key/bin"
mkdir -p "$TOOLCHAIN_BIN"
for f in "$TOOLCHAIN_BIN"/*; do   # dangling links, providers and language hosts (see below) go
  [[ -L "$f" ]] && { [[ ! -e "$f" || "$(basename "$f")" == pulumi-resource-* || "$(basename "$f")" == pulumi-language-* ]] && rm -f "$f"; }
done
for t in "${!RESOLVED[@]}"; do
  for f in "${RESOLVED[$t]}"/*; do
    [[ -x "$f" && -f "$f" ]] || continue
    [[ "$(basename "$f")" == pulumi-resource-* ]] && continue
    # A host next to pulumi is found there; a second copy on PATH makes the engine warn.
    [[ "$(basename "$f")" == pulumi-language-* && -n "${RESOLVED[pulumi]:-}" &&
       -e "${RESOLVED[pulumi]}/$(basename "$f")" ]] && continue
    ln -sfn "$f" "$TOOLCHAIN_BIN/$(basename "$f")"
  done
done

# Providers: installed into PULUMI_HOME under the versions the npm SDKs request, so the
# engine loads them with PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true.
if [[ -n "${RESOLVED[pulumi]:-}" ]]; then
  if [[ -n "${RESOLVED[pulumi-resource-random]:-}" ]]; then
    install_plugin resource random "$PULUMI_RANDOM_VERSION" "${RESOLVED[pulumi-resource-random]}/pulumi-resource-random"
  fi
  if [[ -n "${RESOLVED[pulumi-resource-kubernetes]:-}" ]]; then
    install_plugin resource kubernetes "$PULUMI_KUBERNETES_VERSION" "${RESOLVED[pulumi-resource-kubernetes]}/pulumi-resource-kubernetes"
  fi
fi

# Every other provider plugin the lockfile's SDKs ask for (aws, eks, ...): the official
# release archive when it can be downloaded. Offline they cannot be built (see
# docs/toolchain.md), so the stacks using them run only under mocks here.
PROJECT_DIR="${GITOPS_TOOLCHAIN_PROJECT_DIR:-$SCRIPT_DIR/..}"
PLUGIN_BASE_URL="${GITOPS_PLUGIN_BASE_URL:-https://get.pulumi.com/releases/plugins}"
provide_sdk_plugins() {
  local name version archive tmp unreachable=0 missing=() list
  list="$(node "$DEFS_DIR/sdk-plugins.js" "$PROJECT_DIR")" || die "cannot list the provider plugins of $PROJECT_DIR/package-lock.json" "Run npm ci first."
  while read -r name version; do
    [[ -n "$name" ]] || continue
    [[ -x "$PULUMI_HOME_DIR/plugins/resource-$name-v$version/pulumi-resource-$name" ]] && continue
    archive="$CACHE/downloads/pulumi-resource-$name-v$version-$OS-$ARCH.tar.gz"
    # One unreachable download makes the others unreachable too: probe once per run.
    if [[ -f "$archive" ]] || { [[ "$unreachable" == 0 ]] && official_fetch "$PLUGIN_BASE_URL/pulumi-resource-$name-v$version-$OS-$ARCH.tar.gz" "$archive"; }; then
      tmp="$(mktemp -d "$CACHE/build/plugin-$name.XXXXXX")"
      tar -xzf "$archive" -C "$tmp" || die "cannot unpack $archive" "Delete it and run again."
      [[ -x "$tmp/pulumi-resource-$name" ]] || die "$archive has no pulumi-resource-$name" "Delete it and run again."
      install_plugin resource "$name" "$version" "$tmp/pulumi-resource-$name"
      rm -rf "$tmp"
    else
      unreachable=1
      missing+=("$name $version")
    fi
  done <<<"$list"
  if [[ ${#missing[@]} -gt 0 ]]; then
    local joined; joined="$(printf '%s, ' "${missing[@]}")"
    log "cannot provide the provider plugins ${joined%, } (no official download reachable, and they cannot be built offline):"
    log "  stacks using them (AWS and EKS resources: staging, production) run here only under mocks; with internet access this command installs them"
  fi
}
if [[ -n "${RESOLVED[pulumi]:-}" ]]; then provide_sdk_plugins; fi

ENV_FILE="$CACHE/toolchain.env"
{
  echo "# Written by scripts/toolchain.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Source it: . \"$ENV_FILE\""
  echo "export GITOPS_TOOLCHAIN_BIN=\"$TOOLCHAIN_BIN\""
  echo "export PATH=\"$TOOLCHAIN_BIN:\${PATH}\""
  echo "export PULUMI_HOME=\"$PULUMI_HOME_DIR\""
  echo "export PULUMI_SKIP_UPDATE_CHECK=\"true\""
  echo "export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=\"true\""
  # GITOPS_TOOLCHAIN_<NAME>: the path of each provided binary set's main binary.
  for t in $(printf '%s\n' "${!RESOLVED[@]}" | sort); do
    var="GITOPS_TOOLCHAIN_$(echo "$t" | tr 'a-z-' 'A-Z_')"
    echo "export $var=\"${RESOLVED[$t]}/${MAINBIN[$t]}\""
  done
  # envtest convention: a directory holding etcd and kube-apiserver.
  if [[ -n "${RESOLVED[etcd]:-}" && -n "${RESOLVED[kube-apiserver]:-}" ]]; then
    echo "export KUBEBUILDER_ASSETS=\"$TOOLCHAIN_BIN\""
  fi
} >"$ENV_FILE.tmp.$$"
mv "$ENV_FILE.tmp.$$" "$ENV_FILE"
log "done: $ENV_FILE"
for t in "${TOOLS[@]}"; do log "  $t: ${RESOLVED[$t]} (${SOURCE[$t]})"; done

case "$OUTPUT" in
  env) grep '^export ' "$ENV_FILE" ;;
  json)
    {
      printf '{\n  "cache": "%s",\n  "bin": "%s",\n  "pulumiHome": "%s",\n  "envFile": "%s",\n  "tools": {' \
        "$CACHE" "$TOOLCHAIN_BIN" "$PULUMI_HOME_DIR" "$ENV_FILE"
      sep=""
      for t in $(printf '%s\n' "${!RESOLVED[@]}" | sort); do
        printf '%s\n    "%s": "%s"' "$sep" "$t" "${RESOLVED[$t]}/${MAINBIN[$t]}"; sep=","
      done
      printf '\n  }\n}\n'
    } ;;
esac
exit
}
