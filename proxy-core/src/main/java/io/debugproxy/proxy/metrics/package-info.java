/**
 * The proxy's counters and gauges ({@link io.debugproxy.proxy.metrics.ProxyMetrics}), the handler
 * that counts connections and bytes on a listener's channels, and their Prometheus text rendering
 * for the admin API's {@code GET /metrics}.
 */
package io.debugproxy.proxy.metrics;
