package io.debugproxy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeySuggestionTest {

    private static final List<String> KNOWN = List.of("listeners", "trustedProxies", "rule", "enable");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "listners, listeners",
            "trustedproxies, trustedProxies",
            "TRUSTEDPROXIES, trustedProxies",
            "rules, rule",
            "enabled, enable",
            "ru, rule",
            "r, none",
            "certificates, none",
    })
    void suggestsTheClosestKnownKeyOnlyWhileItIsCloseEnoughToHelp(String unknown, String expected) {
        assertEquals(expected, KeySuggestion.closest(unknown, KNOWN).orElse(null));
    }

    @Test
    void suggestsNothingWhenNoKeyIsKnown() {
        assertTrue(KeySuggestion.closest("listeners", List.of()).isEmpty());
    }
}
