# Kubernetes resource provider. Sourced by scripts/toolchain.sh.
#
# provider/v4 has no tags; the proxy serves one pseudo-version (pinned in go.mod here).
# The binary reports the version the @pulumi/kubernetes SDK in package-lock asks for, so
# the engine loads it for that SDK; the provider code itself is the pinned commit.
TOOL_VERSION="$PULUMI_KUBERNETES_VERSION"
TOOL_BINARIES=(pulumi-resource-kubernetes)
K8S_PROVIDER_MODULE=github.com/pulumi/pulumi-kubernetes/provider/v4

tool_find_existing() {
  local d="$HOME/.pulumi/plugins/resource-kubernetes-v$TOOL_VERSION"
  [[ -x "$d/pulumi-resource-kubernetes" ]] && echo "$d"
}

tool_official() {
  local bin="$1" tgz="$CACHE/downloads/pulumi-resource-kubernetes-v$TOOL_VERSION-$OS-$ARCH.tar.gz"
  [[ -f "$tgz" ]] || official_fetch "https://get.pulumi.com/releases/plugins/pulumi-resource-kubernetes-v$TOOL_VERSION-$OS-$ARCH.tar.gz" "$tgz" || return 1
  tar -xzf "$tgz" -C "$bin" pulumi-resource-kubernetes
}

# main.go embeds schema-embed.json and terraform-mapping-embed.json, which upstream
# generates (go generate) and does not commit: copy the cmd folder out of the module
# cache and write both files the way upstream's generate.go does.
tool_build() {
  local work="$1" bin="$2" modver src
  modver="$(cd "$work" && go list -m -f '{{.Version}}' "$K8S_PROVIDER_MODULE")"
  src="$(cd "$work" && go mod download -json "$K8S_PROVIDER_MODULE@$modver" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})')" ||
    die "cannot download $K8S_PROVIDER_MODULE@$modver from the Go module proxy"
  mkdir -p "$work/cmd/pulumi-resource-kubernetes"
  cp "$src/cmd/pulumi-resource-kubernetes/main.go" "$work/cmd/pulumi-resource-kubernetes/"
  chmod -R u+w "$work/cmd"
  run_logged node -e '
    const fs = require("fs"), [src, dst, version] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(src + "/schema.json", "utf8"));
    schema.version = version;
    fs.writeFileSync(dst + "/schema-embed.json", JSON.stringify(schema));
    const mapping = JSON.parse(fs.readFileSync(src + "/terraform-mapping.json", "utf8"));
    fs.writeFileSync(dst + "/terraform-mapping-embed.json", JSON.stringify(mapping));
  ' "$src/cmd/pulumi-resource-kubernetes" "$work/cmd/pulumi-resource-kubernetes" "$TOOL_VERSION"
  go_build "$work" "$bin/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$TOOL_VERSION"
}
