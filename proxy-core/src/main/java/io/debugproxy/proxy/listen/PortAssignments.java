package io.debugproxy.proxy.listen;

import io.debugproxy.config.PortRange;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which port each route listens on, remembered in {@code <state>/ports.json} so a route keeps
 * its port across restarts of the proxy (IDE launch configurations name the port).
 *
 * <p>An assignment outlives its listener: a route that is in error, or whose container is
 * stopped, keeps its port reserved and gets it back when it returns. Only when the range has
 * no unassigned port left is the reservation of a route without a listener reclaimed, least
 * recently opened first. Thread-safe; the file is replaced atomically on every change.
 */
public final class PortAssignments {

    public static final String FILE_NAME = "ports.json";
    private static final int FORMAT_VERSION = 1;
    private static final Logger log = LoggerFactory.getLogger(PortAssignments.class);

    private final Path file;
    private final PortRange range;
    private final ObjectMapper json = new ObjectMapper();
    /** Route name to port, least recently opened first. */
    private final LinkedHashMap<String, Integer> ports;
    /** Routes whose listener is open; their ports are never reclaimed. */
    private final Set<String> inUse = new HashSet<>();
    /** While true, changes wait for {@link #writeDeferred()}: a burst of new routes costs one fsync, not one each. */
    private boolean deferring;
    private boolean unsaved;

    private PortAssignments(Path file, PortRange range, LinkedHashMap<String, Integer> ports) {
        this.file = file;
        this.range = range;
        this.ports = ports;
    }

    /**
     * Reads the assignments under {@code stateDir}, creating the directory when missing.
     * Assignments outside {@code range} (the range was changed) are forgotten.
     *
     * @throws IllegalStateException when the file is not a port assignments file; the message
     *                               names the file and says how to recover
     * @throws UncheckedIOException  when the directory or file cannot be read or created
     */
    public static PortAssignments load(Path stateDir, PortRange range) {
        Objects.requireNonNull(range, "range");
        Path file = stateDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(stateDir);
            LinkedHashMap<String, Integer> ports = Files.exists(file)
                    ? parse(file, Files.readAllBytes(file), range)
                    : new LinkedHashMap<>();
            return new PortAssignments(file, range, ports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read port assignments " + file + ": " + e.getMessage()
                    + "; check that the state directory is readable and writable", e);
        }
    }

    public Path file() {
        return file;
    }

    public PortRange range() {
        return range;
    }

    /** The port remembered for {@code route}, whether or not it is listening. */
    public synchronized OptionalInt portOf(String route) {
        Integer port = ports.get(route);
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** Every assignment, least recently opened first. */
    public synchronized Map<String, Integer> assignments() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }

    /**
     * Picks the port a listener for {@code route} should bind and marks the route in use: its
     * remembered port unless that is in {@code unusable} (e.g. busy), else the lowest port of the
     * range nobody holds, else a reclaimed one. Empty when the range is exhausted.
     */
    public synchronized OptionalInt acquire(String route, Set<Integer> unusable) {
        Objects.requireNonNull(route, "route");
        Integer remembered = ports.get(route);
        int port;
        if (remembered != null && !unusable.contains(remembered)) {
            port = remembered;
        } else {
            OptionalInt free = firstUnassigned(route, unusable);
            if (free.isEmpty()) {
                free = reclaim(route, unusable);
            }
            if (free.isEmpty()) {
                return OptionalInt.empty();
            }
            port = free.getAsInt();
            log.info("event=port_assigned route={} port={} previous={}", route, port, remembered);
        }
        inUse.add(route);
        boolean alreadyMostRecent = remembered != null && remembered == port && lastKey().equals(route);
        if (!alreadyMostRecent) {
            ports.remove(route);
            ports.put(route, port);
            if (deferring) {
                unsaved = true;
            } else {
                save();
            }
        }
        return OptionalInt.of(port);
    }

    /** Holds back file writes until {@link #writeDeferred()}; for a caller about to acquire many ports at once. */
    public synchronized void deferWrites() {
        deferring = true;
    }

    /** Writes what {@link #deferWrites()} held back, once, and writes at once again from now on. */
    public synchronized void writeDeferred() {
        deferring = false;
        if (unsaved) {
            unsaved = false;
            save();
        }
    }

    /** The route's listener closed; its port stays reserved for it. */
    public synchronized void release(String route) {
        inUse.remove(route);
    }

    private OptionalInt firstUnassigned(String route, Set<Integer> unusable) {
        Map<Integer, String> holders = new HashMap<>();
        ports.forEach((name, port) -> holders.put(port, name));
        return range.ports()
                .filter(p -> !unusable.contains(p))
                .filter(p -> holders.get(p) == null || holders.get(p).equals(route))
                .findFirst();
    }

    private OptionalInt reclaim(String route, Set<Integer> unusable) {
        for (Iterator<Map.Entry<String, Integer>> it = ports.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Integer> e = it.next();
            if (!e.getKey().equals(route) && !inUse.contains(e.getKey()) && !unusable.contains(e.getValue())) {
                it.remove();
                log.warn("event=port_reclaimed route={} port={} from_route={} reason=\"range {} exhausted\"",
                        route, e.getValue(), e.getKey(), range);
                return OptionalInt.of(e.getValue());
            }
        }
        return OptionalInt.empty();
    }

    private String lastKey() {
        String last = "";
        for (String name : ports.keySet()) {
            last = name;
        }
        return last;
    }

    private void save() {
        ObjectNode root = json.createObjectNode();
        root.put("version", FORMAT_VERSION);
        ObjectNode byRoute = root.putObject("ports");
        ports.forEach(byRoute::put);
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // The listener still works; only the next restart may hand out a different port.
            log.error("event=port_state_write_failed file={} reason=\"{}\" hint=\"make the state directory writable"
                    + " to keep ports stable across restarts\"", file, e.getMessage());
        }
    }

    private static LinkedHashMap<String, Integer> parse(Path file, byte[] content, PortRange range) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(content);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw corrupt(file, "it is not valid JSON" + where + " (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw corrupt(file, "expected a JSON object with \"version\" and \"ports\"", null);
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != FORMAT_VERSION) {
            throw corrupt(file, "\"version\" must be " + FORMAT_VERSION + ", found " + version, null);
        }
        JsonNode byRoute = root.get("ports");
        if (byRoute == null || !byRoute.isObject()) {
            throw corrupt(file, "\"ports\" must be an object of route name to port", null);
        }
        LinkedHashMap<String, Integer> ports = new LinkedHashMap<>();
        Map<Integer, String> holders = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : byRoute.properties()) {
            JsonNode value = e.getValue();
            if (!value.isInt() || value.intValue() < 1 || value.intValue() > 65535) {
                throw corrupt(file, "port of route \"" + e.getKey() + "\" must be a number 1-65535, found " + value,
                        null);
            }
            int port = value.intValue();
            String other = holders.putIfAbsent(port, e.getKey());
            if (other != null) {
                throw corrupt(file, "port " + port + " is assigned to both \"" + other + "\" and \"" + e.getKey()
                        + "\"", null);
            }
            if (range.contains(port)) {
                ports.put(e.getKey(), port);
            } else {
                log.info("event=port_assignment_dropped route={} port={} reason=\"outside range {}\"",
                        e.getKey(), port, range);
            }
        }
        return ports;
    }

    private static IllegalStateException corrupt(Path file, String problem, Throwable cause) {
        return new IllegalStateException("port assignments file " + file + " is unusable: " + problem
                + "; fix it, or delete it and every route gets a new port", cause);
    }
}
