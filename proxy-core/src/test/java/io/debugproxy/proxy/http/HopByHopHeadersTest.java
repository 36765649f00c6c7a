package io.debugproxy.proxy.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HopByHopHeadersTest {

    @Test
    void removesConnectionAndTheHeadersItNames_andTheFixedHopByHopHeaders() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set("Host", "api.localhost")
                .set("Connection", "keep-alive, X-Session-Hint")
                .set("X-Session-Hint", "1")
                .set("Keep-Alive", "timeout=5")
                .set("TE", "trailers")
                .set("Trailer", "Expires")
                .set("Upgrade", "h2c")
                .set("Proxy-Authorization", "Basic eDp5")
                .set("Proxy-Connection", "keep-alive")
                .set("Transfer-Encoding", "chunked")
                .set("Accept", "*/*");
        HopByHopHeaders.strip(headers);
        assertEquals(Set.of("host", "transfer-encoding", "accept"), names(headers));
    }

    @Test
    void neverRemovesHostOrFramingHeadersEvenWhenConnectionNamesThem() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set("Host", "api.localhost")
                .set("Content-Length", "3")
                .set("Connection", "Host, Content-Length, Transfer-Encoding");
        HopByHopHeaders.strip(headers);
        assertEquals(Set.of("host", "content-length"), names(headers));
    }

    @Test
    void keepsAWebSocketUpgradeWhenAsked() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set("Connection", "keep-alive, Upgrade")
                .set("Upgrade", "websocket")
                .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        assertTrue(HopByHopHeaders.isWebSocketUpgrade(headers));
        HopByHopHeaders.strip(headers, true);
        assertEquals("Upgrade", headers.get("Connection"));
        assertEquals("websocket", headers.get("Upgrade"));
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", headers.get("Sec-WebSocket-Key"));
    }

    @Test
    void removesAnUpgradeToAnythingButWebSocket() {
        HttpHeaders headers = new DefaultHttpHeaders().set("Connection", "Upgrade").set("Upgrade", "h2c");
        assertFalse(HopByHopHeaders.isWebSocketUpgrade(headers));
        HopByHopHeaders.strip(headers, true);
        assertTrue(headers.isEmpty());
    }

    @Test
    void anUpgradeHeaderWithoutConnectionUpgradeIsNoUpgrade() {
        assertFalse(HopByHopHeaders.isWebSocketUpgrade(new DefaultHttpHeaders().set("Upgrade", "websocket")));
    }

    private static Set<String> names(HttpHeaders headers) {
        Set<String> names = new TreeSet<>();
        headers.names().forEach(n -> names.add(n.toLowerCase()));
        return names;
    }
}
