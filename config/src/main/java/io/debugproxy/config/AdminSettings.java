package io.debugproxy.config;

import io.debugproxy.config.route.HostPort;

import java.util.Objects;

/**
 * The admin JSON API and {@code /metrics}.
 *
 * @param address           bind address
 * @param unsafeNonLoopback acknowledges binding a non-loopback address
 */
public record AdminSettings(HostPort address, boolean unsafeNonLoopback) {

    public static final String SECTION = "admin";

    public AdminSettings {
        Objects.requireNonNull(address, "address");
        LoopbackPolicy.requireLoopbackOrAcknowledged(SECTION, address.toString(), address.host(), unsafeNonLoopback);
    }

    public AdminSettings withAddress(HostPort newAddress) {
        return new AdminSettings(newAddress, unsafeNonLoopback);
    }
}
