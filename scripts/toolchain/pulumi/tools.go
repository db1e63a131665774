//go:build tools

// Package tools makes `go mod tidy` keep the main package this wrapper builds.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
