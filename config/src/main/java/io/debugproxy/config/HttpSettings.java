package io.debugproxy.config;

import java.net.InetAddress;
import java.util.List;

/**
 * HTTP reverse-proxy settings.
 *
 * @param trustedProxies peers whose {@code X-Forwarded-*} and {@code Forwarded} headers are kept
 */
public record HttpSettings(List<Cidr> trustedProxies) {

    public HttpSettings {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public boolean isTrusted(InetAddress peer) {
        return trustedProxies.stream().anyMatch(c -> c.contains(peer));
    }

    /**
     * The trusted blocks that cover a whole address family ({@code 0.0.0.0/0}, {@code ::/0}):
     * with one, any client of that family may forge its address, host and scheme. Allowed (a
     * proxy reachable only from a private network may want it), but worth a warning.
     */
    public List<Cidr> trustedEverywhere() {
        return trustedProxies.stream().filter(Cidr::coversEveryAddress).toList();
    }
}
