// Command httpbench is the load side of the issue 5 benchmark: an HTTP backend that answers
// every request with a fixed body, a TCP echo server, a TCP ping-pong client, and the table
// that turns the raw results of run.sh into medians and ratios.
//
//	httpbench backend  -addr 127.0.0.1:47201 -size 1024
//	httpbench echo     -addr 127.0.0.1:47202
//	httpbench pingpong -addr 127.0.0.1:47202 -c 32 -d 10s -size 64
//	httpbench table    results.tsv
//
// Only the standard library: the benchmark must build offline.
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
	case "backend":
		err = runBackend(args)
	case "echo":
		err = runEcho(args)
	case "pingpong":
		err = runPingPong(args)
	case "table":
		err = runTable(args)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "httpbench %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: httpbench backend|echo|pingpong|table [flags]; -h after a command lists its flags")
	os.Exit(2)
}
