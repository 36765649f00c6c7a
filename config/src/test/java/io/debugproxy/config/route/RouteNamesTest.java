package io.debugproxy.config.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteNamesTest {

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource({
            "api, api",
            "Shop-API-1, shop-api-1",
            "my_app, my_app",
            "My API!, my-api",
            "/shop_api_1, shop_api_1",
            "'..api..', api",
            "---, ''",
            "api.shop, api.shop"})
    void sanitisesToRouteName(String raw, String name) {
        assertEquals(name, RouteNames.sanitize(raw));
    }

    @Test
    void sanitisedNamesAreValid() {
        for (String raw : new String[] {"Shop-API-1", "x y z", "_a_", "ÄÖÜ-svc", "a/b\\c"}) {
            String name = RouteNames.sanitize(raw);
            assertTrue(name.isEmpty() || RouteNames.isValid(name), name);
        }
    }

    @Test
    void rejectsNamesNotStartingWithLetterOrDigit() {
        assertFalse(RouteNames.isValid("-api"));
        assertFalse(RouteNames.isValid("Api"));
        assertTrue(RouteNames.isValid("0api_v2.x-y"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "api, api.debug.localhost",
            "api.shop, api.shop.debug.localhost",
            "my_app, my-app.debug.localhost",
            "a_.b, a.b.debug.localhost"})
    void derivesDefaultHost(String name, String host) {
        assertEquals(Optional.of(host), RouteNames.defaultHost(name, "debug.localhost"));
    }

    @Test
    void shortensOverlongLabelInDefaultHost() {
        String host = RouteNames.defaultHost("a".repeat(70), "debug.localhost").orElseThrow();
        assertEquals("a".repeat(63) + ".debug.localhost", host);
    }
}
