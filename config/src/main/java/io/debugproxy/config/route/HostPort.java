package io.debugproxy.config.route;

import java.util.Objects;

/** A host (name or IP literal, IPv6 without brackets) and a TCP port. */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port} or {@code :port} (host empty).
     *
     * @throws IllegalArgumentException with a human message when the text is not an address
     */
    public static HostPort parse(String text) {
        String s = text.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("not a [IPv6]:port address: '" + text + "'");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException("not a host:port address: '" + text + "'");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535 in '" + text + "'");
        }
        return new HostPort(host, p);
    }

    /** True for addresses that only mean something inside one network namespace. */
    public boolean isLoopbackOrWildcard() {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.isEmpty() || h.equals("localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0.0.0.0") || h.equals("::");
    }

    /** True when the host is a loopback address ({@code 127.0.0.0/8}, {@code ::1}) or {@code localhost}. */
    public boolean isLoopback() {
        return isLoopbackHost(host);
    }

    /** True when the host means "every interface": empty, {@code 0.0.0.0} or {@code ::}. */
    public boolean isWildcard() {
        return host.isEmpty() || IpLiteral.parse(host).map(java.net.InetAddress::isAnyLocalAddress).orElse(false);
    }

    /** True for {@code localhost} and loopback IP literals; never resolves a name. */
    public static boolean isLoopbackHost(String host) {
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || IpLiteral.parse(h).map(java.net.InetAddress::isLoopbackAddress).orElse(false);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
