package io.debugproxy.proxy.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PublicOriginTest {

    /** Headers from {@code Name: value} pairs separated by {@code " ; "}. */
    private static HttpHeaders headers(String text) {
        HttpHeaders headers = new DefaultHttpHeaders().set("Host", "api.localhost:2345");
        if (text != null) {
            for (String header : text.split(" ; ")) {
                int colon = header.indexOf(':');
                headers.add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    @ParameterizedTest(name = "trusted={1}: {0}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            // an untrusted peer: the Host it sent, port and all, whatever else it claims
            "none                                                           | false | http://api.localhost:2345",
            "X-Forwarded-Proto: https ; X-Forwarded-Host: public.example    | false | http://api.localhost:2345",
            // a trusted proxy: what it saw
            "none                                                           | true  | http://api.localhost:2345",
            "X-Forwarded-Proto: https ; X-Forwarded-Host: public.example    | true  | https://public.example",
            "X-Forwarded-Proto: HTTPS                                       | true  | https://api.localhost:2345",
            "X-Forwarded-Host: public.example:8443                          | true  | http://public.example:8443",
            "X-Forwarded-Proto: https, http ; X-Forwarded-Host: a.example, b | true  | https://a.example",
            "Forwarded: for=1.2.3.4;host=public.example;proto=https, for=10.0.0.1 | true | https://public.example",
            "Forwarded: for=\"[2001:db8::1]\";proto=https;host=\"public.example:8443\" | true | https://public.example:8443",
            "X-Forwarded-Host: x.example ; Forwarded: host=y.example;proto=https | true | https://x.example",
            // values that are no scheme or authority are not believed
            "X-Forwarded-Proto: javascript ; X-Forwarded-Host: evil.example/path | true | http://api.localhost:2345",
            "X-Forwarded-Host: user@evil.example                            | true  | http://api.localhost:2345",
    })
    void isWhatATrustedProxySaysElseWhatTheClientSent(String sent, boolean trusted, String expected) {
        assertEquals(expected, PublicOrigin.of(headers(sent), trusted, "http").toString());
    }
}
