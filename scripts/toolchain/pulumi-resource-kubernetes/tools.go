//go:build tools

// Package tools makes `go mod tidy` keep the provider packages that
// cmd/pulumi-resource-kubernetes (copied from the module at build time) imports.
package tools

import (
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)
