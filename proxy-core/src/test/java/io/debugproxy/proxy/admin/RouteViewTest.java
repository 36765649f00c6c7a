package io.debugproxy.proxy.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.route.Upstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RouteViewTest {

    private static final RouteSpec USABLE = RouteSpec.ok("api", "api-1", "id", new HostPort("172.18.0.2", 2345),
            List.of("api.debug.localhost"), null, List.of());

    @Test
    void usableRouteWithItsPortListeningIsOk() {
        RouteView view = RouteView.of(USABLE, Optional.of(new HostPort("127.0.0.1", 40000)));
        assertEquals("ok", view.status());
        assertNull(view.error());
        assertEquals("127.0.0.1:40000", view.listen());
    }

    @Test
    void usableRouteWithoutAListeningPortIsNotOk() {
        RouteView view = RouteView.of(USABLE, Optional.empty());
        assertEquals("error", view.status());
        assertEquals(RouteView.NO_PORT, view.error());
    }

    @Test
    void brokenRouteKeepsItsOwnReason() {
        RouteSpec broken = RouteSpec.failed("bad", "bad-1", "id2", "label debugproxy.delve.port is 'abc'");
        RouteView view = RouteView.of(broken, Optional.empty());
        assertEquals("error", view.status());
        assertEquals("label debugproxy.delve.port is 'abc'", view.error());
    }

    @Test
    void plainRouteOpenToAnyClientShowsSo() {
        RouteView view = RouteView.of(USABLE, Optional.of(new HostPort("127.0.0.1", 40000)));
        assertEquals(List.of(), view.clients());
        assertEquals(new UpstreamView(false, null), view.upstream());
    }

    @Test
    void showsTheAllowedClients() {
        RouteSpec restricted = RouteSpec.ok("api", "api-1", "id", new HostPort("172.18.0.2", 2345),
                List.of("api.debug.localhost"), null, List.of("dev1", "dev2"));
        assertEquals(List.of("dev1", "dev2"), RouteView.derived(restricted).clients());
    }

    @Test
    void tlsUpstreamShowsTheRoutesFirstHostAsServerNameByDefault() {
        RouteView view = RouteView.derived(USABLE.withUpstream(Upstream.mutualTls()));
        assertEquals(new UpstreamView(true, "api.debug.localhost"), view.upstream());
    }

    @Test
    void tlsUpstreamShowsItsExplicitServerName() {
        RouteView view = RouteView.derived(USABLE.withUpstream(Upstream.mutualTls("sidecar.example.test")));
        assertEquals(new UpstreamView(true, "sidecar.example.test"), view.upstream());
    }

    @Test
    void brokenRouteHasNoUpstream() {
        RouteView view = RouteView.of(RouteSpec.failed("bad", "bad-1", "id2", "broken"), Optional.empty());
        assertNull(view.upstream());
        assertEquals(List.of(), view.clients());
    }

    @Test
    void upstreamJsonOmitsTheServerNameOfAPlainRoute() throws IOException {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"tls\":false}", json.writeValueAsString(RouteView.derived(USABLE).upstream()));
        assertEquals("{\"tls\":true,\"serverName\":\"api.debug.localhost\"}",
                json.writeValueAsString(RouteView.derived(USABLE.withUpstream(Upstream.mutualTls())).upstream()));
    }

    @Test
    void offlineDerivedRouteIsOkWithoutAPort() {
        RouteView view = RouteView.derived(USABLE);
        assertEquals("ok", view.status());
        assertNull(view.listen());
    }
}
