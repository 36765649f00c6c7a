package io.debugproxy.proxy.route;

import io.debugproxy.config.route.RouteSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Logs each route's error and warnings once, when they appear in the table, rather than at every
 * rebuild: a broken label or a wrong {@code traefik.docker.network} is one line in the log, and
 * stays visible in {@code proxy routes}.
 */
public final class RouteProblemLog implements Consumer<RouteTable> {

    private static final Logger log = LoggerFactory.getLogger(RouteProblemLog.class);

    /** Problems of the previous table, as "route, kind, text" keys. */
    private Set<String> seen = Set.of();

    @Override
    public synchronized void accept(RouteTable table) {
        Set<String> now = new HashSet<>();
        for (RouteSpec route : table.routes()) {
            if (route.error() != null && now.add(key(route, "error", route.error())) && isNew(route, "error", route.error())) {
                log.warn("event=route_error route={} container={} error={}", route.name(), route.container(),
                        quoted(route.error()));
            }
            for (String warning : route.warnings()) {
                if (now.add(key(route, "warning", warning)) && isNew(route, "warning", warning)) {
                    log.warn("event=route_warning route={} container={} warning={}", route.name(), route.container(),
                            quoted(warning));
                }
            }
        }
        seen = now;
    }

    private boolean isNew(RouteSpec route, String kind, String text) {
        return !seen.contains(key(route, kind, text));
    }

    private static String key(RouteSpec route, String kind, String text) {
        return route.name() + '\n' + kind + '\n' + text;
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
