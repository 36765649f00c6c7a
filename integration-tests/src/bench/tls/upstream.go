package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
)

// runUpstream serves the two plain-TCP upstreams the relays dial: an echo server (handshake mode
// needs one byte to come back, so the client knows the relay admitted it and reached us) and a
// sink that counts what it reads until end of input and answers with the count.
func runUpstream(args []string) error {
	fs := flag.NewFlagSet("upstream", flag.ExitOnError)
	echoAddr := fs.String("echo", "127.0.0.1:47101", "echo server address")
	sinkAddr := fs.String("sink", "127.0.0.1:47102", "counting sink address")
	fs.Parse(args)

	echo, err := net.Listen("tcp", *echoAddr)
	if err != nil {
		return err
	}
	sink, err := net.Listen("tcp", *sinkAddr)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "tlsbench upstream: echo on %s, sink on %s\n", echo.Addr(), sink.Addr())
	errs := make(chan error, 2)
	go func() { errs <- serve(echo, handleEcho) }()
	go func() { errs <- serve(sink, handleSink) }()
	return <-errs
}

func serve(l net.Listener, handle func(net.Conn)) error {
	for {
		c, err := l.Accept()
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				continue
			}
			return err
		}
		go handle(c)
	}
}

func handleEcho(c net.Conn) {
	defer c.Close()
	io.Copy(c, c)
}

// handleSink reads to end of input, then writes the byte count as 8 bytes big-endian. The client
// compares it with what it sent, so a relay that loses or duplicates bytes fails the run.
func handleSink(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 256<<10)
	var n uint64
	for {
		r, err := c.Read(buf)
		n += uint64(r)
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "tlsbench upstream: sink read from %s after %d bytes: %v\n", c.RemoteAddr(), n, err)
			return
		}
	}
	var reply [8]byte
	binary.BigEndian.PutUint64(reply[:], n)
	if _, err := c.Write(reply[:]); err != nil {
		fmt.Fprintf(os.Stderr, "tlsbench upstream: sink reply to %s: %v\n", c.RemoteAddr(), err)
	}
}
