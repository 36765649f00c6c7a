package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import com.github.dockerjava.api.model.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerEventsTest {

    private static final String CONTAINER = "c0ffee";

    private static Event event(EventType type, String action, String actorId, Map<String, String> attributes) {
        return new Event().withType(type).withAction(action)
                .withEventActor(new EventActor().withId(actorId).withAttributes(attributes));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            CONTAINER | start             | c0ffee
            CONTAINER | die               | c0ffee
            CONTAINER | destroy           | c0ffee
            CONTAINER | rename            | c0ffee
            CONTAINER | create            |
            CONTAINER | exec_start: sh -c |
            CONTAINER | health_status: healthy   | c0ffee
            CONTAINER | health_status: unhealthy | c0ffee
            CONTAINER | exec_die          |
            IMAGE     | pull              |
            """)
    void containerEventsNameTheirActor(EventType type, String action, String expected) {
        assertEquals(Optional.ofNullable(expected), DockerEvents.affectedContainer(event(type, action, CONTAINER, Map.of())));
    }

    @ParameterizedTest(name = "network {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            connect    | c0ffee
            disconnect | c0ffee
            create     |
            destroy    |
            """)
    void networkEventsNameTheContainerAttribute(String action, String expected) {
        Event e = event(EventType.NETWORK, action, "net123", Map.of("container", CONTAINER, "name", "app_default"));

        assertEquals(Optional.ofNullable(expected), DockerEvents.affectedContainer(e));
    }

    @Test
    void networkEventWithoutContainerConcernsNone() {
        assertEquals(Optional.empty(), DockerEvents.affectedContainer(event(EventType.NETWORK, "connect", "net123", null)));
    }

    @Test
    void networkEventOfAListedContainerIsInspected() {
        Event e = event(EventType.NETWORK, "disconnect", "net123", Map.of("container", CONTAINER));

        assertEquals(Optional.of(CONTAINER), DockerEvents.containerToInspect(e, CONTAINER::equals));
    }

    @Test
    void networkEventOfAContainerNotListedIsNot() {
        // Sent while the engine starts the container; its start event follows.
        Event e = event(EventType.NETWORK, "connect", "net123", Map.of("container", CONTAINER));

        assertEquals(Optional.empty(), DockerEvents.containerToInspect(e, id -> false));
    }

    @Test
    void containerEventIsInspectedWhetherListedOrNot() {
        assertEquals(Optional.of(CONTAINER),
                DockerEvents.containerToInspect(event(EventType.CONTAINER, "start", CONTAINER, Map.of()), id -> false));
    }

    private static DockerEvents.Changes changes(Event... events) {
        DockerEvents.Changes changes = new DockerEvents.Changes(CONTAINER::equals);
        for (Event e : events) {
            changes.add(e);
        }
        return changes;
    }

    private static Event container(String action) {
        return event(EventType.CONTAINER, action, CONTAINER, Map.of());
    }

    private static Event network(String action) {
        return event(EventType.NETWORK, action, "net123", Map.of("container", CONTAINER));
    }

    @Test
    void containerThatDiesIsDroppedWithoutInspectingIt() {
        DockerEvents.Changes c = changes(container("kill"), container("die"), network("disconnect"), container("stop"));

        assertEquals(Set.of(CONTAINER), c.stopped());
        assertEquals(Set.of(), c.toInspect());
    }

    @Test
    void containerThatDiesAndStartsAgainIsInspected() {
        DockerEvents.Changes c = changes(container("die"), container("start"));

        assertEquals(Set.of(), c.stopped());
        assertEquals(Set.of(CONTAINER), c.toInspect());
    }

    @Test
    void containerThatStartsAndIsRemovedIsDropped() {
        DockerEvents.Changes c = changes(container("start"), container("destroy"));

        assertEquals(Set.of(CONTAINER), c.stopped());
        assertEquals(Set.of(), c.toInspect());
    }

    @Test
    void severalEventsOfOneContainerInspectItOnce() {
        DockerEvents.Changes c = changes(network("connect"), container("rename"), container("health_status: healthy"));

        assertEquals(Set.of(CONTAINER), c.toInspect());
    }

    @Test
    void burstOfIgnoredEventsAsksNothing() {
        assertTrue(changes(container("create"), event(EventType.IMAGE, "pull", "img", Map.of())).isEmpty());
    }

    @Test
    void sinceArgumentKeepsNanosecondPrecision() {
        Event e = new Event().withTimenano(1_700_000_000_000_000_123L).withTime(1_700_000_000L);

        assertEquals(Optional.of("1700000000.000000123"), DockerEvents.sinceArgument(e));
    }

    @Test
    void sinceArgumentFallsBackToSeconds() {
        assertEquals(Optional.of("1700000000"), DockerEvents.sinceArgument(new Event().withTime(1_700_000_000L)));
    }
}
