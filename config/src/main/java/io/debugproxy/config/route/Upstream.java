package io.debugproxy.config.route;

import java.util.List;
import java.util.Optional;

/**
 * How the proxy speaks to a route's target: plain TCP (Delve itself), or mutual TLS with the
 * proxy's own client certificate (another debugproxy's TLS listener, or a TLS-speaking target).
 *
 * @param tls        dial with mutual TLS
 * @param serverName name sent as SNI and verified in the upstream's certificate; null means the
 *                   route's first hostname. Always null for plain upstreams.
 */
public record Upstream(boolean tls, String serverName) {

    /** Plain TCP: what Delve speaks. */
    public static final Upstream PLAIN = new Upstream(false, null);

    public Upstream {
        if (serverName != null) {
            if (!tls) {
                throw new IllegalArgumentException("a server name only applies to a TLS upstream (tls: true)");
            }
            serverName = Hostnames.normalize(serverName);
        }
    }

    /** Mutual TLS verifying the route's first hostname. */
    public static Upstream mutualTls() {
        return new Upstream(true, null);
    }

    /** Mutual TLS verifying {@code serverName}. */
    public static Upstream mutualTls(String serverName) {
        return new Upstream(true, serverName);
    }

    /** The name to send and verify for a route answering to {@code hosts}: explicit, else the first host. */
    public Optional<String> serverNameFor(List<String> hosts) {
        if (!tls) {
            return Optional.empty();
        }
        return serverName != null ? Optional.of(serverName) : hosts.stream().findFirst();
    }

    /** {@code plain}, {@code tls} or {@code tls(name)}, as logs and tables show it. */
    @Override
    public String toString() {
        return !tls ? "plain" : serverName == null ? "tls" : "tls(" + serverName + ")";
    }
}
