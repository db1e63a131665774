// Command pulumi-resource-random is the Pulumi resource provider for "random".
package main

import (
	"context"
	_ "embed"

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"

	"local/toolchain/pulumi-resource-random/randomprovider"
)

// Written from pulumi-tfgen-random's schema.json at build time, with .version set.
//
//go:embed schema-embed.json
var schema []byte

func main() {
	pf.Main(context.Background(), "random", randomprovider.Provider(), pf.ProviderMetadata{PackageSchema: schema})
}
