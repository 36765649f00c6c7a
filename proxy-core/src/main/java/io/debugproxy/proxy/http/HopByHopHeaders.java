package io.debugproxy.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Removes the headers that describe one connection rather than the message (RFC 9110 §7.6.1):
 * {@code Connection} and every header it names, {@code Keep-Alive}, {@code TE}, {@code Trailer},
 * {@code Upgrade} and {@code Proxy-*}. {@code Transfer-Encoding} and {@code Content-Length} stay:
 * they frame the body, and the codec re-frames it on the other side from them.
 */
final class HopByHopHeaders {

    /** Never removed even when {@code Connection} names them: routing and framing depend on them. */
    private static final Set<String> PROTECTED = Set.of("host", "content-length", "transfer-encoding");

    private HopByHopHeaders() {
    }

    /** Removes every hop-by-hop header. */
    static void strip(HttpHeaders headers) {
        strip(headers, false);
    }

    /**
     * Removes every hop-by-hop header; with {@code keepWebSocketUpgrade}, a WebSocket upgrade
     * ({@code Upgrade: websocket}) goes on as {@code Connection: Upgrade} + {@code Upgrade: websocket}.
     */
    static void strip(HttpHeaders headers, boolean keepWebSocketUpgrade) {
        boolean upgrade = keepWebSocketUpgrade && isWebSocketUpgrade(headers);
        String upgradeValue = upgrade ? headers.get(HttpHeaderNames.UPGRADE) : null;
        for (String named : connectionTokens(headers)) {
            if (!PROTECTED.contains(named)) {
                headers.remove(named);
            }
        }
        headers.remove(HttpHeaderNames.CONNECTION);
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.TE);
        headers.remove(HttpHeaderNames.TRAILER);
        headers.remove(HttpHeaderNames.UPGRADE);
        List<String> proxyHeaders = new ArrayList<>();
        for (String name : headers.names()) {
            if (name.regionMatches(true, 0, "proxy-", 0, 6)) {
                proxyHeaders.add(name);
            }
        }
        proxyHeaders.forEach(headers::remove);
        if (upgrade) {
            headers.set(HttpHeaderNames.CONNECTION, "Upgrade");
            headers.set(HttpHeaderNames.UPGRADE, upgradeValue);
        }
    }

    /** {@code Connection} names {@code upgrade} and {@code Upgrade} names {@code websocket}. */
    static boolean isWebSocketUpgrade(HttpHeaders headers) {
        if (!connectionTokens(headers).contains("upgrade")) {
            return false;
        }
        for (String value : headers.getAll(HttpHeaderNames.UPGRADE)) {
            for (String token : value.split(",")) {
                String protocol = token.trim();
                int slash = protocol.indexOf('/');
                if (AsciiString.contentEqualsIgnoreCase(slash < 0 ? protocol : protocol.substring(0, slash), "websocket")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The lower-case tokens of every {@code Connection} header. */
    static List<String> connectionTokens(HttpHeaders headers) {
        List<String> tokens = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    tokens.add(t);
                }
            }
        }
        return tokens;
    }
}
