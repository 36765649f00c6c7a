package io.debugproxy.config.discovery;

import io.debugproxy.config.route.RouteNames;
import io.debugproxy.config.route.RouteSpec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A debug target found by the label rules, before route names are assigned across all containers.
 *
 * @param draft          the route to be: its name is provisional (the container name) and its hosts leave
 *                       out the default {@code <name>.<domain>}, which depends on the final name; its
 *                       {@code appHosts} mark the names taken from the service's own Traefik routers
 * @param composeService {@code com.docker.compose.service}, empty when absent
 * @param composeProject {@code com.docker.compose.project}, empty when absent
 * @param explicitName   {@code debugproxy.route}, empty when absent
 */
public record DiscoveredRoute(RouteSpec draft, String composeService, String composeProject, String explicitName) {

    public DiscoveredRoute {
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(draft.container(), "a discovered route needs its container name");
        Objects.requireNonNull(draft.containerId(), "a discovered route needs its container id");
        composeService = composeService == null ? "" : composeService.trim();
        composeProject = composeProject == null ? "" : composeProject.trim();
        explicitName = explicitName == null ? "" : explicitName.trim();
    }

    public String containerName() {
        return draft.container();
    }

    public String containerId() {
        return draft.containerId();
    }

    public boolean usable() {
        return draft.usable();
    }

    /** The final route under {@code name}, answering first to {@code <name>.<debugDomain>}. */
    public RouteSpec toRouteSpec(String name, String debugDomain) {
        if (!draft.usable()) {
            return RouteSpec.failed(name, draft.container(), draft.containerId(), draft.error())
                    .withWarnings(draft.warnings());
        }
        Set<String> hosts = new LinkedHashSet<>();
        Optional<String> defaultHost = RouteNames.defaultHost(name, debugDomain);
        defaultHost.ifPresent(hosts::add);
        hosts.addAll(draft.hosts());
        // <name>.<domain> is a debug name by definition, even when the service's router names it too.
        List<String> appHosts = draft.appHosts().stream().filter(h -> !defaultHost.map(h::equals).orElse(false))
                .toList();
        return RouteSpec.ok(name, draft.container(), draft.containerId(), draft.target(), List.copyOf(hosts),
                draft.http(), draft.clients()).withUpstream(draft.upstream()).withNote(draft.note())
                .withWarnings(draft.warnings()).withAppHosts(appHosts);
    }
}
