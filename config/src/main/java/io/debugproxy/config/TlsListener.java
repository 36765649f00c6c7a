package io.debugproxy.config;

import io.debugproxy.config.route.HostPort;

import java.util.Objects;

/**
 * The mutual-TLS listener, routed by SNI. It may bind any interface: every connection must
 * present a client certificate from the proxy's CA.
 *
 * @param address    bind address; an empty host means every interface
 * @param configured true when the config file set it: without a CA the proxy then warns that it
 *                   cannot open, instead of mentioning it in passing
 */
public record TlsListener(HostPort address, boolean configured) {

    public TlsListener {
        Objects.requireNonNull(address, "address");
    }

    /** The default listener, not asked for by the config file. */
    public TlsListener(HostPort address) {
        this(address, false);
    }

    public TlsListener withAddress(HostPort newAddress) {
        return new TlsListener(newAddress, true);
    }
}
