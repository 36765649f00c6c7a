package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

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

    /**
     * The container to inspect again for this event, given which containers the inventory lists.
     * A network event of a container it does not list changes nothing: that container is being
     * started (its start event follows) or is already gone. Inspecting it would only wait, since the
     * engine answers for a container once it has finished starting it.
     */
    static Optional<String> containerToInspect(Event event, Predicate<String> listed) {
        Optional<String> id = affectedContainer(event);
        if (event.getType() == EventType.NETWORK) {
            return id.filter(listed);
        }
        return id;
    }

    /**
     * Whether the event says the container no longer runs: it died or was removed. That is certain
     * without asking the engine; a container that restarts sends a start event afterwards.
     */
    static boolean stopsContainer(Event event) {
        String action = action(event);
        return event.getType() == EventType.CONTAINER && (action.equals("die") || action.equals("destroy"));
    }

    /**
     * What one burst of events asks of the inventory, event by event in the engine's order: the
     * containers to inspect again, and those to drop because they stopped. The last word on a
     * container wins, except that a network event (the disconnect that follows a die) never brings
     * back a container that stopped.
     */
    static final class Changes {
        private final Predicate<String> listed;
        private final Set<String> inspect = new LinkedHashSet<>();
        private final Set<String> stopped = new LinkedHashSet<>();

        /** @param listed whether the inventory lists a container (by full id) before this burst */
        Changes(Predicate<String> listed) {
            this.listed = listed;
        }

        void add(Event event) {
            Optional<String> id = containerToInspect(event, listed);
            if (id.isEmpty()) {
                return;
            }
            if (stopsContainer(event)) {
                stopped.add(id.get());
                inspect.remove(id.get());
            } else if (event.getType() == EventType.CONTAINER || !stopped.contains(id.get())) {
                inspect.add(id.get());
                stopped.remove(id.get());
            }
        }

        Set<String> toInspect() {
            return Collections.unmodifiableSet(inspect);
        }

        Set<String> stopped() {
            return Collections.unmodifiableSet(stopped);
        }

        boolean isEmpty() {
            return inspect.isEmpty() && stopped.isEmpty();
        }
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
