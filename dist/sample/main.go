// Command sample is a tiny HTTP service used to demonstrate and test debugproxy.
//
// It is built without optimizations (-gcflags='all=-N -l') and runs under Delve
// inside a container; see build-image.sh.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

// helloHandler answers GET /hello?name=x with a greeting. The greeting is built in
// a local variable so that a debugger stopped in this function can print it.
func helloHandler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "world"
	}
	greeting := fmt.Sprintf("hello, %s", name)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8") // breakpoint here: greeting is set
	fmt.Fprintln(w, greeting)
}

// healthHandler answers GET /health with "ok".
func healthHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

func main() {
	addr := ":8080"
	if v := os.Getenv("SAMPLE_ADDR"); v != "" {
		addr = v
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", helloHandler)
	mux.HandleFunc("/health", healthHandler)
	log.Printf("sample listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
