package io.debugproxy.proxy.discovery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerStatusTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);

    @Test
    void keepsTheLastErrorAfterRecovering() {
        DockerStatus status = DockerStatus.starting("unix:///var/run/docker.sock", T0)
                .unreachableAt(T1, "connection refused")
                .connectedAt(T2);

        assertTrue(status.connected());
        assertEquals(T2, status.since());
        assertEquals(Optional.of("connection refused"), status.lastError());
    }

    @Test
    void outageStartsWhenTheConnectionIsLostNotAtEachRetry() {
        DockerStatus status = DockerStatus.starting("unix:///var/run/docker.sock", T0).connectedAt(T0)
                .unreachableAt(T1, "first")
                .unreachableAt(T2, "second");

        assertFalse(status.connected());
        assertEquals(T1, status.since());
        assertEquals(Optional.of("second"), status.lastError());
    }
}
