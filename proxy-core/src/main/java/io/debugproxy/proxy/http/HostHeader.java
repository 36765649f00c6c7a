package io.debugproxy.proxy.http;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * A {@code Host} header value ({@code name}, {@code name:port}, {@code [v6]:port}) taken apart.
 *
 * @param name lower-case host name or IP literal, without brackets or a trailing dot
 * @param port the explicit port, or empty when the client gave none
 */
record HostHeader(String name, OptionalInt port) {

    /** Parses a {@code Host} value; a value that is not a host (empty, bad port) gives an empty name. */
    static HostHeader parse(String value) {
        String v = value == null ? "" : value.trim();
        String host = v;
        String port = null;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                return new HostHeader("", OptionalInt.empty());
            }
            host = v.substring(1, close);
            if (close + 1 < v.length()) {
                if (v.charAt(close + 1) != ':') {
                    return new HostHeader("", OptionalInt.empty());
                }
                port = v.substring(close + 2);
            }
        } else {
            int colon = v.indexOf(':');
            if (colon >= 0) {
                if (v.indexOf(':', colon + 1) >= 0) {
                    return new HostHeader("", OptionalInt.empty());
                }
                host = v.substring(0, colon);
                port = v.substring(colon + 1);
            }
        }
        OptionalInt p = OptionalInt.empty();
        if (port != null) {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(port) > 65535) {
                return new HostHeader("", OptionalInt.empty());
            }
            p = OptionalInt.of(Integer.parseInt(port));
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return new HostHeader(host, p);
    }

    boolean isEmpty() {
        return name.isEmpty();
    }
}
