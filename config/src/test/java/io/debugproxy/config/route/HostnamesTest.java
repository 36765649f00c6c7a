package io.debugproxy.config.route;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostnamesTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource({
            "api.localhost, api.localhost",
            "' API.Example.TEST ', api.example.test",
            "api.localhost., api.localhost",
            "localhost, localhost",
            "a-b.c1.io, a-b.c1.io",
            "xn--bcher-kva.example, xn--bcher-kva.example"})
    void normalisesValidHostname(String raw, String normalized) {
        assertEquals(normalized, Hostnames.normalize(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a_b.localhost", "-api.localhost", "api-.localhost", "a..b", ".a", "a b",
            "api.localhost:8080", "10.0.0.1", "*.localhost", "bücher.example",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.localhost"})
    void rejectsInvalidHostname(String raw) {
        assertThrows(IllegalArgumentException.class, () -> Hostnames.normalize(raw));
    }
}
