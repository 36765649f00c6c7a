package io.debugproxy.proxy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteViewTest {

    private final ObjectMapper json = new ObjectMapper();

    private static RouteSpec api() {
        return RouteSpec.ok("api", "shop-api-1", "c1", new HostPort("10.9.0.2", 2345), List.of("api.debug.localhost"),
                null, List.of());
    }

    @Test
    void showsTheRoutesWarnings() {
        RouteSpec warned = api().withWarnings(List.of("label traefik.docker.network names network 'backend'"));

        JsonNode view = json.valueToTree(RouteView.of(warned, Optional.empty()));

        assertEquals(1, view.get("warnings").size());
        assertEquals("label traefik.docker.network names network 'backend'", view.get("warnings").get(0).asText());
    }

    @Test
    void warningsAreAnEmptyArrayWhenThereAreNone() {
        JsonNode view = json.valueToTree(RouteView.of(api(), Optional.empty()));

        assertTrue(view.get("warnings").isArray());
        assertEquals(0, view.get("warnings").size());
    }
}
