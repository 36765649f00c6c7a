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
}
