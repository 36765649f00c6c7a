package io.debugproxy.proxy.route;

import io.debugproxy.config.route.RouteSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Logs each route's error and warnings once, when they appear, rather than at every rebuild: a
 * broken label or a wrong {@code traefik.docker.network} is one line in the log, and stays visible
 * in {@code proxy routes}. A route that leaves the table and comes back with the same problems (its
 * container restarted: a die event, then a start event) is not logged again; a route whose problems
 * change has its new ones logged.
 */
public final class RouteProblemLog implements Consumer<RouteTable> {

    private static final Logger log = LoggerFactory.getLogger(RouteProblemLog.class);

    /**
     * The problems each route had when last in the table, as "kind, text" keys. A route without
     * problems has no entry, so only routes that had some are remembered while they are away.
     */
    private final Map<String, Set<String>> lastSeen = new HashMap<>();

    @Override
    public synchronized void accept(RouteTable table) {
        Map<String, Set<String>> now = new LinkedHashMap<>();
        for (RouteSpec route : table.routes()) {
            Set<String> problems = now.computeIfAbsent(route.name(), name -> new LinkedHashSet<>());
            Set<String> before = lastSeen.getOrDefault(route.name(), Set.of());
            String error = route.error() == null ? null : key("error", route.error());
            if (error != null && problems.add(error) && !before.contains(error)) {
                log.warn("event=route_error route={} container={} error={}", route.name(), route.container(),
                        quoted(route.error()));
            }
            for (String warning : route.warnings()) {
                String key = key("warning", warning);
                if (problems.add(key) && !before.contains(key)) {
                    log.warn("event=route_warning route={} container={} warning={}", route.name(), route.container(),
                            quoted(warning));
                }
            }
        }
        now.forEach((route, problems) -> {
            if (problems.isEmpty()) {
                lastSeen.remove(route);
            } else {
                lastSeen.put(route, problems);
            }
        });
    }

    private static String key(String kind, String text) {
        return kind + '\n' + text;
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
