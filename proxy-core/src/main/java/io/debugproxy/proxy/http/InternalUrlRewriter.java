package io.debugproxy.proxy.http;

import io.debugproxy.config.route.HostPort;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites {@code Location}, {@code Content-Location} and {@code Refresh} response headers whose
 * URL points at the backend's internal address — {@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}, {@code 0.0.0.0}, the backend's configured host or its IP, each with the backend's
 * port — to the {@link PublicOrigin} the client used. A service that builds absolute URLs from
 * its own listen address then still sends the browser somewhere it can reach. A scheme-relative
 * URL ({@code //localhost:8080/a}) gets the public authority and stays scheme-relative. Other
 * URLs, path-relative ones included, and bodies are left alone.
 */
final class InternalUrlRewriter {

    static final AsciiString REFRESH = AsciiString.cached("refresh");

    /** {@code http://}, {@code https://} or scheme-relative {@code //}, then the authority and the rest. */
    private static final Pattern ABSOLUTE = Pattern.compile("^(?:(?i)(https?):)?//([^/?#]*)(.*)$", Pattern.DOTALL);
    /** {@code 5; url=http://...}, the URL optionally quoted. */
    private static final Pattern REFRESH_URL =
            Pattern.compile("^(\\s*\\d+(?:\\.\\d*)?\\s*[;,]\\s*(?i:url)\\s*=\\s*)(['\"]?)(.*?)\\2(\\s*)$", Pattern.DOTALL);

    private final Set<String> internalHosts;
    private final int backendPort;
    private final PublicOrigin publicOrigin;

    /**
     * @param backend      the backend as configured (host may be a name or an IP literal)
     * @param backendIp    the IP the backend connection actually reached, or null
     * @param publicOrigin scheme and authority as the client addressed the proxy (or a trusted proxy in front of it)
     */
    InternalUrlRewriter(HostPort backend, String backendIp, PublicOrigin publicOrigin) {
        Set<String> hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "::1", "0.0.0.0"));
        hosts.add(backend.host().toLowerCase(Locale.ROOT));
        if (backendIp != null) {
            hosts.add(backendIp.toLowerCase(Locale.ROOT));
        }
        this.internalHosts = Set.copyOf(hosts);
        this.backendPort = backend.port();
        this.publicOrigin = Objects.requireNonNull(publicOrigin, "publicOrigin");
    }

    /** Rewrites the three headers of a response in place. */
    void rewrite(HttpHeaders headers) {
        rewriteHeader(headers, HttpHeaderNames.LOCATION, false);
        rewriteHeader(headers, HttpHeaderNames.CONTENT_LOCATION, false);
        rewriteHeader(headers, REFRESH, true);
    }

    private void rewriteHeader(HttpHeaders headers, AsciiString name, boolean refresh) {
        String value = headers.get(name);
        if (value == null) {
            return;
        }
        String rewritten = refresh ? rewriteRefresh(value) : rewriteUrl(value);
        if (!rewritten.equals(value)) {
            headers.set(name, rewritten);
        }
    }

    /** The URL with an internal origin replaced by the public one; any other URL unchanged. */
    String rewriteUrl(String url) {
        Matcher m = ABSOLUTE.matcher(url.trim());
        if (!m.matches()) {
            return url;
        }
        // A scheme-relative URL from the backend means the scheme the backend is reached with: http.
        String scheme = m.group(1) == null ? "http" : m.group(1).toLowerCase(Locale.ROOT);
        String authority = m.group(2);
        if (authority.indexOf('@') >= 0) {
            return url; // credentials in the URL: not something to touch
        }
        HostHeader parsed = HostHeader.parse(authority);
        if (parsed.isEmpty() || !internalHosts.contains(parsed.name())) {
            return url;
        }
        int port = parsed.port().orElse(scheme.equals("https") ? 443 : 80);
        if (port != backendPort) {
            return url;
        }
        if (m.group(1) == null) {
            return "//" + publicOrigin.authority() + m.group(3);
        }
        return publicOrigin + m.group(3);
    }

    String rewriteRefresh(String value) {
        Matcher m = REFRESH_URL.matcher(value);
        if (!m.matches()) {
            return value;
        }
        String url = m.group(3);
        String rewritten = rewriteUrl(url);
        if (rewritten.equals(url)) {
            return value;
        }
        return m.group(1) + m.group(2) + rewritten + m.group(2) + m.group(4);
    }
}
