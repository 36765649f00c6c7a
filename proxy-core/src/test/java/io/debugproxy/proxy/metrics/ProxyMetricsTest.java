package io.debugproxy.proxy.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyMetricsTest {

    private final ProxyMetrics metrics = new ProxyMetrics();

    @Test
    void countsConnectionsAndBytesPerListenerAndRoute() {
        ProxyMetrics.ConnectionCounter api = metrics.connections("routes", "api");
        api.opened();
        api.opened();
        api.closed();
        api.bytesIn(100);
        api.bytesOut(2048);

        String text = metrics.scrape();

        assertTrue(text.contains("debugproxy_connections_total{listener=\"routes\",route=\"api\"} 2\n"), text);
        assertTrue(text.contains("debugproxy_connections_open{listener=\"routes\",route=\"api\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_bytes_total{direction=\"in\",listener=\"routes\",route=\"api\"} 100\n"), text);
        assertTrue(text.contains("debugproxy_bytes_total{direction=\"out\",listener=\"routes\",route=\"api\"} 2048\n"), text);
    }

    @Test
    void returnsTheSameCounterForTheSamePair() {
        assertSame(metrics.connections("routes", "api"), metrics.connections("routes", "api"));
    }

    @Test
    void countsHandshakeFailuresByReason() {
        metrics.handshakeFailed("tls", "unknown_ca");
        metrics.handshakeFailed("tls", "unknown_ca");
        metrics.handshakeFailed("tls", "expired");

        String text = metrics.scrape();

        assertTrue(text.contains("debugproxy_handshake_failures_total{listener=\"tls\",reason=\"unknown_ca\"} 2\n"), text);
        assertTrue(text.contains("debugproxy_handshake_failures_total{listener=\"tls\",reason=\"expired\"} 1\n"), text);
    }

    @Test
    void countsHttpRequestsByRouteAndResponsesByRouteAndCode() {
        metrics.httpRequest("api");
        metrics.httpRequest("api");
        metrics.httpRequest(ProxyMetrics.NO_ROUTE);
        metrics.httpResponse("api", 200);
        metrics.httpResponse("api", 502);
        metrics.httpResponse(ProxyMetrics.NO_ROUTE, 404);
        metrics.httpResponse("api", 1234);

        String text = metrics.scrape();

        assertTrue(text.contains("debugproxy_http_requests_total{route=\"api\"} 2\n"), text);
        assertTrue(text.contains("debugproxy_http_requests_total{route=\"-\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_http_responses_total{code=\"200\",route=\"api\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_http_responses_total{code=\"502\",route=\"api\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_http_responses_total{code=\"404\",route=\"-\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_http_responses_total{code=\"other\",route=\"api\"} 1\n"), text);
    }

    @Test
    void showsDeclaredHandshakeFailureReasonsAtZeroBeforeTheFirstFailure() {
        metrics.declareHandshakeFailures("tls", List.of("expired", "revoked"));
        metrics.handshakeFailed("tls", "expired");

        String text = metrics.scrape();

        assertTrue(text.contains("debugproxy_handshake_failures_total{listener=\"tls\",reason=\"expired\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_handshake_failures_total{listener=\"tls\",reason=\"revoked\"} 0\n"), text);
    }

    @Test
    void addsSyncErrorsCountedElsewhereToThoseCountedHere() {
        metrics.syncErrors("docker", () -> 3);
        metrics.syncError("docker");
        metrics.declareSyncComponent("traefik");

        String text = metrics.scrape();

        assertTrue(text.contains("debugproxy_sync_errors_total{component=\"docker\"} 4\n"), text);
        assertTrue(text.contains("debugproxy_sync_errors_total{component=\"traefik\"} 0\n"), text);
    }

    @Test
    void summarizesDiscoveryLag() {
        assertTrue(metrics.scrape().contains("debugproxy_discovery_last_lag_seconds NaN\n"));
        metrics.discoveryLag(Duration.ofMillis(250));
        metrics.discoveryLag(Duration.ofMillis(750));

        String text = metrics.scrape();

        assertTrue(text.contains("debugproxy_discovery_lag_seconds_sum 1\n"), text);
        assertTrue(text.contains("debugproxy_discovery_lag_seconds_count 2\n"), text);
        assertTrue(text.contains("debugproxy_discovery_last_lag_seconds 0.75\n"), text);
    }

    @Test
    void readsGaugesAtScrapeTime() {
        int[] routes = {1};
        metrics.gauge("debugproxy_routes", "Routes.", () -> Map.of(Map.of("status", "ok"), routes[0]));
        assertTrue(metrics.scrape().contains("debugproxy_routes{status=\"ok\"} 1\n"));
        routes[0] = 5;
        assertTrue(metrics.scrape().contains("debugproxy_routes{status=\"ok\"} 5\n"));
    }

    @Test
    void refusesAnInvalidGaugeName() {
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("debugproxy-routes", "x", Map::of));
    }

    @Test
    void writesHelpAndTypeOnceBeforeEachFamilysSamples() {
        metrics.connections("routes", "a").opened();
        metrics.connections("routes", "b").opened();

        List<String> lines = metrics.scrape().lines().toList();

        int type = lines.indexOf("# TYPE debugproxy_connections_total counter");
        assertEquals("# HELP debugproxy_connections_total Client connections accepted, by listener and route.",
                lines.get(type - 1));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("# TYPE debugproxy_connections_total ")).count());
        assertTrue(lines.get(type + 1).startsWith("debugproxy_connections_total{"));
        assertTrue(lines.get(type + 2).startsWith("debugproxy_connections_total{"));
    }

    @Test
    void escapesLabelValues() {
        metrics.connections("routes", "we\"ird\\na\nme").opened();

        assertTrue(metrics.scrape().contains("route=\"we\\\"ird\\\\na\\nme\""), metrics.scrape());
    }

    @Test
    void everySampleLineIsWellFormed() {
        metrics.connections("routes", "api").opened();
        metrics.handshakeFailed("tls", "expired");
        metrics.syncError("traefik");
        metrics.discoveryLag(Duration.ofMillis(10));

        for (String line : metrics.scrape().lines().toList()) {
            assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\",?)*})? "
                    + "(NaN|[+-]Inf|-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?)"), line);
        }
    }
}
