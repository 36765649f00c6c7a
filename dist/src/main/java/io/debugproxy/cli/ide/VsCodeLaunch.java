package io.debugproxy.cli.ide;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
 * existing file without touching the other configurations or keys.
 */
public final class VsCodeLaunch {

    static final String VERSION = "0.2.0";

    private static final ObjectMapper STRICT = new ObjectMapper();
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
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
     * {@code existing} (the file's text, or empty when there is no file) with {@code config} added,
     * or replacing the configuration of the same name.
     *
     * @throws IdeFileException when the file is not plain JSON of the expected shape; it is then left alone
     */
    public static String merge(Optional<String> existing, ObjectNode config) {
        ObjectNode root;
        if (existing.isEmpty() || existing.get().isBlank()) {
            root = STRICT.createObjectNode();
            root.put("version", VERSION);
        } else {
            root = parse(existing.get());
        }
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
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path("name").asText().equals(name) && list.get(i).isObject()) {
                list.set(i, config);
                return write(root);
            }
        }
        list.add(config);
        return write(root);
    }

    private static ObjectNode parse(String text) {
        JsonNode root;
        try {
            root = STRICT.readTree(text);
        } catch (JsonProcessingException strictFailure) {
            try {
                LENIENT.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IdeFileException("it is not valid JSON (line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ")");
            }
            throw new IdeFileException("it has comments or trailing commas, which rewriting it would lose");
        }
        if (root == null || !root.isObject()) {
            throw new IdeFileException("it is not a JSON object");
        }
        return (ObjectNode) root;
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
