# Random resource provider. Sourced by scripts/toolchain.sh.
#
# The pulumi-random provider module is not served by the Go module proxy at any version.
# This wrapper builds the same provider from its parts, which are served: the Terraform
# random provider, pulumi-terraform-bridge, and a small mapping (randomprovider/) to the
# tokens of the @pulumi/random SDK. pulumi-tfgen-random runs first and writes the schema
# and bridge metadata that pulumi-resource-random embeds. See docs/toolchain.md.
TOOL_VERSION="$PULUMI_RANDOM_VERSION"
TOOL_BINARIES=(pulumi-resource-random)

tool_find_existing() {
  local d="$HOME/.pulumi/plugins/resource-random-v$TOOL_VERSION"
  [[ -x "$d/pulumi-resource-random" ]] && echo "$d"
}

tool_official() {
  local bin="$1" tgz="$CACHE/downloads/pulumi-resource-random-v$TOOL_VERSION-$OS-$ARCH.tar.gz"
  [[ -f "$tgz" ]] || official_fetch "https://get.pulumi.com/releases/plugins/pulumi-resource-random-v$TOOL_VERSION-$OS-$ARCH.tar.gz" "$tgz" || return 1
  tar -xzf "$tgz" -C "$bin" pulumi-resource-random
}

tool_build() {
  local work="$1" bin="$2"
  local ld="-s -w -X local/toolchain/pulumi-resource-random/randomprovider.Version=$TOOL_VERSION"
  go_build "$work" "$work/pulumi-tfgen-random" ./cmd/pulumi-tfgen-random -ldflags "$ld"
  log "generating the random schema (pulumi-tfgen-random schema)"
  mkdir -p "$work/schema"
  (cd "$work" && run_logged ./pulumi-tfgen-random schema --out "$work/schema")
  [[ -s "$work/schema/schema.json" ]] || die "pulumi-tfgen-random wrote no schema.json (log: $BUILD_LOG)"
  if [[ -s "$work/schema/bridge-metadata.json" ]]; then
    cp "$work/schema/bridge-metadata.json" "$work/randomprovider/bridge-metadata.json"
  fi
  run_logged node -e '
    const fs = require("fs"), [src, dst, version] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(src, "utf8"));
    schema.version = version;
    fs.writeFileSync(dst, JSON.stringify(schema));
  ' "$work/schema/schema.json" "$work/cmd/pulumi-resource-random/schema-embed.json" "$TOOL_VERSION"
  go_build "$work" "$bin/pulumi-resource-random" ./cmd/pulumi-resource-random -ldflags "$ld"
}
