package io.debugproxy.proxy.route;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RememberedRouteNamesTest {

    @TempDir
    Path state;

    private static RouteSpec discovered(String name, String container) {
        return RouteSpec.ok(name, container, container + "-id", new HostPort("10.0.0.2", 2345), List.of(), null, List.of());
    }

    @Test
    void namesOfUsableDiscoveredRoutesSurviveARestart() {
        RememberedRouteNames before = RememberedRouteNames.load(state);
        before.remember(RouteTable.of(List.of(discovered("api", "shop-api-1"),
                RouteSpec.failed("broken", "broken-1", "broken-id", "bad label"))));

        assertEquals(Map.of("shop-api-1", "api"), RememberedRouteNames.load(state).byContainerName());
    }

    @Test
    void aNameHasOneHolder_theLatest() {
        RememberedRouteNames names = RememberedRouteNames.load(state);
        names.remember(RouteTable.of(List.of(discovered("api", "shop-api-1"))));
        names.remember(RouteTable.of(List.of(discovered("api", "blog-api-1"))));

        assertEquals(Map.of("blog-api-1", "api"), RememberedRouteNames.load(state).byContainerName());
    }

    @Test
    void aContainerThatIsGoneKeepsItsName_forWhenItComesBack() {
        RememberedRouteNames names = RememberedRouteNames.load(state);
        names.remember(RouteTable.of(List.of(discovered("api", "shop-api-1"))));
        names.remember(RouteTable.empty());

        assertEquals(Map.of("shop-api-1", "api"), RememberedRouteNames.load(state).byContainerName());
    }

    @Test
    void anUnreadableFileIsForgotten_notAReasonToFail() throws IOException {
        Files.writeString(state.resolve(RememberedRouteNames.FILE_NAME), "{ not json");
        assertEquals(Map.of(), RememberedRouteNames.load(state).byContainerName());
    }

    @Test
    void nothingIsWrittenWhileNothingChanges() throws IOException {
        RememberedRouteNames names = RememberedRouteNames.load(state);
        names.remember(RouteTable.empty());
        assertFalse(Files.exists(state.resolve(RememberedRouteNames.FILE_NAME)));
    }
}
