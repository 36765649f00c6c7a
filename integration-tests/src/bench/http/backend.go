package main

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// runBackend serves the same body, with Content-Length, to every request: the service behind
// every HTTP target of the benchmark. net/http keeps client connections alive by default.
// GET /headers answers with the request head as received instead, so that run.sh can show
// that every proxy forwards the same headers.
func runBackend(args []string) error {
	fs := flag.NewFlagSet("backend", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:47201", "listen address")
	size := fs.Int("size", 1024, "response body size in bytes")
	fs.Parse(args)

	body := bytes.Repeat([]byte("x"), *size)
	length := strconv.Itoa(len(body))
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/headers" {
			writeHeaders(w, r)
			return
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/octet-stream"}
		h["Content-Length"] = []string{length}
		w.Write(body)
	})
	server := &http.Server{
		Addr:              *addr,
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       5 * time.Minute, // longer than any run: the proxies' pools keep their connections
	}
	return server.ListenAndServe()
}

// writeHeaders answers with the request's Host and headers, one per line, sorted.
func writeHeaders(w http.ResponseWriter, r *http.Request) {
	lines := []string{"Host: " + r.Host}
	for name, values := range r.Header {
		lines = append(lines, name+": "+strings.Join(values, ", "))
	}
	sort.Strings(lines[1:])
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}
