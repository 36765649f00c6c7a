package io.debugproxy.proxy.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.config.route.HostPort;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code proxy serve} that answered on its admin API: its live routes ({@code GET /routes})
 * and what it says about itself ({@code GET /health}). Doctor checks against it rather than
 * against a configuration file, since that is what the IDE goes through.
 *
 * @param admin  the admin address it answered on
 * @param routes its live route table
 * @param self   where it runs and whether it forwards; empty for a proxy too old to say
 */
public record RunningProxy(String admin, List<LiveRoute> routes, Optional<Self> self) {

    public RunningProxy {
        Objects.requireNonNull(admin, "admin");
        routes = List.copyOf(routes);
        Objects.requireNonNull(self, "self");
    }

    /**
     * One element of {@code GET /routes}.
     *
     * @param container the container's name, or null for a static route
     * @param target    the address the proxy dials ({@code host:port}), or null when the route is in error
     * @param error     why the route is in error, or null
     * @param note      how the target is reached when that is not plain (forwarder, host gateway), or null
     * @param tls       the target is dialed with mutual TLS
     */
    public record LiveRoute(String name, String container, String target, String error, String note, boolean tls) {

        public LiveRoute {
            Objects.requireNonNull(name, "name");
        }

        public boolean usable() {
            return error == null;
        }

        public boolean isStatic() {
            return container == null;
        }

        /** True when the proxy reaches this route's Delve through a forwarder container. */
        public boolean forwarded() {
            return note != null && note.contains("forwarder");
        }
    }

    /**
     * What the proxy said about itself.
     *
     * @param placeKnown     discovery has asked the engine whether the proxy runs in one of its containers
     * @param container      that container's name, or null when it runs outside
     * @param networks       that container's networks
     * @param forwarders     {@code docker.forwarders}
     * @param forwarderImage {@code docker.forwarderImage}
     */
    public record Self(boolean placeKnown, String container, Set<String> networks, boolean forwarders,
                       String forwarderImage) {

        public Self {
            networks = Set.copyOf(networks);
        }
    }

    /** The outcome of asking: the proxy, or why none answered. */
    public record Lookup(String admin, Optional<RunningProxy> proxy, String whyNot) {

        public Lookup {
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(proxy, "proxy");
        }

        public static Lookup none(String admin, String whyNot) {
            return new Lookup(admin, Optional.empty(), whyNot);
        }
    }

    /** The live route of the container named {@code container}, if the proxy has one. */
    public Optional<LiveRoute> routeOfContainer(String container) {
        return routes.stream().filter(r -> container.equals(r.container())).findFirst();
    }

    /** The route named {@code name}, if the proxy has one. */
    public Optional<LiveRoute> route(String name) {
        return routes.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The proxy's static routes (those not made from a container). */
    public List<LiveRoute> staticRoutes() {
        return routes.stream().filter(LiveRoute::isStatic).toList();
    }

    /**
     * Asks the proxy whose admin API is at {@code admin}. A wildcard address (the container image
     * binds 0.0.0.0:9180) is asked on loopback.
     */
    public static Lookup ask(HostPort admin, Duration timeout) {
        HostPort dial = admin.isWildcard() ? new HostPort("127.0.0.1", admin.port()) : admin;
        String shown = dial.toString();
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            String routes = get(http, dial, "/routes", timeout);
            String health = get(http, dial, "/health", timeout);
            return new Lookup(shown, Optional.of(parse(shown, routes, health)), null);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return Lookup.none(shown, "nothing answers there");
        } catch (HttpTimeoutException e) {
            return Lookup.none(shown, "no answer within " + timeout.toSeconds() + " s");
        } catch (IOException | IllegalArgumentException e) {
            return Lookup.none(shown, "what answers there is not a debugproxy admin API (" + oneLine(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Lookup.none(shown, "interrupted");
        }
    }

    /**
     * Reads {@code GET /routes} and {@code GET /health} bodies.
     *
     * @throws IllegalArgumentException when they are not what a debugproxy admin API answers
     */
    static RunningProxy parse(String admin, String routesJson, String healthJson) {
        ObjectMapper json = new ObjectMapper();
        JsonNode routes;
        JsonNode health;
        try {
            routes = json.readTree(routesJson);
            health = json.readTree(healthJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + oneLine(e), e);
        }
        if (routes == null || !routes.isArray() || health == null || !health.path("status").isTextual()) {
            throw new IllegalArgumentException("unexpected answer to /routes or /health");
        }
        List<LiveRoute> out = new ArrayList<>();
        for (JsonNode r : routes) {
            out.add(new LiveRoute(r.path("name").asText(), text(r.path("container")), text(r.path("target")),
                    r.path("status").asText("ok").equals("ok") ? null : text(r.path("error"), "in error"),
                    text(r.path("note")), r.path("upstream").path("tls").asBoolean(false)));
        }
        JsonNode p = health.path("proxy");
        Optional<Self> self = Optional.empty();
        if (p.isObject()) {
            Set<String> networks = new LinkedHashSet<>();
            p.path("networks").forEach(n -> networks.add(n.asText()));
            self = Optional.of(new Self(p.path("placeKnown").asBoolean(false), text(p.path("container")), networks,
                    p.path("forwarders").asBoolean(false), text(p.path("forwarderImage"))));
        }
        return new RunningProxy(admin, out, self);
    }

    private static String get(HttpClient http, HostPort at, String path, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + at + path)).timeout(timeout).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + path);
        }
        return response.body();
    }

    private static String text(JsonNode n) {
        return text(n, null);
    }

    private static String text(JsonNode n, String otherwise) {
        return n == null || n.isMissingNode() || n.isNull() ? otherwise : n.asText();
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("").strip();
    }
}
