#!/usr/bin/env bash
# Builds the pinned kustomize once per machine and prints its path on stdout
# (scripts/install-go-tool.sh). `gitops lint` finds it at the same path (or via KUSTOMIZE / PATH).
#
#   KUSTOMIZE="$(scripts/install-kustomize.sh)"
set -euo pipefail
exec "${BASH}" "${BASH_SOURCE[0]%/*}/install-go-tool.sh" kustomize sigs.k8s.io/kustomize/kustomize/v5 v5.8.1 version
