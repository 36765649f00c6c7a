package io.debugproxy.config.route;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HostPortLoopbackTest {

    @ParameterizedTest(name = "{0}: loopback={1} wildcard={2}")
    @CsvSource({
            "127.0.0.1:1, true, false",
            "127.1.2.3:1, true, false",
            "localhost:1, true, false",
            "LOCALHOST:1, true, false",
            "[::1]:1, true, false",
            ":1, false, true",
            "0.0.0.0:1, false, true",
            "[::]:1, false, true",
            "10.0.0.1:1, false, false",
            "127.example.com:1, false, false",
            "myhost:1, false, false"})
    void classifiesBindHosts(String address, boolean loopback, boolean wildcard) {
        HostPort hp = HostPort.parse(address);
        assertEquals(loopback, hp.isLoopback());
        assertEquals(wildcard, hp.isWildcard());
    }
}
