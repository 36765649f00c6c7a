package io.debugproxy.proxy.metrics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrometheusTextTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "42, 42",
            "-3, -3",
            "0.25, 0.25",
            "1e20, 1.0E20",
            "NaN, NaN",
            "Infinity, +Inf",
            "-Infinity, -Inf"})
    void formatsNumbersAsPrometheusReadsThem(double value, String text) {
        assertEquals(text, PrometheusText.format(value));
    }
}
