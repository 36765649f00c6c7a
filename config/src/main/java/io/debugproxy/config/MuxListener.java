package io.debugproxy.config;

import io.debugproxy.config.route.HostPort;

import java.util.Objects;

/**
 * The single plain port that sniffs the protocol and routes by Host / CONNECT.
 *
 * @param address           bind address; an empty host means every interface
 * @param unsafeNonLoopback acknowledges binding a non-loopback address
 */
public record MuxListener(HostPort address, boolean unsafeNonLoopback) {

    public static final String SECTION = "listeners.mux";

    public MuxListener {
        Objects.requireNonNull(address, "address");
        LoopbackPolicy.requireLoopbackOrAcknowledged(SECTION, address.toString(), address.host(), unsafeNonLoopback);
    }

    public MuxListener withAddress(HostPort newAddress) {
        return new MuxListener(newAddress, unsafeNonLoopback);
    }
}
