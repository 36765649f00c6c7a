// Command sample is a tiny HTTP service used to demonstrate and test debugproxy.
//
// It is built without optimizations (-gcflags='all=-N -l') and runs under Delve
// inside a container; see build-image.sh.
package main

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sort"
	"strings"
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

// echoHeadersHandler answers with what the request looked like when it arrived, as JSON:
// {"host": ..., "method": ..., "uri": ..., "remoteAddr": ..., "headers": {"Name": ["v", ...]}}.
// Go keeps the Host header out of r.Header; it is reported as "host".
func echoHeadersHandler(w http.ResponseWriter, r *http.Request) {
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	headers := make(map[string][]string, len(names))
	for _, name := range names {
		headers[name] = r.Header[name]
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]interface{}{
		"host":       r.Host,
		"method":     r.Method,
		"uri":        r.RequestURI,
		"remoteAddr": r.RemoteAddr,
		"headers":    headers,
	})
}

// loginRedirectHandler redirects to the login page by the address the service knows itself by,
// as services behind a proxy often do: http://localhost:8080/login.
func loginRedirectHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Location", "http://127.0.0.1:8080/login")
	w.Header().Set("Refresh", "5; url=http://localhost:8080/login")
	http.Redirect(w, r, "http://localhost:8080/login", http.StatusFound)
}

// wsEchoHandler is a minimal RFC 6455 WebSocket echo server (the standard library has none):
// every text or binary message comes back as it was sent, pings get pongs, close is answered.
func wsEchoHandler(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Sec-WebSocket-Key")
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") || key == "" {
		http.Error(w, "websocket upgrade expected", http.StatusBadRequest)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "cannot hijack", http.StatusInternalServerError)
		return
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	fmt.Fprintf(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Accept: %s\r\n\r\n", base64.StdEncoding.EncodeToString(sum[:]))
	rw.Flush()
	for {
		opcode, payload, err := readFrame(rw.Reader)
		if err != nil {
			return
		}
		switch opcode {
		case 0x8: // close
			writeFrame(rw.Writer, 0x8, payload)
			rw.Flush()
			return
		case 0x9: // ping
			writeFrame(rw.Writer, 0xA, payload)
		case 0xA: // pong
		default:
			writeFrame(rw.Writer, opcode, payload)
		}
		rw.Flush()
	}
}

// readFrame reads one (unfragmented) client frame and unmasks its payload.
func readFrame(r *bufio.Reader) (byte, []byte, error) {
	var head [2]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, nil, err
	}
	opcode := head[0] & 0x0F
	masked := head[1]&0x80 != 0
	length := uint64(head[1] & 0x7F)
	switch length {
	case 126:
		var ext [2]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return 0, nil, err
		}
		length = uint64(binary.BigEndian.Uint16(ext[:]))
	case 127:
		var ext [8]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return 0, nil, err
		}
		length = binary.BigEndian.Uint64(ext[:])
	}
	if length > 1<<20 {
		return 0, nil, fmt.Errorf("frame too large: %d", length)
	}
	var mask [4]byte
	if masked {
		if _, err := io.ReadFull(r, mask[:]); err != nil {
			return 0, nil, err
		}
	}
	payload := make([]byte, length)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, nil, err
	}
	if masked {
		for i := range payload {
			payload[i] ^= mask[i%4]
		}
	}
	return opcode, payload, nil
}

// writeFrame writes one unmasked server frame with FIN set.
func writeFrame(w *bufio.Writer, opcode byte, payload []byte) {
	w.WriteByte(0x80 | opcode)
	switch n := len(payload); {
	case n < 126:
		w.WriteByte(byte(n))
	case n <= 0xFFFF:
		w.WriteByte(126)
		var ext [2]byte
		binary.BigEndian.PutUint16(ext[:], uint16(n))
		w.Write(ext[:])
	default:
		w.WriteByte(127)
		var ext [8]byte
		binary.BigEndian.PutUint64(ext[:], uint64(n))
		w.Write(ext[:])
	}
	w.Write(payload)
}

func main() {
	addr := ":8080"
	if v := os.Getenv("SAMPLE_ADDR"); v != "" {
		addr = v
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", helloHandler)
	mux.HandleFunc("/health", healthHandler)
	mux.HandleFunc("/echo-headers", echoHeadersHandler)
	mux.HandleFunc("/login-redirect", loginRedirectHandler)
	mux.HandleFunc("/ws-echo", wsEchoHandler)
	log.Printf("sample listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
