package io.debugproxy.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The scheme and authority the client used to reach the service, for URLs sent back to it
 * (redirects). A trusted proxy in front (Traefik on HTTPS, say) saw the original request, so what
 * it says wins: {@code X-Forwarded-Proto} / {@code X-Forwarded-Host}, else {@code proto=} /
 * {@code host=} of the first {@code Forwarded} element. Otherwise, and for any value that is not
 * a scheme or an authority, this listener's scheme and the {@code Host} the client sent, its port
 * included (that is what {@code Host} means).
 *
 * @param scheme    {@code http} or {@code https}
 * @param authority {@code host[:port]}
 */
record PublicOrigin(String scheme, String authority) {

    PublicOrigin {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(authority, "authority");
    }

    /**
     * @param headers        the request headers as the client sent them (before the forwarded-header policy)
     * @param trustedPeer    the peer is a trusted proxy, so its forwarded headers count
     * @param listenerScheme the scheme clients use on this listener
     */
    static PublicOrigin of(HttpHeaders headers, boolean trustedPeer, String listenerScheme) {
        String scheme = listenerScheme;
        String authority = headers.get(HttpHeaderNames.HOST, "").trim();
        if (trustedPeer) {
            List<String[]> forwarded = firstForwardedElement(headers.get(ForwardedHeaders.FORWARDED));
            String proto = firstListItem(headers.get(ForwardedHeaders.X_FORWARDED_PROTO));
            if (proto == null) {
                proto = parameter(forwarded, "proto");
            }
            String host = firstListItem(headers.get(ForwardedHeaders.X_FORWARDED_HOST));
            if (host == null) {
                host = parameter(forwarded, "host");
            }
            if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
                scheme = proto.toLowerCase(Locale.ROOT);
            }
            if (host != null && isAuthority(host)) {
                authority = host;
            }
        }
        return new PublicOrigin(scheme, authority);
    }

    /** {@code scheme://authority}. */
    @Override
    public String toString() {
        return scheme + "://" + authority;
    }

    /** The first item of a comma-separated header: the one the proxy nearest the client added. */
    private static String firstListItem(String value) {
        if (value == null) {
            return null;
        }
        int comma = value.indexOf(',');
        String first = (comma < 0 ? value : value.substring(0, comma)).trim();
        return first.isEmpty() ? null : first;
    }

    /** {@code name=value} pairs of the first element of an RFC 7239 {@code Forwarded} value, values unquoted. */
    private static List<String[]> firstForwardedElement(String value) {
        List<String[]> pairs = new ArrayList<>();
        if (value == null) {
            return pairs;
        }
        StringBuilder pair = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (quoted) {
                if (c == '\\' && i + 1 < value.length()) {
                    pair.append(value.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    pair.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ';' || c == ',') {
                int eq = pair.indexOf("=");
                if (eq > 0) {
                    pairs.add(new String[] {pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1).trim()});
                }
                pair.setLength(0);
                if (c == ',') {
                    break;
                }
            } else {
                pair.append(c);
            }
        }
        return pairs;
    }

    private static String parameter(List<String[]> pairs, String name) {
        for (String[] pair : pairs) {
            if (pair[0].equals(name) && !pair[1].isEmpty()) {
                return pair[1];
            }
        }
        return null;
    }

    /** A host name or IP literal with an optional port, and nothing that could change a URL's meaning. */
    private static boolean isAuthority(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']';
            if (!allowed) {
                return false;
            }
        }
        return !HostHeader.parse(value).isEmpty();
    }
}
