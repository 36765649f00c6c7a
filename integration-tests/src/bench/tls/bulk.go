package main

import (
	"crypto/rand"
	"crypto/tls"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// runBulk sends -mib MiB in total, split evenly over -conns connections, to the upstream sink
// through the relay, and reports the aggregate rate. The clock starts once every connection has
// finished its handshake and stops when the last sink has confirmed its byte count, so the figure
// is relay throughput, not handshake cost.
func runBulk(args []string) error {
	fs := flag.NewFlagSet("bulk", flag.ExitOnError)
	cf := addClientFlags(fs)
	conns := fs.Int("conns", 1, "parallel connections")
	mib := fs.Int("mib", 1024, "MiB to send in total")
	chunk := fs.Int("chunk", 256<<10, "bytes per write call")
	fin := fs.Bool("fin", true, "after close_notify, also shut down the TCP write side (FIN)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	fs.Parse(args)
	cfg, err := cf.tlsConfig()
	if err != nil {
		return err
	}
	total := int64(*mib) << 20
	perConn := total / int64(*conns)
	total = perConn * int64(*conns)

	payload := make([]byte, *chunk)
	rand.Read(payload) // incompressible, in case anything on the path compresses

	clients := make([]*tls.Conn, *conns)
	seen := tally{}
	for i := range clients {
		c, _, err := dial(*cf.addr, cfg)
		if err != nil {
			return fmt.Errorf("connection %d: %w", i, err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(*timeout))
		clients[i] = c
		seen[negotiated(c.ConnectionState())]++
	}
	seen.report(*cf.label, "bulk", *cf.groups)

	errs := make([]error, *conns)
	start := time.Now()
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func(i int, c *tls.Conn) {
			defer wg.Done()
			errs[i] = sendAndConfirm(c, payload, perConn, *fin)
		}(i, c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("connection %d: %w", i, err)
		}
	}
	result(*cf.label, fmt.Sprintf("bulk conns=%d", *conns), float64(total)/(1<<20)/elapsed.Seconds(), "MiB/s")
	return nil
}

func sendAndConfirm(c *tls.Conn, payload []byte, n int64, fin bool) error {
	for left := n; left > 0; {
		p := payload
		if int64(len(p)) > left {
			p = p[:left]
		}
		w, err := c.Write(p)
		left -= int64(w)
		if err != nil {
			return fmt.Errorf("write with %d bytes left: %w", left, err)
		}
	}
	if err := c.CloseWrite(); err != nil {
		return fmt.Errorf("close_notify: %w", err)
	}
	if fin {
		if err := c.NetConn().(*net.TCPConn).CloseWrite(); err != nil {
			return fmt.Errorf("shutdown(SHUT_WR): %w", err)
		}
	}
	var reply [8]byte
	if _, err := io.ReadFull(c, reply[:]); err != nil {
		return fmt.Errorf("read the sink's byte count (half-close not relayed?): %w", err)
	}
	if got := binary.BigEndian.Uint64(reply[:]); got != uint64(n) {
		return fmt.Errorf("sink counted %d bytes, sent %d", got, n)
	}
	return nil
}
