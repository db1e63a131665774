// Package randomprovider maps the Terraform random provider to the Pulumi package
// "random" with the tokens the @pulumi/random SDK uses (random:index/randomPet:RandomPet, ...).
package randomprovider

import (
	_ "embed"

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	"github.com/terraform-providers/terraform-provider-random/shim"
)

// Version is set with -ldflags "-X .../randomprovider.Version=X.Y.Z" (the SDK's version).
var Version string

// Written by pulumi-tfgen-random at build time; "{}" before that.
//
//go:embed bridge-metadata.json
var bridgeMetadata []byte

// Provider describes the bridged provider.
func Provider() tfbridge.ProviderInfo {
	info := tfbridge.ProviderInfo{
		P:            pf.ShimProvider(shim.NewProvider()),
		Name:         "random",
		Version:      Version,
		Description:  "A Pulumi package to safely use randomness in Pulumi programs.",
		License:      "Apache-2.0",
		Repository:   "https://github.com/pulumi/pulumi-random",
		MetadataInfo: tfbridge.NewProviderMetadata(bridgeMetadata),
	}
	// random_password -> random:index/randomPassword:RandomPassword, and so on.
	token := func(module, name string) (string, error) {
		return tokens.MakeStandard("random")(module, "Random"+name)
	}
	info.MustComputeTokens(tokens.SingleModule("random_", "index", token))
	info.MustApplyAutoAliases()
	return info
}
