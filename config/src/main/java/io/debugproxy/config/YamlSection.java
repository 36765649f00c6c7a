package io.debugproxy.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One YAML mapping of the config file, read key by key. It knows where every key and value
 * sits in the file, so each error names {@code file:line} and the dotted key path.
 * Unknown and duplicate keys are refused when the section is opened.
 */
final class YamlSection {

    /** A scalar value after {@code ${ENV}} expansion, with where it came from. */
    record Value(String path, String text, Node node, YamlSection section) {

        /** Converts the text; a parser's {@link IllegalArgumentException} becomes a located error. */
        <T> T as(Function<String, T> parser) {
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw section.error(node, path + ": " + e.getMessage());
            }
        }
    }

    private final String source;
    private final EnvExpander env;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries;

    private YamlSection(String source, EnvExpander env, String path, Node node, List<String> knownKeys) {
        this.source = source;
        this.env = env;
        this.path = path;
        this.node = node;
        this.entries = node == null || isNull(node) ? Map.of() : readEntries(node, knownKeys);
    }

    /** The document's top level; {@code root} is null for an empty document. */
    static YamlSection root(String source, EnvExpander env, Node root, List<String> knownKeys) {
        return new YamlSection(source, env, "", root, knownKeys);
    }

    YamlSection section(String key, List<String> knownKeys) {
        NodeTuple t = entries.get(key);
        return new YamlSection(source, env, keyPath(key), t == null ? null : t.getValueNode(), knownKeys);
    }

    /** Each element of the list under {@code key}, which must be a mapping. */
    List<YamlSection> sections(String key, List<String> knownKeys) {
        List<YamlSection> out = new ArrayList<>();
        List<Node> items = sequence(key);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            if (isNull(item) || !(item instanceof MappingNode)) {
                throw error(item, itemPath + " must be a mapping of keys to values, not " + describe(item));
            }
            out.add(new YamlSection(source, env, itemPath, item, knownKeys));
        }
        return out;
    }

    /** The scalar under {@code key}; empty when the key is absent or its value is null. */
    Optional<Value> value(String key) {
        NodeTuple t = entries.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(scalar(keyPath(key), t.getValueNode()));
    }

    /** The scalars of the list under {@code key}; empty when absent. */
    List<Value> values(String key) {
        List<Value> out = new ArrayList<>();
        List<Node> items = sequence(key);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            if (isNull(item)) {
                throw error(item, itemPath + " is empty; remove the '-' line or give it a value");
            }
            out.add(scalar(itemPath, item));
        }
        return out;
    }

    <T> T get(String key, T defaultValue, Function<String, T> parser) {
        return value(key).map(v -> v.as(parser)).orElse(defaultValue);
    }

    String string(String key, String defaultValue) {
        return get(key, defaultValue, Function.identity());
    }

    boolean bool(String key, boolean defaultValue) {
        return get(key, defaultValue, text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, not '" + text + "'");
        });
    }

    /**
     * Builds a value whose constructor enforces cross-field rules, so its errors get the
     * location of {@code key}'s value (or of this section when the key is absent).
     */
    <T> T build(String key, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ConfigException | IllegalArgumentException e) {
            NodeTuple t = entries.get(key);
            throw error(t != null ? t.getValueNode() : node, e.getMessage());
        }
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Where this section starts, for errors about a missing key; null when the section is absent. */
    Node node() {
        return node;
    }

    ConfigException error(Node at, String message) {
        return new ConfigException(where(at) + ": " + message);
    }

    String where(Node at) {
        return at == null ? source : source + ":" + (at.getStartMark().getLine() + 1);
    }

    private Map<String, NodeTuple> readEntries(Node mapping, List<String> knownKeys) {
        if (!(mapping instanceof MappingNode m)) {
            throw error(mapping, (path.isEmpty() ? "the top level" : path) + " must be a mapping of keys to values, not "
                    + describe(mapping));
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (Tag.MERGE.equals(k.getTag())) {
                throw error(k, "YAML merge keys ('<<') are not supported; write the keys out");
            }
            if (!(k instanceof ScalarNode sk)) {
                throw error(k, "a key " + under() + " is " + describe(k) + "; keys must be plain words");
            }
            String key = sk.getValue();
            if (!knownKeys.contains(key)) {
                String hint = KeySuggestion.closest(key, knownKeys).map(s -> "; did you mean '" + s + "'?").orElse("");
                String known = knownKeys.isEmpty() ? "none" : String.join(", ", knownKeys);
                throw error(k, "unknown key '" + key + "' " + under() + "; known keys: " + known + hint);
            }
            NodeTuple first = out.putIfAbsent(key, t);
            if (first != null) {
                throw error(k, "key '" + key + "' appears twice " + under() + " (first on line "
                        + (first.getKeyNode().getStartMark().getLine() + 1) + "); keep one");
            }
        }
        return out;
    }

    private List<Node> sequence(String key) {
        NodeTuple t = entries.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return List.of();
        }
        Node v = t.getValueNode();
        if (!(v instanceof SequenceNode s)) {
            throw error(v, keyPath(key) + " must be a list (e.g. [a, b] or '- a' lines), not " + describe(v));
        }
        return s.getValue();
    }

    private Value scalar(String valuePath, Node v) {
        if (!(v instanceof ScalarNode s)) {
            throw error(v, valuePath + " must be a single value, not " + describe(v));
        }
        try {
            return new Value(valuePath, env.expand(s.getValue()), v, this);
        } catch (IllegalArgumentException e) {
            throw error(v, valuePath + ": " + e.getMessage());
        }
    }

    private String under() {
        return path.isEmpty() ? "at the top level" : "under " + path;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    private static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(n)) {
            return "empty";
        }
        return "the single value '" + ((ScalarNode) n).getValue() + "'";
    }
}
