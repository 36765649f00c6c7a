package io.debugproxy.cli.ide;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * VS Code's {@code launch.json} side: the attach configuration of one route, and merging it into an
 * existing file (JSONC) without touching the other configurations, keys or comments.
 */
public final class VsCodeLaunch {

    static final String VERSION = "0.2.0";

    private static final ObjectMapper STRICT = new ObjectMapper();
    /** JSONC, as VS Code reads launch.json: comments and trailing commas allowed. */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private VsCodeLaunch() {
    }

    /**
     * The Go extension's "attach to a remote Delve" configuration.
     *
     * @param localRoot  the local side of {@code substitutePath}, e.g. {@code ${workspaceFolder}}
     * @param remoteRoot the directory the binary was built in; no {@code substitutePath} when empty
     */
    public static ObjectNode configuration(String name, String host, int port, String localRoot,
                                           Optional<String> remoteRoot) {
        ObjectNode config = STRICT.createObjectNode();
        config.put("name", name);
        config.put("type", "go");
        config.put("request", "attach");
        config.put("mode", "remote");
        config.put("host", host);
        config.put("port", port);
        remoteRoot.ifPresent(remote -> {
            ObjectNode mapping = config.putArray("substitutePath").addObject();
            mapping.put("from", localRoot);
            mapping.put("to", remote);
        });
        return config;
    }

    /**
     * The new text of {@code launch.json}.
     *
     * @param commentsLost whether {@code text} could not be made by editing the old text, which had comments:
     *                     the caller keeps the old text elsewhere then
     */
    public record Merged(String text, boolean commentsLost) {
    }

    /**
     * {@code existing} (the file's text, or empty when there is no file) with {@code config} added, or
     * merged into the configuration of the same name: the fields of {@code config} replace that
     * configuration's, every other field of it (the user's {@code showLog}, an earlier
     * {@code substitutePath} when {@code config} has none) stays. The file may be JSONC, as VS Code
     * writes it (comments, trailing commas): the merge edits its text in place, so that comments and
     * formatting outside the changed values stay as they were.
     *
     * @throws IdeFileException when the file is not JSON(C) of the expected shape; it is then left alone
     */
    public static Merged merge(Optional<String> existing, ObjectNode config) {
        if (existing.isEmpty() || existing.get().isBlank()) {
            ObjectNode root = STRICT.createObjectNode();
            root.put("version", VERSION);
            root.putArray("configurations").add(config);
            return new Merged(write(root), false);
        }
        String text = existing.get();
        ObjectNode merged = parse(text);
        mergeInto(merged, config);
        JsoncText jsonc;
        try {
            jsonc = JsoncText.parse(text);
        } catch (IllegalArgumentException e) {
            // Accepted by Jackson, not by the scanner: nothing is edited in place, nothing is known to be lost.
            return new Merged(write(merged), false);
        }
        Optional<String> edited = editInPlace(jsonc, config).filter(t -> sameJson(t, merged));
        return edited.map(t -> new Merged(t, false)).orElseGet(() -> new Merged(write(merged), jsonc.hasComments()));
    }

    /** The configuration named like {@code config} gets its fields, or {@code config} is appended. */
    private static void mergeInto(ObjectNode root, ObjectNode config) {
        JsonNode configurations = root.get("configurations");
        ArrayNode list;
        if (configurations == null || configurations.isNull()) {
            list = root.putArray("configurations");
        } else if (configurations.isArray()) {
            list = (ArrayNode) configurations;
        } else {
            throw new IdeFileException("its \"configurations\" is not an array");
        }
        String name = config.path("name").asText();
        for (JsonNode existing : list) {
            if (existing.isObject() && existing.path("name").asText().equals(name)) {
                ((ObjectNode) existing).setAll(config);
                return;
            }
        }
        list.add(config);
    }

    /** The same merge as {@link #mergeInto}, as edits of the text; empty when the text's shape is not one to edit. */
    private static Optional<String> editInPlace(JsoncText jsonc, ObjectNode config) {
        if (!(jsonc.root() instanceof JsoncText.Obj root)) {
            return Optional.empty();
        }
        if (root.members().stream().filter(m -> m.key().equals("configurations")).count() > 1) {
            return Optional.empty();
        }
        Optional<JsoncText.Member> configurations = root.member("configurations");
        String list = render(STRICT.createArrayNode().add(config));
        if (configurations.isEmpty()) {
            jsonc.append(root, "configurations", list);
        } else if (configurations.get().value() instanceof JsoncText.Arr array) {
            String name = config.path("name").asText();
            Optional<JsoncText.Obj> same = array.elements().stream()
                    .filter(e -> e instanceof JsoncText.Obj o && o.member("name")
                            .filter(n -> n.value() instanceof JsoncText.Scalar s && name.equals(s.string())).isPresent())
                    .map(JsoncText.Obj.class::cast)
                    .findFirst();
            if (same.isEmpty()) {
                jsonc.append(array, render(config));
            } else {
                config.fields().forEachRemaining(field -> same.get().member(field.getKey()).ifPresentOrElse(
                        member -> jsonc.replace(member.value(), render(field.getValue())),
                        () -> jsonc.append(same.get(), field.getKey(), render(field.getValue()))));
            }
        } else {
            // null; anything else was refused by mergeInto
            jsonc.replace(configurations.get().value(), list);
        }
        return Optional.of(jsonc.edited());
    }

    private static boolean sameJson(String text, JsonNode expected) {
        try {
            return expected.equals(LENIENT.readTree(text));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static ObjectNode parse(String text) {
        JsonNode root;
        try {
            root = LENIENT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IdeFileException("it is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IdeFileException("it is not a JSON object");
        }
        return (ObjectNode) root;
    }

    /** {@link #write} without the final newline, for a value inside a file. */
    private static String render(JsonNode node) {
        return write(node).stripTrailing();
    }

    /** Pretty JSON the way VS Code writes it: four spaces, {@code "key": value}, a final newline. */
    static String write(JsonNode node) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            return STRICT.writer(printer).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
