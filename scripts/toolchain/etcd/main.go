// Command etcd: the same entry point as upstream's go.etcd.io/etcd/v3 main package.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
