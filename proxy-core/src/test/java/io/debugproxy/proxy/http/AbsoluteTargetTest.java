package io.debugproxy.proxy.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AbsoluteTargetTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http://api.localhost/x?y=1, api.localhost, /x?y=1",
            "HTTP://api.localhost:8080/x, api.localhost:8080, /x",
            "https://api.localhost, api.localhost, /",
            "http://api.localhost?y=1, api.localhost, /?y=1",
            "http://[::1]:8080/x#frag, [::1]:8080, /x",
    })
    void takesAnAbsoluteTargetApart(String uri, String authority, String originForm) {
        assertEquals(Optional.of(new AbsoluteTarget(authority, originForm)), AbsoluteTarget.of(uri));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/x", "*", "/http://api.localhost/x", "ftp://api.localhost/x"})
    void leavesOtherFormsAlone(String uri) {
        assertEquals(Optional.empty(), AbsoluteTarget.of(uri));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http:///x", "http://user@api.localhost/x", "http://api.localhost:abc/x"})
    void refusesAnAbsoluteTargetWithoutAUsableHost(String uri) {
        assertThrows(IllegalArgumentException.class, () -> AbsoluteTarget.of(uri));
    }

    @Test
    void anAbsoluteTargetIsNotTheOriginFormOfAnother() {
        assertEquals("/a/http://b/c", AbsoluteTarget.of("http://a/a/http://b/c").orElseThrow().originForm());
    }
}
