package io.debugproxy.config;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.Hostnames;
import io.debugproxy.config.route.IpLiteral;

import java.util.Objects;

/**
 * The plain per-route listeners: one port from {@code ports} for each route, all on {@code address}.
 *
 * @param address           host or IP literal to bind (IPv6 without brackets)
 * @param ports             ports handed out to routes
 * @param unsafeNonLoopback acknowledges binding a non-loopback address
 */
public record RoutesListener(String address, PortRange ports, boolean unsafeNonLoopback) {

    public static final String SECTION = "listeners.routes";

    public RoutesListener {
        Objects.requireNonNull(ports, "ports");
        address = normalizeAddress(address);
        LoopbackPolicy.requireLoopbackOrAcknowledged(SECTION, address, address, unsafeNonLoopback);
    }

    /**
     * Validates a bind host (no port): an IP literal, {@code [v6]}, or a hostname.
     *
     * @throws IllegalArgumentException when it is not one
     */
    static String normalizeAddress(String address) {
        String a = Objects.requireNonNull(address, "address").trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (IpLiteral.isLiteral(a)) {
            return a;
        }
        if (a.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + address + "' is not a bind address: give only the host, the ports"
                    + " come from " + SECTION + ".ports");
        }
        if (!Hostnames.isValid(a)) {
            throw new IllegalArgumentException("'" + address + "' is neither an IP address nor a hostname");
        }
        return Hostnames.normalize(a);
    }

    /** The address of the route listener on {@code port}. */
    public HostPort at(int port) {
        return new HostPort(address, port);
    }

    public RoutesListener withAddress(String newAddress) {
        return new RoutesListener(newAddress, ports, unsafeNonLoopback);
    }

    public RoutesListener withPorts(PortRange newPorts) {
        return new RoutesListener(address, newPorts, unsafeNonLoopback);
    }
}
