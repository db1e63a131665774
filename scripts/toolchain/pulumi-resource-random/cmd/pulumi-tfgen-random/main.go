// Command pulumi-tfgen-random writes the package schema (and bridge metadata) that
// pulumi-resource-random embeds.
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"

	"local/toolchain/pulumi-resource-random/randomprovider"
)

func main() { tfgen.Main("random", randomprovider.Provider()) }
