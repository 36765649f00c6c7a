package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"time"
)

// runHandshake keeps -c connections' worth of full handshakes going for -d and reports completed
// handshakes per second and the handshake latency (TCP connect through Finished) percentiles.
//
// A handshake only counts once one byte has gone to the upstream echo server and come back: under
// TLS 1.3 the client's Finished leaves before the server has judged the client certificate, so a
// refused certificate would otherwise look like a fast success.
func runHandshake(args []string) error {
	fs := flag.NewFlagSet("handshake", flag.ExitOnError)
	cf := addClientFlags(fs)
	workers := fs.Int("c", 8, "concurrent connections")
	duration := fs.Duration("d", 10*time.Second, "how long to keep going")
	fs.Parse(args)
	cfg, err := cf.tlsConfig()
	if err != nil {
		return err
	}

	type workerResult struct {
		latencies []time.Duration
		errors    int
		firstErr  error
		seen      tally
	}
	results := make([]workerResult, *workers)
	start := time.Now()
	deadline := start.Add(*duration)
	var wg sync.WaitGroup
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func(r *workerResult) {
			defer wg.Done()
			r.seen = tally{}
			buf := make([]byte, 1)
			for time.Now().Before(deadline) {
				latency, state, err := handshakeOnce(*cf.addr, cfg, buf)
				if err != nil {
					r.errors++
					if r.firstErr == nil {
						r.firstErr = err
					}
					continue
				}
				r.latencies = append(r.latencies, latency)
				r.seen[state]++
			}
		}(&results[w])
	}
	wg.Wait()
	elapsed := time.Since(start)

	var all []time.Duration
	failures := 0
	seen := tally{}
	for _, r := range results {
		all = append(all, r.latencies...)
		failures += r.errors
		seen.add(r.seen)
		if r.firstErr != nil {
			fmt.Fprintf(os.Stderr, "tlsbench handshake: label=%s error (one of %d in this worker): %v\n", *cf.label, r.errors, r.firstErr)
		}
	}
	seen.report(*cf.label, "handshake", *cf.groups)
	if len(all) == 0 {
		return fmt.Errorf("no handshake completed against %s (%d errors)", *cf.addr, failures)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	result(*cf.label, fmt.Sprintf("handshakes/s c=%d", *workers), float64(len(all))/elapsed.Seconds(), "1/s")
	result(*cf.label, fmt.Sprintf("handshake p50 c=%d", *workers), ms(percentile(all, 0.50)), "ms")
	result(*cf.label, fmt.Sprintf("handshake p99 c=%d", *workers), ms(percentile(all, 0.99)), "ms")
	result(*cf.label, fmt.Sprintf("handshake errors c=%d", *workers), float64(failures), "count")
	return nil
}

func handshakeOnce(addr string, cfg *tls.Config, buf []byte) (time.Duration, string, error) {
	c, latency, err := dial(addr, cfg)
	if err != nil {
		return 0, "", err
	}
	defer c.Close()
	if _, err := c.Write([]byte{'x'}); err != nil {
		return 0, "", fmt.Errorf("write after handshake: %w", err)
	}
	if _, err := io.ReadFull(c, buf); err != nil {
		return 0, "", fmt.Errorf("read echo (client refused, or upstream not reached?): %w", err)
	}
	if buf[0] != 'x' {
		return 0, "", errors.New("echo returned a different byte")
	}
	return latency, negotiated(c.ConnectionState()), nil
}

// percentile is nearest-rank on sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(p*float64(len(sorted))+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i]
}

func ms(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}
