package io.debugproxy.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({"10s, PT10S", "500ms, PT0.5S", "2m, PT2M", "1h, PT1H", "0, PT0S", "0s, PT0S"})
    void readsDurationsAsTyped(String text, String expected) {
        assertEquals(Duration.parse(expected), DurationText.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "ten", "-1s", "1.5s", "10 s", "s", ""})
    void refusesAnythingElseNamingTheForms(String text) {
        CommandLine.TypeConversionException e =
                assertThrows(CommandLine.TypeConversionException.class, () -> DurationText.parse(text));
        assertEquals("'" + text + "' is not a duration; write it like 10s, 500ms, 2m or 0", e.getMessage());
    }
}
