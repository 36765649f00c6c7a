package io.debugproxy.cli.ide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.cli.AdminOption;
import io.debugproxy.cli.UserError;
import io.debugproxy.config.route.HostPort;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The route an IDE attaches to, from a running proxy's {@code GET /routes}: where its plain port
 * listens and which container it leads to.
 *
 * @param container the route's container name, null for a static route
 */
record RouteEndpoint(String name, String host, int port, String container) {

    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    /**
     * @param wanted route name, or null to take the only usable one
     * @throws UserError when the route is unknown, not usable, or not named and ambiguous
     */
    static RouteEndpoint lookup(AdminOption adminOption, String wanted, String hostOverride) {
        String admin = adminOption.address();
        JsonNode routes = fetch(adminOption);
        List<String> usable = new ArrayList<>();
        JsonNode chosen = null;
        for (JsonNode route : routes) {
            boolean ok = route.path("status").asText().equals("ok") && route.path("listen").isTextual();
            if (ok) {
                usable.add(route.path("name").asText());
            }
            if (wanted != null && route.path("name").asText().equals(wanted)) {
                if (!ok) {
                    throw new UserError("route '" + wanted + "' has no port to attach to: "
                            + (route.path("error").isTextual() ? route.path("error").asText() : "it is not listening")
                            + "; see 'proxy routes'");
                }
                chosen = route;
            }
        }
        if (wanted == null) {
            if (usable.size() != 1) {
                throw new UserError(usable.isEmpty()
                        ? "the proxy at " + admin + " has no usable route; see 'proxy routes'"
                        : "name the route: the proxy has " + usable.size() + " (" + String.join(", ", usable) + ")");
            }
            return lookup(adminOption, usable.get(0), hostOverride);
        }
        if (chosen == null) {
            throw new UserError("the proxy at " + admin + " has no route '" + wanted + "'"
                    + (usable.isEmpty() ? "" : "; usable routes: " + String.join(", ", usable)));
        }
        HostPort listen = HostPort.parse(chosen.path("listen").asText());
        String host = hostOverride != null ? hostOverride
                : WILDCARDS.contains(listen.host()) ? "127.0.0.1" : listen.host();
        String container = chosen.path("container").isTextual() ? chosen.path("container").asText() : null;
        return new RouteEndpoint(wanted, host, listen.port(), container);
    }

    private static JsonNode fetch(AdminOption option) {
        String admin = option.address();
        URI uri;
        try {
            uri = URI.create("http://" + admin + "/routes");
        } catch (IllegalArgumentException e) {
            throw new UserError(option.source() + " '" + admin + "' is not a HOST:PORT address");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the admin API at " + admin + " answered HTTP " + response.statusCode()
                        + " for /routes");
            }
            return new ObjectMapper().readTree(response.body());
        } catch (ConnectException e) {
            throw new IllegalStateException("no proxy is answering at " + admin
                    + "; start one with 'proxy serve', or pass --admin HOST:PORT (or set $" + AdminOption.ENV + ")");
        } catch (IOException e) {
            throw new IllegalStateException("could not read the routes from " + admin + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
