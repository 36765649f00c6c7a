package io.debugproxy.proxy.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guesses which container the proxy runs in, from what the kernel and Docker leave inside it.
 * The guesses are only candidates: discovery keeps one only if the engine confirms it.
 */
public final class OwnContainer {

    private static final Pattern CGROUP_ID =
            Pattern.compile("(?:^|/)(?:docker-)?([0-9a-f]{64})(?:\\.scope)?$");
    private static final Pattern CONTAINER_DIR = Pattern.compile("/containers/([0-9a-f]{64})/");
    private static final Set<String> DOCKER_MANAGED_FILES = Set.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf");
    private static final Pattern DEFAULT_HOSTNAME = Pattern.compile("[0-9a-f]{12,64}");

    private OwnContainer() {
    }

    /** Candidate ids (full or prefix) of the proxy's own container, most reliable first. */
    static List<String> candidateIds(Path procSelf, String hostname) {
        Set<String> ids = new LinkedHashSet<>();
        ids.addAll(fromCgroup(read(procSelf.resolve("cgroup"))));
        ids.addAll(fromMountinfo(read(procSelf.resolve("mountinfo"))));
        if (hostname != null && DEFAULT_HOSTNAME.matcher(hostname).matches()) {
            ids.add(hostname);
        }
        return List.copyOf(ids);
    }

    public static List<String> candidateIds() {
        return candidateIds(Path.of("/proc/self"), System.getenv("HOSTNAME"));
    }

    /** Ids in cgroup v1 paths ({@code /docker/<id>}, {@code /system.slice/docker-<id>.scope}). */
    static List<String> fromCgroup(String cgroup) {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : cgroup.split("\n")) {
            int pathStart = line.indexOf(':', line.indexOf(':') + 1);
            if (pathStart < 0) {
                continue;
            }
            Matcher m = CGROUP_ID.matcher(line.substring(pathStart + 1).trim());
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return List.copyOf(ids);
    }

    // Works with cgroup v2 too: Docker bind-mounts /etc/hostname etc. from its per-container dir.
    static List<String> fromMountinfo(String mountinfo) {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length < 5 || !DOCKER_MANAGED_FILES.contains(fields[4])) {
                continue;
            }
            Matcher m = CONTAINER_DIR.matcher(fields[3]);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return List.copyOf(ids);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            // Not Linux, or no procfs: the proxy cannot be in a local container then.
            return "";
        }
    }
}
