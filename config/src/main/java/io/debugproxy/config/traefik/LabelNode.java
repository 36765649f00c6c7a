package io.debugproxy.config.traefik;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labels as the tree Traefik's label parser builds from them: keys split on dots (and
 * {@code name[0]} into {@code name}, {@code [0]}), sorted, with children of the same node
 * merged when their names are equal ignoring case. The first spelling seen in sorted key order
 * names the node, which is how {@code routers.API} and {@code routers.api} become one router.
 */
final class LabelNode {

    static final String ROOT = "traefik";

    private final String name;
    private final String key;
    private final List<LabelNode> children = new ArrayList<>();
    private String value;

    private LabelNode(String name, String key) {
        this.name = name;
        this.key = key;
    }

    String name() {
        return name;
    }

    /** The label key up to this node, as first written; names the label in messages. */
    String key() {
        return key;
    }

    /** The value of the label ending at this node, or null when no label ends here. */
    String value() {
        return value;
    }

    List<LabelNode> children() {
        return Collections.unmodifiableList(children);
    }

    /**
     * The tree of the labels whose keys start with one of {@code filters} (ignoring case), or null
     * when none does.
     *
     * @throws LabelError naming the label, for keys Traefik's parser refuses (which makes Traefik
     *                         ignore every label of the container)
     */
    static LabelNode parse(Map<String, String> labels, List<String> filters) {
        Map<String, String> sorted = new TreeMap<>();
        labels.forEach((k, v) -> {
            for (String f : filters) {
                if (k.length() >= f.length() && k.substring(0, f.length()).equalsIgnoreCase(f)) {
                    sorted.put(k, v);
                    break;
                }
            }
        });
        if (sorted.isEmpty()) {
            return null;
        }
        LabelNode root = new LabelNode(ROOT, ROOT);
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            root.add(path(e.getKey()), e.getKey(), e.getValue());
        }
        return root;
    }

    private static List<String> path(String key) {
        String[] split = key.split("\\.", -1);
        if (!split[0].equals(ROOT)) {
            // Traefik compares the root exactly, unlike every other part of the key.
            throw new LabelError(key, "label " + key + " starts with '" + split[0] + "', and Traefik requires exactly '"
                    + ROOT + "' in lower case (invalid label root)");
        }
        List<String> parts = new ArrayList<>();
        for (String s : split) {
            if (s.isEmpty()) {
                throw new LabelError(key, "label " + key + " has an empty part between dots (invalid element)");
            }
            if (s.charAt(0) == '[') {
                throw new LabelError(key, "label " + key + " has a part starting with '[' (brackets index lists, as in"
                        + " domains[0])");
            }
            int open = s.indexOf('[');
            if (s.endsWith("]") && open > 0) {
                parts.add(s.substring(0, open));
                parts.add(s.substring(open));
            } else if (s.endsWith("]")) {
                throw new LabelError(key, "label " + key + " has a ']' without '[' in '" + s + "'");
            } else {
                parts.add(s);
            }
        }
        return parts;
    }

    private void add(List<String> path, String fullKey, String labelValue) {
        LabelNode node = this;
        StringBuilder prefix = new StringBuilder(ROOT);
        for (String part : path.subList(1, path.size())) {
            prefix.append(part.startsWith("[") ? "" : ".").append(part);
            LabelNode child = node.child(part);
            if (child == null) {
                child = new LabelNode(part, prefix.toString());
                node.children.add(child);
            }
            node = child;
        }
        node.value = labelValue;
    }

    /** The child whose name equals {@code name} ignoring case, or null. */
    LabelNode child(String childName) {
        for (LabelNode c : children) {
            if (c.name.equalsIgnoreCase(childName)) {
                return c;
            }
        }
        return null;
    }

    String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }
}
