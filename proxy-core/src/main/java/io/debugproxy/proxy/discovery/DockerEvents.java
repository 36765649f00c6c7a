package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which Docker events change the inventory, and which container each one concerns. */
final class DockerEvents {

    /**
     * {@code health_status} arrives as {@code health_status: <status>}; the engine matches a filter on
     * the bare word as a prefix. Traefik shows or hides a container when its health changes, so the
     * container is inspected again, as for any other change.
     */
    static final Set<String> CONTAINER_ACTIONS = Set.of("start", "die", "destroy", "rename", "health_status");
    static final Set<String> NETWORK_ACTIONS = Set.of("connect", "disconnect");

    private DockerEvents() {
    }

    /** The id of the container whose state this event changed, or empty when it changes none. */
    static Optional<String> affectedContainer(Event event) {
        String action = action(event);
        if (event.getType() == EventType.CONTAINER && CONTAINER_ACTIONS.contains(action)) {
            String id = event.getActor() != null ? event.getActor().getId() : event.getId();
            return nonEmpty(id);
        }
        if (event.getType() == EventType.NETWORK && NETWORK_ACTIONS.contains(action)) {
            Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
            return nonEmpty(attributes == null ? null : attributes.get("container"));
        }
        return Optional.empty();
    }

    /** Event time as the {@code since} argument of the events API: seconds with nanosecond fraction. */
    static Optional<String> sinceArgument(Event event) {
        if (event.getTimeNano() != null && event.getTimeNano() > 0) {
            long nanos = event.getTimeNano();
            return Optional.of(String.format("%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L));
        }
        if (event.getTime() != null && event.getTime() > 0) {
            return Optional.of(Long.toString(event.getTime()));
        }
        return Optional.empty();
    }

    private static String action(Event event) {
        // Engines before API 1.22 only fill "status".
        String action = event.getAction() != null ? event.getAction() : String.valueOf(event.getStatus());
        // "health_status: healthy", "exec_start: sh -c ...": the word before the colon is the action.
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon).trim();
    }

    private static Optional<String> nonEmpty(String id) {
        return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
    }
}
