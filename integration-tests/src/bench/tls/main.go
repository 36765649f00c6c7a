// Command tlsbench is the load side of the issue 3 benchmark: mutual-TLS handshakes per second
// and bulk throughput through a TLS-terminating relay (the proxy's TLS listener, or stunnel),
// the plain-TCP upstream both relay to, and the table that turns run.sh's raw results into
// medians and ratios.
//
//	tlsbench upstream  -echo 127.0.0.1:47101 -sink 127.0.0.1:47102
//	tlsbench handshake -addr 127.0.0.1:47100 -sni bench-echo.debug.localhost -ca ca.pem \
//	                   -cert client.pem -key client-key.pem -c 8 -d 10s -label proxy
//	tlsbench bulk      -addr 127.0.0.1:47100 -sni bench-sink.debug.localhost -ca ca.pem \
//	                   -cert client.pem -key client-key.pem -conns 4 -mib 1024 -label proxy
//	tlsbench table     -baseline stunnel results.tsv
//
// Load commands print one result per line on stdout, "label<TAB>metric<TAB>value<TAB>unit",
// and what was negotiated on stderr. Only the standard library: the benchmark builds offline.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	args := os.Args[2:]
	var err error
	switch os.Args[1] {
	case "upstream":
		err = runUpstream(args)
	case "handshake":
		err = runHandshake(args)
	case "bulk":
		err = runBulk(args)
	case "table":
		err = runTable(args)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "tlsbench %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: tlsbench upstream|handshake|bulk|table [flags]; -h after a command lists its flags")
	os.Exit(2)
}
