package io.debugproxy.config;

import io.debugproxy.config.route.HostPort;

import java.util.Objects;

/**
 * The mutual-TLS listener, routed by SNI. It may bind any interface: every connection must
 * present a client certificate from the proxy's CA.
 *
 * @param address bind address; an empty host means every interface
 */
public record TlsListener(HostPort address) {

    public TlsListener {
        Objects.requireNonNull(address, "address");
    }

    public TlsListener withAddress(HostPort newAddress) {
        return new TlsListener(newAddress);
    }
}
