package io.debugproxy.proxy.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The proxy's metrics registry: one instance per {@code proxy serve}, created by the assembly and
 * passed through constructors to whatever counts something. Thread-safe; counting on the hot path
 * (bytes relayed) touches only a {@link LongAdder} the caller already holds.
 *
 * <p>Label values come from route names, listener names and fixed reason strings chosen by the
 * caller, never from raw client input, so the number of series stays bounded.
 */
public final class ProxyMetrics {

    /** Listener name of the per-route plain ports. */
    public static final String ROUTES_LISTENER = "routes";
    /** Route label of HTTP requests that no route answered (unknown host, malformed, timed out). */
    public static final String NO_ROUTE = "-";
    /** Content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ConcurrentMap<List<String>, ConnectionCounter> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, LongAdder> handshakeFailures = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> syncErrors = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> httpRequests = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, LongAdder> httpResponses = new ConcurrentHashMap<>();
    private final LongAdder discoveryLagNanos = new LongAdder();
    private final LongAdder discoveryLagCount = new LongAdder();
    private final AtomicLong lastDiscoveryLagNanos = new AtomicLong(-1);
    private final List<GaugeFamily> gauges = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<String, LongSupplier> syncErrorSources = new ConcurrentHashMap<>();

    /**
     * The counters of connections accepted on {@code listener} for {@code route}; the same object
     * for the same pair, so a listener can look it up once and keep it.
     */
    public ConnectionCounter connections(String listener, String route) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(route, "route");
        return connections.computeIfAbsent(List.of(listener, route), k -> new ConnectionCounter());
    }

    /**
     * A TLS (or other) handshake on {@code listener} failed before any byte was relayed.
     *
     * @param reason a short fixed token such as {@code unknown_ca}, {@code expired}, {@code no_sni}
     */
    public void handshakeFailed(String listener, String reason) {
        handshakeFailures.computeIfAbsent(List.of(listener, reason), k -> new LongAdder()).increment();
    }

    /**
     * The HTTP reverse proxy took one request for {@code route} ({@link #NO_ROUTE} when no route
     * answered it): connections on the multiplexed port belong to no single route, requests do.
     */
    public void httpRequest(String route) {
        httpRequests.computeIfAbsent(Objects.requireNonNull(route, "route"), k -> new LongAdder()).increment();
    }

    /**
     * The HTTP reverse proxy sent a final response (or {@code 101}) with status {@code code} for
     * {@code route}, whether the service or the proxy itself wrote it. A code outside 100-599
     * counts as {@code other}, so a service cannot grow the number of series at will.
     */
    public void httpResponse(String route, int code) {
        String label = code >= 100 && code <= 599 ? Integer.toString(code) : "other";
        httpResponses.computeIfAbsent(List.of(Objects.requireNonNull(route, "route"), label), k -> new LongAdder())
                .increment();
    }

    /**
     * Makes every {@code reasons} of {@code listener} show up with 0 failures before the first one, so
     * that a rate or an alert on the series works from the start.
     */
    public void declareHandshakeFailures(String listener, Collection<String> reasons) {
        reasons.forEach(reason -> handshakeFailures.computeIfAbsent(List.of(listener, reason), k -> new LongAdder()));
    }

    /**
     * Keeping something in sync failed once, e.g. {@code docker} (discovery lost the engine) or
     * {@code traefik} (the dynamic configuration file could not be written).
     */
    public void syncError(String component) {
        syncErrors.computeIfAbsent(component, k -> new LongAdder()).increment();
    }

    /** Makes {@code component} show up with 0 errors before its first error. */
    public void declareSyncComponent(String component) {
        syncErrors.computeIfAbsent(component, k -> new LongAdder());
    }

    /**
     * Adds the errors a component counts itself (read at every scrape) to its
     * {@code debugproxy_sync_errors_total}, e.g. {@code dockerInventory::syncErrors}.
     */
    public void syncErrors(String component, LongSupplier counted) {
        declareSyncComponent(component);
        syncErrorSources.merge(component, counted, (a, b) -> () -> a.getAsLong() + b.getAsLong());
    }

    /** How long a Docker event took to reach the published route table. */
    public void discoveryLag(Duration lag) {
        long nanos = Math.max(0, lag.toNanos());
        discoveryLagNanos.add(nanos);
        discoveryLagCount.increment();
        lastDiscoveryLagNanos.set(nanos);
    }

    /**
     * Registers a gauge read at every scrape: {@code samples} gives label values to numbers, an empty
     * label map for a gauge without labels.
     *
     * @param name e.g. {@code debugproxy_routes}; must be a valid Prometheus metric name
     */
    public void gauge(String name, String help, Supplier<Map<Map<String, String>, Number>> samples) {
        gauges.add(new GaugeFamily(PrometheusText.requireName(name), help, samples));
    }

    /** Renders every metric in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        PrometheusText out = new PrometheusText();
        out.family("debugproxy_connections_total", "counter",
                "Client connections accepted, by listener and route.");
        connections.forEach((k, c) -> out.sample("debugproxy_connections_total",
                Map.of("listener", k.get(0), "route", k.get(1)), c.accepted.sum()));
        out.family("debugproxy_connections_open", "gauge",
                "Client connections open now, by listener and route.");
        connections.forEach((k, c) -> out.sample("debugproxy_connections_open",
                Map.of("listener", k.get(0), "route", k.get(1)), c.open.sum()));
        out.family("debugproxy_bytes_total", "counter",
                "Bytes relayed: direction=in is read from clients, direction=out is written to clients.");
        connections.forEach((k, c) -> {
            out.sample("debugproxy_bytes_total",
                    Map.of("listener", k.get(0), "route", k.get(1), "direction", "in"), c.bytesIn.sum());
            out.sample("debugproxy_bytes_total",
                    Map.of("listener", k.get(0), "route", k.get(1), "direction", "out"), c.bytesOut.sum());
        });
        out.family("debugproxy_handshake_failures_total", "counter",
                "Handshakes refused or failed before any byte reached a target, by listener and reason.");
        handshakeFailures.forEach((k, n) -> out.sample("debugproxy_handshake_failures_total",
                Map.of("listener", k.get(0), "reason", k.get(1)), n.sum()));
        out.family("debugproxy_http_requests_total", "counter",
                "HTTP requests taken on the multiplexed port, by route (\"-\": no route answered).");
        httpRequests.forEach((route, n) -> out.sample("debugproxy_http_requests_total", Map.of("route", route), n.sum()));
        out.family("debugproxy_http_responses_total", "counter",
                "HTTP responses sent on the multiplexed port, by route and status code, the proxy's own included.");
        httpResponses.forEach((k, n) -> out.sample("debugproxy_http_responses_total",
                Map.of("route", k.get(0), "code", k.get(1)), n.sum()));
        out.family("debugproxy_sync_errors_total", "counter",
                "Failures to stay in sync with the Docker engine or to write Traefik's configuration, by component.");
        syncErrors.forEach((component, n) -> out.sample("debugproxy_sync_errors_total",
                Map.of("component", component),
                n.sum() + syncErrorSources.getOrDefault(component, () -> 0).getAsLong()));
        out.family("debugproxy_discovery_lag_seconds", "summary",
                "Time from a Docker event to the route table that reflects it.");
        out.sample("debugproxy_discovery_lag_seconds_sum", Map.of(), discoveryLagNanos.sum() / 1e9);
        out.sample("debugproxy_discovery_lag_seconds_count", Map.of(), discoveryLagCount.sum());
        out.family("debugproxy_discovery_last_lag_seconds", "gauge",
                "Lag of the most recent Docker event (NaN before the first one).");
        long last = lastDiscoveryLagNanos.get();
        out.sample("debugproxy_discovery_last_lag_seconds", Map.of(), last < 0 ? Double.NaN : last / 1e9);
        for (GaugeFamily g : gauges) {
            out.family(g.name(), "gauge", g.help());
            g.samples().get().forEach((labels, value) -> out.sample(g.name(), labels, value.doubleValue()));
        }
        return out.toString();
    }

    /** Connection and byte counters of one (listener, route) pair. */
    public static final class ConnectionCounter {
        private final LongAdder accepted = new LongAdder();
        private final LongAdder open = new LongAdder();
        private final LongAdder bytesIn = new LongAdder();
        private final LongAdder bytesOut = new LongAdder();

        ConnectionCounter() {
        }

        public void opened() {
            accepted.increment();
            open.increment();
        }

        public void closed() {
            open.decrement();
        }

        /** Bytes read from the client. */
        public void bytesIn(long n) {
            bytesIn.add(n);
        }

        /** Bytes written to the client. */
        public void bytesOut(long n) {
            bytesOut.add(n);
        }

        public long accepted() {
            return accepted.sum();
        }

        public long open() {
            return open.sum();
        }

        public long bytesIn() {
            return bytesIn.sum();
        }

        public long bytesOut() {
            return bytesOut.sum();
        }
    }

    private record GaugeFamily(String name, String help, Supplier<Map<Map<String, String>, Number>> samples) {
    }
}
