package io.debugproxy.proxy.http;

import io.debugproxy.config.route.HostPort;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InternalUrlRewriterTest {

    private static final InternalUrlRewriter REWRITER =
            new InternalUrlRewriter(new HostPort("172.18.0.5", 8080), "172.18.0.5",
                    new PublicOrigin("http", "api.debug.localhost:2345"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "http://localhost:8080/login                 | http://api.debug.localhost:2345/login",
            "http://LOCALHOST:8080/login?next=/a#top     | http://api.debug.localhost:2345/login?next=/a#top",
            "http://127.0.0.1:8080/                      | http://api.debug.localhost:2345/",
            "http://[::1]:8080/x                         | http://api.debug.localhost:2345/x",
            "http://0.0.0.0:8080/x                       | http://api.debug.localhost:2345/x",
            "http://172.18.0.5:8080/x                    | http://api.debug.localhost:2345/x",
            "https://localhost:8080/secure               | http://api.debug.localhost:2345/secure",
            "http://localhost:8080                       | http://api.debug.localhost:2345",
            // not the backend's port, not an internal host, relative, or with credentials: untouched
            "http://localhost:9090/login                 | http://localhost:9090/login",
            "http://localhost/login                      | http://localhost/login",
            "http://example.com:8080/login               | http://example.com:8080/login",
            "http://172.18.0.6:8080/login                | http://172.18.0.6:8080/login",
            "/login                                      | /login",
            // scheme-relative: the public authority, still scheme-relative
            "//localhost:8080/login                      | //api.debug.localhost:2345/login",
            "//172.18.0.5:8080/a?b=c                     | //api.debug.localhost:2345/a?b=c",
            "//localhost:9090/login                      | //localhost:9090/login",
            "//example.com:8080/login                    | //example.com:8080/login",
            "http://user:pw@localhost:8080/              | http://user:pw@localhost:8080/",
            "ftp://localhost:8080/file                   | ftp://localhost:8080/file",
    })
    void rewritesUrlsThatNameTheBackendsInternalAddress(String url, String expected) {
        assertEquals(expected, REWRITER.rewriteUrl(url));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "5; url=http://localhost:8080/next          | 5; url=http://api.debug.localhost:2345/next",
            "0;URL='http://127.0.0.1:8080/next'         | 0;URL='http://api.debug.localhost:2345/next'",
            "3, url=/relative                           | 3, url=/relative",
            "10                                         | 10",
    })
    void rewritesTheUrlOfARefreshHeader(String value, String expected) {
        assertEquals(expected, REWRITER.rewriteRefresh(value));
    }

    @Test
    void rewritesLocationContentLocationAndRefresh_andNothingElse() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set("Location", "http://localhost:8080/login")
                .set("Content-Location", "http://127.0.0.1:8080/login")
                .set("Refresh", "3; url=http://0.0.0.0:8080/login")
                .set("Link", "<http://localhost:8080/style.css>; rel=preload");
        REWRITER.rewrite(headers);
        assertEquals("http://api.debug.localhost:2345/login", headers.get("Location"));
        assertEquals("http://api.debug.localhost:2345/login", headers.get("Content-Location"));
        assertEquals("3; url=http://api.debug.localhost:2345/login", headers.get("Refresh"));
        assertEquals("<http://localhost:8080/style.css>; rel=preload", headers.get("Link"));
    }

    @Test
    void rewritesToTheSchemeTheClientUsed() {
        InternalUrlRewriter tls = new InternalUrlRewriter(new HostPort("api", 8080), null,
                new PublicOrigin("https", "api.example.test"));
        assertEquals("https://api.example.test/x", tls.rewriteUrl("http://api:8080/x"));
    }
}
