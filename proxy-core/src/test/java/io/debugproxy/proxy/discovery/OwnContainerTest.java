package io.debugproxy.proxy.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OwnContainerTest {

    private static final String ID = "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a10";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cgroup v1 docker            | 12:memory:/docker/3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a10     | 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a10
            systemd cgroup driver       | 0::/system.slice/docker-3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a10.scope | 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a10
            cgroup v2 private namespace | 0::/                                                                                     |
            host process                | 0::/user.slice/user-1000.slice/session-2.scope                                           |
            short hex is not an id      | 4:memory:/process_api/bc53c4c5c06ef1b3350b285be89232a4                                  |
            """)
    void findsContainerIdInCgroup(String description, String line, String expected) {
        assertEquals(expected == null ? List.of() : List.of(expected), OwnContainer.fromCgroup(line));
    }

    @Test
    void findsContainerIdInDockerManagedMounts() {
        String mountinfo = """
                612 540 0:52 / / rw,relatime master:281 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/ABC
                640 612 254:1 /var/lib/docker/containers/%1$s/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda1 rw
                641 612 254:1 /var/lib/docker/containers/%1$s/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw
                642 612 254:1 /var/lib/docker/containers/%1$s/hosts /etc/hosts rw,relatime - ext4 /dev/vda1 rw
                """.formatted(ID);

        assertEquals(List.of(ID), OwnContainer.fromMountinfo(mountinfo));
    }

    @Test
    void ignoresContainerDirectoriesMountedElsewhere() {
        String mountinfo = "700 612 254:1 /var/lib/docker/containers/%s /data rw - ext4 /dev/vda1 rw".formatted(ID);

        assertEquals(List.of(), OwnContainer.fromMountinfo(mountinfo));
    }

    @Test
    void usesDefaultStyleHostnameAsLastCandidate(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve("cgroup"), "0::/\n");
        Files.writeString(proc.resolve("mountinfo"),
                "641 612 254:1 /containers/%s/hostname /etc/hostname rw - ext4 /dev/vda1 rw\n".formatted(ID));

        assertEquals(List.of(ID, "3f2a9c1e8b7d"), OwnContainer.candidateIds(proc, "3f2a9c1e8b7d"));
    }

    @Test
    void ignoresHostnamesThatAreNotContainerIds(@TempDir Path proc) {
        assertEquals(List.of(), OwnContainer.candidateIds(proc, "laptop"));
        assertEquals(List.of(), OwnContainer.candidateIds(proc, "api"));
    }

    @Test
    void hasNoCandidatesWithoutProcfs(@TempDir Path empty) {
        assertEquals(List.of(), OwnContainer.candidateIds(empty.resolve("missing"), null));
    }
}
