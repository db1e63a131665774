// Package shim exposes the Terraform random provider's framework provider.
package shim

import (
	"github.com/hashicorp/terraform-plugin-framework/provider"
	tfrandom "github.com/terraform-providers/terraform-provider-random/internal/provider"
)

// NewProvider returns a new instance of the Terraform random provider.
func NewProvider() provider.Provider { return tfrandom.New() }
