package io.debugproxy.proxy.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debugproxy.config.route.RouteSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which route name each container's route had, kept in {@code <state>/routes.json} so that after a
 * restart of the proxy a container gets its name back (and with it its port from
 * {@code ports.json}), even when another stack's container would now claim the same name.
 * Keyed by container name: compose recreates a container with a new id but the same name.
 *
 * <p>A hint, not a contract: an unreadable file is logged and forgotten, never a reason not to
 * start. Not thread-safe: the route table is built under one lock.
 */
public final class RememberedRouteNames {

    public static final String FILE_NAME = "routes.json";
    private static final int FORMAT_VERSION = 1;
    private static final Logger log = LoggerFactory.getLogger(RememberedRouteNames.class);

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    /** Container name to route name. */
    private final Map<String, String> names;

    private RememberedRouteNames(Path file, Map<String, String> names) {
        this.file = file;
        this.names = names;
    }

    /** Reads {@code <stateDir>/routes.json}; a missing or unreadable file gives an empty memory. */
    public static RememberedRouteNames load(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        Map<String, String> names = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                JsonNode root = new ObjectMapper().readTree(file.toFile());
                if (root == null || root.path("version").asInt() != FORMAT_VERSION || !root.path("containers").isObject()) {
                    throw new IOException("expected {\"version\": 1, \"containers\": {...}}");
                }
                root.path("containers").properties().forEach(e -> {
                    if (e.getValue().isTextual()) {
                        names.put(e.getKey(), e.getValue().asText());
                    }
                });
            } catch (IOException e) {
                log.warn("event=route_names_unreadable file={} reason=\"{}\" action=\"starting without remembered"
                        + " route names\"", file, e.getMessage().replace('"', '\''));
                names.clear();
            }
        }
        return new RememberedRouteNames(file, names);
    }

    /** Container name to the route name it had. */
    public Map<String, String> byContainerName() {
        return Map.copyOf(names);
    }

    /**
     * Remembers the names of the usable discovered routes of {@code table} (a name has one holder:
     * an older holder of it is forgotten) and writes the file when anything changed.
     */
    public void remember(RouteTable table) {
        Map<String, String> updated = new LinkedHashMap<>(names);
        for (RouteSpec route : table.routes()) {
            if (route.containerId() == null || route.container() == null || !route.usable()) {
                continue;
            }
            updated.values().removeIf(name -> name.equals(route.name()));
            updated.put(route.container(), route.name());
        }
        if (!updated.equals(names)) {
            names.clear();
            names.putAll(updated);
            save();
        }
    }

    private void save() {
        ObjectNode root = json.createObjectNode();
        root.put("version", FORMAT_VERSION);
        ObjectNode containers = root.putObject("containers");
        names.forEach(containers::put);
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Routes work the same; only a restart may hand a name to another stack.
            log.error("event=route_names_write_failed file={} reason=\"{}\"", file, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RememberedRouteNames" + names;
    }
}
