//go:build tools

// Package tools makes `go mod tidy` keep the main package this wrapper builds.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
