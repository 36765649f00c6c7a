package io.debugproxy.proxy.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {

    @ParameterizedTest(name = "retry {0} waits {1} ms")
    @CsvSource({"0, 500", "1, 1000", "2, 2000", "3, 4000", "4, 8000", "5, 10000", "6, 10000", "1000, 10000"})
    void defaultDoublesFromHalfASecondUpToTenSeconds(int attempt, long millis) {
        assertEquals(Duration.ofMillis(millis), Backoff.DEFAULT.delay(attempt));
    }

    @Test
    void rejectsMaximumBelowInitial() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @Test
    void rejectsZeroInitialDelay() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
