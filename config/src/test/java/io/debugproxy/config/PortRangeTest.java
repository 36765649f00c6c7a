package io.debugproxy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortRangeTest {

    @Test
    void parsesRange() {
        assertEquals(new PortRange(40000, 40099), PortRange.parse("40000-40099"));
        assertEquals(new PortRange(40000, 40099), PortRange.parse(" 40000 - 40099 "));
    }

    @Test
    void parsesSinglePort() {
        assertEquals(new PortRange(2345, 2345), PortRange.parse("2345"));
    }

    @Test
    void printsAsParsed() {
        assertEquals("40000-40099", PortRange.parse("40000-40099").toString());
        assertEquals("2345", PortRange.parse("2345").toString());
    }

    @Test
    void countsAndContainsInclusively() {
        PortRange r = new PortRange(40000, 40099);
        assertEquals(100, r.size());
        assertTrue(r.contains(40000));
        assertTrue(r.contains(40099));
        assertFalse(r.contains(40100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "40000-", "-40000", "40100-40000", "0-10", "1-65536", "40000-40099-40100", "4e4-5e4"})
    void rejectsInvalidRange(String text) {
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse(text));
    }
}
