package io.debugproxy.proxy.http;

import io.debugproxy.config.Cidr;
import io.debugproxy.config.HttpSettings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class ForwardedHeadersTest {

    private static final HttpSettings TRUST_10_SLASH_8 = new HttpSettings(List.of(Cidr.parse("10.0.0.0/8")));
    private static final ForwardedHeaders POLICY = new ForwardedHeaders(TRUST_10_SLASH_8::isTrusted, "http");
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.168.1.20", 51000);
    private static final InetSocketAddress TRAEFIK = new InetSocketAddress("10.1.2.3", 41000);

    private static HttpHeaders spoofed() {
        return new DefaultHttpHeaders()
                .set("Host", "api.debug.localhost:2345")
                .add("X-Forwarded-For", "6.6.6.6")
                .set("X-Forwarded-Host", "evil.example")
                .set("X-Forwarded-Proto", "https")
                .set("X-Forwarded-Port", "443")
                .set("X-Forwarded-Prefix", "/admin")
                .set("X-Real-IP", "6.6.6.6")
                .set("Forwarded", "for=6.6.6.6;proto=https");
    }

    @Test
    void setsEveryForwardedHeaderFromWhatTheClientSent() {
        HttpHeaders headers = new DefaultHttpHeaders().set("Host", "api.debug.localhost:2345");
        POLICY.apply(headers, CLIENT, 2345);
        assertEquals("api.debug.localhost:2345", headers.get("Host"), "Host passes unchanged");
        assertEquals("api.debug.localhost:2345", headers.get("X-Forwarded-Host"));
        assertEquals("http", headers.get("X-Forwarded-Proto"));
        assertEquals("2345", headers.get("X-Forwarded-Port"));
        assertEquals("192.168.1.20", headers.get("X-Forwarded-For"));
        assertEquals("192.168.1.20", headers.get("X-Real-IP"));
        assertEquals("for=192.168.1.20;host=\"api.debug.localhost:2345\";proto=http", headers.get("Forwarded"));
    }

    @Test
    void replacesForwardedHeadersSentByAnUntrustedPeer() {
        HttpHeaders headers = spoofed();
        POLICY.apply(headers, CLIENT, 2345);
        assertEquals("api.debug.localhost:2345", headers.get("X-Forwarded-Host"));
        assertEquals("http", headers.get("X-Forwarded-Proto"));
        assertEquals("2345", headers.get("X-Forwarded-Port"));
        assertEquals(List.of("192.168.1.20"), headers.getAll("X-Forwarded-For"));
        assertEquals("192.168.1.20", headers.get("X-Real-IP"));
        assertEquals(List.of("for=192.168.1.20;host=\"api.debug.localhost:2345\";proto=http"), headers.getAll("Forwarded"));
        assertNull(headers.get("X-Forwarded-Prefix"), "any X-Forwarded-* from an untrusted peer goes");
    }

    @Test
    void keepsForwardedHeadersOfATrustedProxy_andAppendsThePeer() {
        HttpHeaders headers = spoofed();
        POLICY.apply(headers, TRAEFIK, 2345);
        assertEquals("evil.example", headers.get("X-Forwarded-Host"));
        assertEquals("https", headers.get("X-Forwarded-Proto"));
        assertEquals("443", headers.get("X-Forwarded-Port"));
        assertEquals("/admin", headers.get("X-Forwarded-Prefix"));
        assertEquals("6.6.6.6, 10.1.2.3", headers.get("X-Forwarded-For"));
        assertEquals("6.6.6.6", headers.get("X-Real-IP"));
        assertEquals("for=6.6.6.6;proto=https, for=10.1.2.3;host=\"api.debug.localhost:2345\";proto=http",
                headers.get("Forwarded"));
    }

    @Test
    void joinsSeveralXForwardedForLinesOfATrustedProxy() {
        HttpHeaders headers = new DefaultHttpHeaders().set("Host", "a").add("X-Forwarded-For", "1.1.1.1")
                .add("X-Forwarded-For", "2.2.2.2, 3.3.3.3");
        POLICY.apply(headers, TRAEFIK, 80);
        assertEquals(List.of("1.1.1.1, 2.2.2.2, 3.3.3.3, 10.1.2.3"), headers.getAll("X-Forwarded-For"));
    }

    @Test
    void portIsTheLocalPortWhenTheHostHeaderHasNone() {
        HttpHeaders headers = new DefaultHttpHeaders().set("Host", "api.localhost");
        POLICY.apply(headers, CLIENT, 2345);
        assertEquals("2345", headers.get("X-Forwarded-Port"));
        assertEquals("for=192.168.1.20;host=api.localhost;proto=http", headers.get("Forwarded"));
    }

    @Test
    void quotesAnIpv6PeerInForwarded() {
        HttpHeaders headers = new DefaultHttpHeaders().set("Host", "api.localhost");
        POLICY.apply(headers, new InetSocketAddress("::1", 5000), 2345);
        assertEquals("0:0:0:0:0:0:0:1", headers.get("X-Real-IP"));
        assertEquals("for=\"[0:0:0:0:0:0:0:1]\";host=api.localhost;proto=http", headers.get("Forwarded"));
    }

    @Test
    void nobodyIsTrustedByDefault() {
        HttpHeaders headers = spoofed();
        new ForwardedHeaders(new HttpSettings(List.of())::isTrusted, "https").apply(headers, TRAEFIK, 443);
        assertEquals("10.1.2.3", headers.get("X-Forwarded-For"));
        assertEquals("https", headers.get("X-Forwarded-Proto"));
        assertFalse(headers.get("Forwarded").contains("6.6.6.6"));
    }
}
