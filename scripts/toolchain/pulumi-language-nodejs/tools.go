//go:build tools

// Package tools makes `go mod tidy` keep the main package this wrapper builds.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
