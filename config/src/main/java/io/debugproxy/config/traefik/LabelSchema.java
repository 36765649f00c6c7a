package io.debugproxy.config.traefik;

import io.debugproxy.config.KeySuggestion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The part of Traefik's dynamic configuration that labels can set, as a schema, and the
 * decoding of a {@link LabelNode} tree against it. Option names match ignoring case; an option
 * Traefik does not have is an error, because Traefik then refuses every label of the container
 * ("field not found"). Subtrees debugproxy does not interpret (middlewares, health checks,
 * sticky sessions, TLS domains) are accepted as they are here; {@link OptionSchema} gives them
 * Traefik's names and types afterwards, without refusing an option a newer Traefik may have.
 */
final class LabelSchema {

    enum Leaf { STRING, BOOL, INT, LIST }

    sealed interface Shape permits LeafShape, StructShape, MapShape, RawShape {
    }

    record LeafShape(Leaf type) implements Shape {
    }

    /** @param allowEmpty {@code tls=true} alone enables the struct; another value disables it */
    record StructShape(String what, Map<String, Shape> fields, boolean allowEmpty) implements Shape {
    }

    record MapShape(String what, Shape value) implements Shape {
    }

    record RawShape() implements Shape {
    }

    private static final Shape STRING = new LeafShape(Leaf.STRING);
    private static final Shape BOOL = new LeafShape(Leaf.BOOL);
    private static final Shape INT = new LeafShape(Leaf.INT);
    private static final Shape LIST = new LeafShape(Leaf.LIST);
    private static final Shape RAW = new RawShape();

    private static final Shape HTTP_ROUTER = struct("HTTP routers", false,
            "entryPoints", LIST, "middlewares", LIST, "service", STRING, "rule", STRING, "ruleSyntax", STRING,
            "priority", INT, "observability", RAW,
            "tls", struct("router TLS settings", true, "options", STRING, "certResolver", STRING, "domains", RAW));
    private static final Shape HTTP_SERVICE = struct("HTTP services", false,
            "loadBalancer", struct("load balancers", false,
                    "server", struct("servers", false, "url", STRING, "scheme", STRING, "port", STRING, "weight", INT,
                            "preservePath", BOOL),
                    "sticky", RAW, "strategy", STRING, "healthCheck", RAW, "passiveHealthCheck", RAW,
                    "passHostHeader", BOOL, "responseForwarding", RAW, "serversTransport", STRING),
            "weighted", RAW, "mirroring", RAW, "failover", RAW);
    private static final Shape TCP_ROUTER = struct("TCP routers", false,
            "entryPoints", LIST, "middlewares", LIST, "service", STRING, "rule", STRING, "ruleSyntax", STRING,
            "priority", INT,
            "tls", struct("router TLS settings", true, "passthrough", BOOL, "options", STRING, "certResolver", STRING,
                    "domains", RAW));
    private static final Shape TCP_SERVICE = struct("TCP services", false,
            "loadBalancer", struct("load balancers", false,
                    "server", struct("servers", false, "port", STRING, "tls", BOOL, "weight", INT),
                    "proxyProtocol", RAW, "terminationDelay", INT, "serversTransport", STRING),
            "weighted", RAW);
    private static final Shape UDP_ROUTER = struct("UDP routers", false, "entryPoints", LIST, "service", STRING);
    private static final Shape UDP_SERVICE = struct("UDP services", false,
            "loadBalancer", struct("load balancers", false, "server", struct("servers", false, "port", STRING)),
            "weighted", RAW);

    /** Everything under {@code traefik.} that the dynamic configuration reads. */
    static final StructShape DYNAMIC = struct("traefik.* labels", false,
            "http", struct("traefik.http.* labels", false,
                    "routers", new MapShape("router", HTTP_ROUTER), "services", new MapShape("service", HTTP_SERVICE),
                    "middlewares", new MapShape("middleware", RAW), "serversTransports", new MapShape("transport", RAW)),
            "tcp", struct("traefik.tcp.* labels", false,
                    "routers", new MapShape("router", TCP_ROUTER), "services", new MapShape("service", TCP_SERVICE),
                    "middlewares", new MapShape("middleware", RAW), "serversTransports", new MapShape("transport", RAW)),
            "udp", struct("traefik.udp.* labels", false,
                    "routers", new MapShape("router", UDP_ROUTER), "services", new MapShape("service", UDP_SERVICE)),
            "tls", RAW);

    /** {@code traefik.enable} and {@code traefik.docker.*}, read by the Docker provider itself. */
    static final StructShape DOCKER = struct("traefik.* labels", false,
            "enable", BOOL,
            "docker", struct("traefik.docker.* labels", false, "network", STRING, "lbSwarm", BOOL, "allowNonRunning", BOOL));

    private LabelSchema() {
    }

    private static StructShape struct(String what, boolean allowEmpty, Object... namesAndShapes) {
        Map<String, Shape> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            fields.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
        }
        return new StructShape(what, Collections.unmodifiableMap(fields), allowEmpty);
    }

    /** Decodes {@code node} (a struct) against {@code shape}. */
    static Decoded decode(LabelNode node, StructShape shape) {
        return decodeStruct(node, shape);
    }

    private static Decoded decodeStruct(LabelNode node, StructShape shape) {
        boolean disabled = false;
        if (shape.allowEmpty() && node.value() != null && !node.value().isEmpty()
                && !node.value().equalsIgnoreCase("true")) {
            disabled = true;
        } else if (node.children().isEmpty() && !shape.allowEmpty() && !node.key().equals(LabelNode.ROOT)) {
            throw new LabelError(node.key(), "label " + node.key() + " sets a value, but '" + node.name() + "' is a group of"
                    + " options (" + String.join(", ", shape.fields().keySet()) + ") and cannot stand alone");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, LabelNode> nodes = new LinkedHashMap<>();
        for (LabelNode child : node.children()) {
            Map.Entry<String, Shape> field = field(shape, child.name())
                    .orElseThrow(() -> unknownOption(shape, child));
            String canonical = field.getKey();
            nodes.put(canonical, child);
            values.put(canonical, decodeValue(child, field.getValue()));
        }
        return new Decoded(node, values, nodes, disabled);
    }

    private static Object decodeValue(LabelNode node, Shape shape) {
        if (shape instanceof StructShape s) {
            return decodeStruct(node, s);
        }
        if (shape instanceof MapShape m) {
            if (node.children().isEmpty()) {
                throw new LabelError(node.key(), "label " + node.key() + " sets a value, but '" + node.name() + "' holds named "
                        + m.what() + "s: write " + node.key() + ".<name>.<option>");
            }
            Map<String, Object> entries = new LinkedHashMap<>();
            for (LabelNode child : node.children()) {
                entries.put(child.name(), decodeValue(child, m.value()));
            }
            return Collections.unmodifiableMap(entries);
        }
        if (shape instanceof RawShape) {
            return raw(node);
        }
        LeafShape leaf = (LeafShape) shape;
        if (!node.children().isEmpty()) {
            throw new LabelError(node.children().get(0).key(), "label " + node.children().get(0).key() + " gives '" + node.name()
                    + "' sub-options, but it takes a single value (" + node.key() + "=...)");
        }
        String text = node.value() == null ? "" : node.value();
        return switch (leaf.type()) {
            case STRING -> text;
            case LIST -> list(text);
            case BOOL -> GoValues.parseBool(text).orElseThrow(() -> new LabelError(node.key(), "label " + node.key() + " is '"
                    + text + "', not a boolean: use true or false"));
            case INT -> GoValues.parseInt(text).orElseThrow(() -> new LabelError(node.key(), "label " + node.key() + " is '"
                    + text + "', not a whole number"));
        };
    }

    /** Traefik splits on commas and trims each item; empty items are dropped here. */
    private static List<String> list(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /** A subtree kept as written: nested maps of strings, for rendering only. */
    private static Object raw(LabelNode node) {
        if (node.children().isEmpty()) {
            return node.value() == null ? "" : node.value();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (LabelNode child : node.children()) {
            out.put(child.name(), raw(child));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Optional<Map.Entry<String, Shape>> field(StructShape shape, String name) {
        for (Map.Entry<String, Shape> e : shape.fields().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static LabelError unknownOption(StructShape shape, LabelNode child) {
        String suggestion = KeySuggestion.closest(child.name(), List.copyOf(shape.fields().keySet()))
                .map(s -> "; did you mean '" + s + "'?")
                .orElse("; known: " + String.join(", ", shape.fields().keySet()));
        return new LabelError(child.key(), "label " + child.key() + ": '" + child.name() + "' is not an option Traefik knows for "
                + shape.what() + " (Traefik: field not found)" + suggestion);
    }

    /** A decoded struct: option values by canonical name, and the label nodes they came from. */
    static final class Decoded {
        private final LabelNode node;
        private final Map<String, Object> values;
        private final Map<String, LabelNode> nodes;
        private final boolean disabled;

        Decoded(LabelNode node, Map<String, Object> values, Map<String, LabelNode> nodes, boolean disabled) {
            this.node = node;
            this.values = Collections.unmodifiableMap(values);
            this.nodes = Collections.unmodifiableMap(nodes);
            this.disabled = disabled;
        }

        /** The label key of this struct, e.g. {@code traefik.http.routers.api}. */
        String key() {
            return node.key();
        }

        /** The label key of one option, whether or not it is set. */
        String key(String option) {
            LabelNode n = nodes.get(option);
            return n != null ? n.key() : node.key() + "." + option.toLowerCase(Locale.ROOT);
        }

        boolean has(String option) {
            return values.containsKey(option);
        }

        /** For {@code allowEmpty} structs such as {@code tls}: set to a value other than true. */
        boolean disabled() {
            return disabled;
        }

        String string(String option) {
            Object v = values.get(option);
            return v == null ? "" : (String) v;
        }

        Optional<Boolean> bool(String option) {
            return Optional.ofNullable((Boolean) values.get(option));
        }

        Optional<Long> integer(String option) {
            return Optional.ofNullable((Long) values.get(option));
        }

        @SuppressWarnings("unchecked")
        List<String> list(String option) {
            Object v = values.get(option);
            return v == null ? List.of() : (List<String>) v;
        }

        /** An option kept as written ({@code RAW} in the schema): a string, or nested maps of them. */
        Optional<Object> raw(String option) {
            return Optional.ofNullable(values.get(option));
        }

        Optional<Decoded> struct(String option) {
            return Optional.ofNullable((Decoded) values.get(option));
        }

        /** A map of named structs ({@code routers}, {@code services}), in label-name order. */
        Map<String, Decoded> structs(String option) {
            Object v = values.get(option);
            if (v == null) {
                return Map.of();
            }
            Map<String, Decoded> out = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, d) -> out.put((String) k, (Decoded) d));
            return Collections.unmodifiableMap(out);
        }

        /** A map of named raw subtrees ({@code middlewares}). */
        @SuppressWarnings("unchecked")
        Map<String, Object> raws(String option) {
            Object v = values.get(option);
            return v == null ? Map.of() : (Map<String, Object>) v;
        }

        /** Raw option values other than {@code except}, keyed by canonical option name. */
        Map<String, Object> others(List<String> except) {
            Map<String, Object> out = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                if (!except.contains(k)) {
                    out.put(k, v instanceof Decoded d ? d.plain() : v);
                }
            });
            return Collections.unmodifiableMap(out);
        }

        /** This struct as nested maps of plain values, for rendering. */
        Map<String, Object> plain() {
            return others(List.of());
        }
    }
}
