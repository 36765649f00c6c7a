package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"sort"
	"sync"
	"time"
)

// runPingPong opens c connections, then on each sends a message and waits for its echo, again and
// again for d. It prints one RESULT line in the same format as wrk's report.lua.
func runPingPong(args []string) error {
	fs := flag.NewFlagSet("pingpong", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:47202", "echo server (or relay in front of it)")
	conns := fs.Int("c", 32, "connections, one message in flight on each")
	duration := fs.Duration("d", 10*time.Second, "how long to measure")
	size := fs.Int("size", 64, "message size in bytes")
	fs.Parse(args)
	if *conns < 1 || *size < 1 {
		return errors.New("-c and -size must be at least 1")
	}

	// Every connection is open before the clock starts, as with wrk's keep-alive connections.
	opened := make([]net.Conn, 0, *conns)
	defer func() {
		for _, c := range opened {
			c.Close()
		}
	}()
	for i := 0; i < *conns; i++ {
		c, err := net.Dial("tcp", *addr)
		if err != nil {
			return fmt.Errorf("connection %d of %d: %w", i+1, *conns, err)
		}
		opened = append(opened, c) // Go sets TCP_NODELAY on TCP connections
	}

	type outcome struct {
		latencies []time.Duration
		err       error
	}
	outcomes := make([]outcome, *conns)
	start := time.Now()
	deadline := start.Add(*duration)
	var wg sync.WaitGroup
	for i, c := range opened {
		wg.Add(1)
		go func(i int, c net.Conn) {
			defer wg.Done()
			outcomes[i].latencies, outcomes[i].err = pingPong(c, *size, deadline)
		}(i, c)
	}
	wg.Wait()
	elapsed := time.Since(start)

	var all []time.Duration
	failed := 0
	for i, o := range outcomes {
		all = append(all, o.latencies...)
		if o.err != nil {
			failed++
			if failed == 1 {
				fmt.Printf("# connection %d: %v\n", i+1, o.err)
			}
		}
	}
	sort.Slice(all, func(a, b int) bool { return all[a] < all[b] })
	fmt.Printf("RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%.1f p99_us=%.1f errors=%d\n",
		len(all), elapsed.Seconds(), float64(len(all))/elapsed.Seconds(),
		micros(percentile(all, 50)), micros(percentile(all, 99)), failed)
	return nil
}

// pingPong runs round trips on c until deadline and returns their latencies; a wrong or missing
// echo ends the connection's run with an error.
func pingPong(c net.Conn, size int, deadline time.Time) ([]time.Duration, error) {
	msg := bytes.Repeat([]byte{'p'}, size)
	reply := make([]byte, size)
	latencies := make([]time.Duration, 0, 1<<16)
	c.SetDeadline(deadline.Add(5 * time.Second)) // a relay that stalls fails the run instead of hanging it
	for time.Now().Before(deadline) {
		sent := time.Now()
		if _, err := c.Write(msg); err != nil {
			return latencies, err
		}
		if _, err := io.ReadFull(c, reply); err != nil {
			return latencies, err
		}
		latencies = append(latencies, time.Since(sent))
		if !bytes.Equal(reply, msg) {
			return latencies, errors.New("the echo differs from the message sent")
		}
	}
	return latencies, nil
}

// percentile is the nearest-rank percentile of sorted latencies, 0 for none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.5) - 1
	if rank < 0 {
		rank = 0
	}
	if rank >= len(sorted) {
		rank = len(sorted) - 1
	}
	return sorted[rank]
}

func micros(d time.Duration) float64 {
	return float64(d) / float64(time.Microsecond)
}
