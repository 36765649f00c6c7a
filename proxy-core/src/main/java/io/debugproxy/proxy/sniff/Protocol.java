package io.debugproxy.proxy.sniff;

/** A protocol the multiplexed port recognizes from a connection's first bytes. */
public enum Protocol {

    /** A TLS handshake record carrying a ClientHello. */
    TLS("tls"),
    /** An HTTP/1.x request, {@code CONNECT} included: a known method and a space, or a whole request line. */
    HTTP("http"),
    /** Delve's JSON-RPC API: the client's first request is a JSON object. */
    DELVE_JSON_RPC("delve-json-rpc"),
    /** The Debug Adapter Protocol: base protocol messages start with a {@code Content-Length:} header. */
    DAP("dap");

    private final String key;

    Protocol(String key) {
        this.key = key;
    }

    /** Short lower-case name, for logs and handler names. */
    public String key() {
        return key;
    }
}
