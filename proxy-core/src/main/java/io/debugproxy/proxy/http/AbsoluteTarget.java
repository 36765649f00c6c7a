package io.debugproxy.proxy.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request target in absolute form ({@code GET http://api.localhost/x HTTP/1.1}) taken apart.
 * RFC 9112 section 3.2.2: its authority, not the {@code Host} header, names the host, and the
 * request goes on with a {@code Host} made from it; the backend gets the origin form.
 *
 * @param authority  {@code host[:port]} of the target
 * @param originForm path and query, {@code /} when the target has no path
 */
record AbsoluteTarget(String authority, String originForm) {

    private static final Pattern ABSOLUTE = Pattern.compile("^(?i:https?)://([^/?#]*)([^#]*)(?:#.*)?$", Pattern.DOTALL);

    /**
     * The absolute-form target of {@code uri}; empty when {@code uri} is in another form (origin
     * form {@code /x}, {@code *}).
     *
     * @throws IllegalArgumentException when it is absolute but names no usable host (none, or user info)
     */
    static Optional<AbsoluteTarget> of(String uri) {
        Matcher m = ABSOLUTE.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        String authority = m.group(1);
        if (authority.isEmpty() || authority.indexOf('@') >= 0 || HostHeader.parse(authority).isEmpty()) {
            throw new IllegalArgumentException("the request target names no host");
        }
        String rest = m.group(2);
        String originForm = rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest;
        return Optional.of(new AbsoluteTarget(authority, originForm));
    }
}
