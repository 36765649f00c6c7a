package io.debugproxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RouteTableTextTest {

    private static String render(String json) throws IOException {
        JsonNode routes = new ObjectMapper().readTree(json);
        return new RoutesCommand.RouteTableText(routes).render();
    }

    private static String route(String name, String clients, String upstream) {
        return "{\"name\":\"" + name + "\",\"container\":\"" + name + "-1\",\"target\":\"172.18.0.5:2345\","
                + "\"listen\":\"127.0.0.1:40000\",\"hosts\":[\"" + name + ".debug.localhost\"],\"http\":null,"
                + "\"clients\":" + clients + ",\"upstream\":" + upstream + ",\"status\":\"ok\",\"error\":null,"
                + "\"note\":null,\"warnings\":[]}";
    }

    private static String lastColumn(String table) {
        String row = table.lines().skip(1).findFirst().orElseThrow();
        return row.substring(row.indexOf(".debug.localhost") - 3);
    }

    @Test
    void eachWarningOfARouteBecomesALineNamingTheRoute() throws IOException {
        String json = "[" + route("api", "[]", "{\"tls\":false}").replace("\"warnings\":[]",
                "\"warnings\":[\"label debugproxy.enabel is ignored\",\"second\"]") + ","
                + route("web", "[]", "{\"tls\":false}") + "]";
        assertEquals(java.util.List.of("warning: route api: label debugproxy.enabel is ignored", "warning: route api: second"),
                RoutesCommand.routeWarnings(new ObjectMapper().readTree(json)));
    }

    @Test
    void plainRouteOpenToAnyClientShowsOnlyItsHosts() throws IOException {
        assertEquals("api.debug.localhost", lastColumn(render("[" + route("api", "[]", "{\"tls\":false}") + "]")));
    }

    @Test
    void showsAllowedClientsAndTheTlsUpstreamWithItsServerName() throws IOException {
        String table = render("[" + route("api", "[\"dev1\",\"dev2\"]", "{\"tls\":true,\"serverName\":\"api.test\"}") + "]");
        assertEquals("api.debug.localhost clients=dev1,dev2 upstream=tls(api.test)", lastColumn(table));
    }

    @Test
    void readsTheTableOfAProxyThatPredatesTheseFields() throws IOException {
        String old = "[{\"name\":\"api\",\"container\":\"api-1\",\"target\":\"172.18.0.5:2345\",\"listen\":\"127.0.0.1:40000\","
                + "\"hosts\":[\"api.debug.localhost\"],\"http\":null,\"status\":\"ok\",\"error\":null}]";
        assertEquals("api.debug.localhost", lastColumn(render(old)));
    }
}
