package io.debugproxy.proxy.listen;

import io.debugproxy.config.PortRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortAssignmentsTest {

    private static final PortRange RANGE = new PortRange(40000, 40002);

    @TempDir
    Path state;

    @Test
    void givesEachRouteTheLowestFreePort() {
        PortAssignments ports = PortAssignments.load(state, RANGE);
        assertEquals(OptionalInt.of(40000), ports.acquire("api", Set.of()));
        assertEquals(OptionalInt.of(40001), ports.acquire("web", Set.of()));
        assertEquals(OptionalInt.of(40000), ports.acquire("api", Set.of()), "asking again changes nothing");
    }

    @Test
    void keepsEachRoutesPortAcrossRestarts() {
        PortAssignments before = PortAssignments.load(state, RANGE);
        before.acquire("web", Set.of());
        before.acquire("api", Set.of());

        PortAssignments after = PortAssignments.load(state, RANGE);
        assertEquals(OptionalInt.of(40001), after.acquire("api", Set.of()));
        assertEquals(OptionalInt.of(40000), after.acquire("web", Set.of()));
    }

    @Test
    void deferredWritesLandTogetherWhenWritten() {
        PortAssignments ports = PortAssignments.load(state, RANGE);
        ports.deferWrites();
        ports.acquire("api", Set.of());
        ports.acquire("web", Set.of());
        assertEquals(OptionalInt.empty(), PortAssignments.load(state, RANGE).portOf("api"), "not written yet");

        ports.writeDeferred();

        PortAssignments reread = PortAssignments.load(state, RANGE);
        assertEquals(OptionalInt.of(40000), reread.portOf("api"));
        assertEquals(OptionalInt.of(40001), reread.portOf("web"));
        ports.acquire("db", Set.of());
        assertEquals(OptionalInt.of(40002), PortAssignments.load(state, RANGE).portOf("db"), "written at once again");
    }

    @Test
    void keepsTheReservationOfARouteWhoseListenerClosed() {
        PortAssignments ports = PortAssignments.load(state, RANGE);
        ports.acquire("api", Set.of());
        ports.release("api");
        assertEquals(OptionalInt.of(40001), ports.acquire("web", Set.of()));
        assertEquals(OptionalInt.of(40000), ports.acquire("api", Set.of()));
    }

    @Test
    void movesARouteToTheNextFreePortWhenItsPortIsBusy() {
        PortAssignments ports = PortAssignments.load(state, RANGE);
        ports.acquire("api", Set.of());
        assertEquals(OptionalInt.of(40001), ports.acquire("api", Set.of(40000)));
        assertEquals(OptionalInt.of(40001), PortAssignments.load(state, RANGE).portOf("api"),
                "the move is remembered");
    }

    @Test
    void skipsBusyPortsWhenAssigningANewRoute() {
        PortAssignments ports = PortAssignments.load(state, RANGE);
        assertEquals(OptionalInt.of(40002), ports.acquire("api", Set.of(40000, 40001)));
    }

    @Test
    void hasNoPortWhenTheRangeIsExhausted() {
        PortAssignments ports = PortAssignments.load(state, RANGE);
        ports.acquire("a", Set.of());
        ports.acquire("b", Set.of());
        ports.acquire("c", Set.of());
        assertEquals(OptionalInt.empty(), ports.acquire("d", Set.of()));
        assertEquals(OptionalInt.empty(), ports.portOf("d"));
    }

    @Test
    void hasNoPortWhenEveryPortInTheRangeIsBusy() {
        PortAssignments ports = PortAssignments.load(state, RANGE);
        assertEquals(OptionalInt.empty(), ports.acquire("api", Set.of(40000, 40001, 40002)));
    }

    @Test
    void reclaimsTheLeastRecentlyOpenedIdleReservationWhenTheRangeIsFull() {
        PortAssignments ports = PortAssignments.load(state, RANGE);
        ports.acquire("stale", Set.of());
        ports.acquire("reopened", Set.of());
        ports.acquire("busy", Set.of());
        ports.release("stale");
        ports.release("reopened");
        ports.acquire("reopened", Set.of());
        ports.release("reopened");

        assertEquals(OptionalInt.of(40000), ports.acquire("new", Set.of()));
        assertEquals(OptionalInt.empty(), ports.portOf("stale"));
        assertEquals(OptionalInt.of(40001), ports.portOf("reopened"));
    }

    @Test
    void refusesAFileThatIsNotJsonNamingItAndHowToRecover() throws IOException {
        Path file = state.resolve(PortAssignments.FILE_NAME);
        Files.writeString(file, "{\"version\": 1, \"ports\": {\"api\": 40000,", StandardCharsets.UTF_8);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PortAssignments.load(state, RANGE));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON at line 1"), e.getMessage());
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    }

    @Test
    void refusesAFileWithTheWrongShape() throws IOException {
        for (String content : List.of("[]", "{\"version\": 2, \"ports\": {}}", "{\"version\": 1, \"ports\": []}",
                "{\"version\": 1, \"ports\": {\"api\": \"40000\"}}", "{\"version\": 1, \"ports\": {\"api\": 70000}}")) {
            Files.writeString(state.resolve(PortAssignments.FILE_NAME), content, StandardCharsets.UTF_8);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> PortAssignments.load(state, RANGE), content);
            assertTrue(e.getMessage().startsWith("port assignments file "), e.getMessage());
        }
    }

    @Test
    void refusesAFileThatGivesOnePortToTwoRoutes() throws IOException {
        Files.writeString(state.resolve(PortAssignments.FILE_NAME),
                "{\"version\": 1, \"ports\": {\"api\": 40000, \"web\": 40000}}", StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PortAssignments.load(state, RANGE));
        assertTrue(e.getMessage().contains("port 40000 is assigned to both \"api\" and \"web\""), e.getMessage());
    }

    @Test
    void forgetsAssignmentsOutsideTheConfiguredRange() throws IOException {
        Files.writeString(state.resolve(PortAssignments.FILE_NAME),
                "{\"version\": 1, \"ports\": {\"api\": 39999, \"web\": 40002}}", StandardCharsets.UTF_8);
        PortAssignments ports = PortAssignments.load(state, RANGE);
        assertEquals(OptionalInt.empty(), ports.portOf("api"));
        assertEquals(OptionalInt.of(40002), ports.portOf("web"));
    }

    @Test
    void replacesTheFileWithoutLeavingATemporaryFileBehind() throws IOException {
        PortAssignments ports = PortAssignments.load(state.resolve("nested"), RANGE);
        ports.acquire("api", Set.of());
        ports.acquire("web", Set.of());
        try (var files = Files.list(state.resolve("nested"))) {
            assertEquals(List.of(PortAssignments.FILE_NAME), files.map(p -> p.getFileName().toString()).toList());
        }
        String json = Files.readString(state.resolve("nested").resolve(PortAssignments.FILE_NAME));
        assertTrue(json.contains("\"version\" : 1"), json);
        assertTrue(json.contains("\"api\" : 40000"), json);
        assertFalse(json.contains(".tmp"), json);
    }
}
