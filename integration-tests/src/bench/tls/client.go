package main

import (
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"
	"time"
)

// clientFlags are what both load commands need to reach a relay as a client of the CA.
type clientFlags struct {
	addr, sni, ca, cert, key, label, groups *string
}

func addClientFlags(fs *flag.FlagSet) clientFlags {
	return clientFlags{
		addr:   fs.String("addr", "127.0.0.1:47100", "TLS address of the relay"),
		sni:    fs.String("sni", "", "server name sent as SNI and verified in the server certificate"),
		ca:     fs.String("ca", "", "CA certificate (PEM) the server certificate must chain to"),
		cert:   fs.String("cert", "", "client certificate (PEM)"),
		key:    fs.String("key", "", "client key (PEM)"),
		label:  fs.String("label", "target", "first column of each result line"),
		groups: fs.String("groups", "x25519", "key exchange groups offered, comma separated: x25519, p256"),
	}
}

// tlsConfig never resumes: ClientSessionCache is nil, so every connection is a full handshake
// with a fresh ECDHE exchange, the server's ECDSA signature and the client certificate.
func (f clientFlags) tlsConfig() (*tls.Config, error) {
	if *f.sni == "" || *f.ca == "" || *f.cert == "" || *f.key == "" {
		return nil, errors.New("-sni, -ca, -cert and -key are required")
	}
	caPEM, err := os.ReadFile(*f.ca)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("%s: no PEM certificate in it", *f.ca)
	}
	identity, err := tls.LoadX509KeyPair(*f.cert, *f.key)
	if err != nil {
		return nil, err
	}
	var curves []tls.CurveID
	for _, g := range strings.Split(*f.groups, ",") {
		switch strings.TrimSpace(g) {
		case "x25519":
			curves = append(curves, tls.X25519)
		case "p256":
			curves = append(curves, tls.CurveP256)
		default:
			return nil, fmt.Errorf("-groups: unknown group %q; use x25519 or p256", g)
		}
	}
	return &tls.Config{
		ServerName:       *f.sni,
		RootCAs:          roots,
		Certificates:     []tls.Certificate{identity},
		MinVersion:       tls.VersionTLS12,
		MaxVersion:       tls.VersionTLS13,
		CurvePreferences: curves,
	}, nil
}

// dial connects and completes the handshake, returning how long both took together.
func dial(addr string, cfg *tls.Config) (*tls.Conn, time.Duration, error) {
	start := time.Now()
	raw, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, 0, err
	}
	c := tls.Client(raw, cfg)
	c.SetDeadline(start.Add(30 * time.Second))
	if err := c.Handshake(); err != nil {
		c.Close()
		return nil, 0, err
	}
	return c, time.Since(start), nil
}

// negotiated names what a connection ended up with, for the report.
func negotiated(s tls.ConnectionState) string {
	version := map[uint16]string{tls.VersionTLS12: "TLSv1.2", tls.VersionTLS13: "TLSv1.3"}[s.Version]
	if version == "" {
		version = fmt.Sprintf("0x%04x", s.Version)
	}
	key := "?"
	if len(s.PeerCertificates) > 0 {
		switch pub := s.PeerCertificates[0].PublicKey.(type) {
		case *ecdsa.PublicKey:
			key = "ECDSA-" + pub.Curve.Params().Name
		default:
			key = fmt.Sprintf("%T", pub)
		}
	}
	return fmt.Sprintf("%s %s server_key=%s server_chain=%d", version, tls.CipherSuiteName(s.CipherSuite), key,
		len(s.PeerCertificates))
}

// tally counts connections per negotiated parameter set; more than one entry would mean the
// run mixed configurations.
type tally map[string]int

func (t tally) add(other tally) {
	for k, v := range other {
		t[k] += v
	}
}

func (t tally) report(label, mode, groups string) {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(os.Stderr, "negotiated label=%s mode=%s: %s groups_offered=%s connections=%d\n",
			label, mode, k, groups, t[k])
	}
}

func result(label, metric string, value float64, unit string) {
	fmt.Printf("%s\t%s\t%.3f\t%s\n", label, metric, value, unit)
}
