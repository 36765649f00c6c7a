package io.debugproxy.proxy.mux;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonObjectFrameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}                                   | 2",
            "{\"id\":1}{\"id\":2}                 | 8",
            "{\"a\":{\"b\":[1,{\"c\":2}]}} trailing | 23",
            "{\"s\":\"}{][\"}                      | 12",
            "{\"s\":\"quote \\\" }\"}              | 18",
            "{\"s\":\"backslash \\\\\"}            | 20",
            "{\"id\":1                            | -1",
            "{\"s\":\"}                           | -1",
            "{\"a\":[{}                           | -1",
    })
    void findsTheEndOfTheFirstObject_orSaysItIsIncomplete(String json, int expected) {
        assertEquals(expected, JsonObjectFrame.length(Unpooled.copiedBuffer(json.strip(), StandardCharsets.UTF_8)));
    }

    @Test
    void refusesBytesThatDoNotOpenAnObject() {
        assertThrows(IllegalArgumentException.class,
                () -> JsonObjectFrame.length(Unpooled.copiedBuffer("[1]", StandardCharsets.UTF_8)));
    }
}
