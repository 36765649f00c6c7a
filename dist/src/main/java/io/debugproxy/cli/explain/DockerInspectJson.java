package io.debugproxy.cli.explain;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.cli.UserError;
import io.debugproxy.config.discovery.ContainerInfo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the JSON that {@code docker inspect} prints (an array of containers; a single object is
 * accepted too) into {@link InspectedContainer}s: {@code Path} + {@code Args} as the command,
 * {@code Config.Labels}, {@code NetworkSettings.Networks.<n>.IPAddress}, {@code HostConfig.NetworkMode}
 * and the TCP ports of {@code Config.ExposedPorts} and {@code NetworkSettings.Ports}.
 */
final class DockerInspectJson {

    private static final String EXPECTED = "expected the output of docker inspect (a JSON array)";
    private static final Pattern SOURCE_MARKER = Pattern.compile(" ?\\(start marker at \\[Source: [^]]*]\\)");
    private static final Pattern EXPECTING = Pattern.compile(": was expecting (.*)$");
    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile("Unexpected character \\(('.+?') \\(code \\d+\\)\\)");

    private final String source;

    /** @param source names the input in error messages: the file name, or {@code standard input} */
    DockerInspectJson(String source) {
        this.source = source;
    }

    /** @throws UserError naming the source and what is wrong with the document */
    List<InspectedContainer> read(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new UserError(source + ": not valid JSON" + where + ": " + reason(e) + "; " + EXPECTED);
        }
        if (root == null || root.isMissingNode()) {
            throw new UserError(source + ": empty; " + EXPECTED);
        }
        List<JsonNode> elements = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(elements::add);
        } else if (root.isObject()) {
            // One container's object, e.g. cut out of a longer output: read as an array of one.
            elements.add(root);
        } else {
            throw new UserError(source + ": a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT) + "; " + EXPECTED);
        }
        if (elements.isEmpty()) {
            throw new UserError(source + ": an empty array; 'docker inspect' prints one object per container");
        }
        List<InspectedContainer> out = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            out.add(container(elements.get(i), root.isArray() ? "element " + (i + 1) : "the object"));
        }
        return List.copyOf(out);
    }

    /**
     * Jackson's message, short: without the source placeholder it adds ("Source: REDACTED ..."),
     * and in words rather than token names.
     */
    static String reason(JsonProcessingException e) {
        String text = e.getOriginalMessage();
        int newline = text.indexOf('\n');
        text = newline < 0 ? text : text.substring(0, newline);
        text = SOURCE_MARKER.matcher(text).replaceAll("");
        if (text.startsWith("Unexpected end-of-input")) {
            if (text.contains("close marker for Object")) {
                return "the input ends inside an object (a '}' is missing)";
            }
            if (text.contains("close marker for Array")) {
                return "the input ends inside an array (a ']' is missing)";
            }
            if (text.contains("closing quote")) {
                return "the input ends inside a string (a '\"' is missing)";
            }
            return "the input ends in the middle of a value";
        }
        if (text.startsWith("Illegal unquoted character")) {
            return "a line break or control character inside a string (a closing '\"' may be missing)";
        }
        if (text.startsWith("Trailing token")) {
            return "more text follows the end of the JSON value";
        }
        text = UNEXPECTED_CHARACTER.matcher(text).replaceFirst("unexpected character $1");
        text = text.replace("(JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "a JSON value")
                .replace("double-quote to start field name", "a field name in double quotes")
                .replace("comma to separate Object entries", "a ',' between fields or a '}'")
                .replace("comma to separate Array entries", "a ',' between elements or a ']'");
        text = EXPECTING.matcher(text).replaceFirst(" where $1 was expected");
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private InspectedContainer container(JsonNode c, String position) {
        if (!c.isObject() || !c.path("Id").isTextual() || c.path("Id").asText().isEmpty()) {
            throw new UserError(source + ": " + position + " has no \"Id\", so it is not a container from"
                    + " 'docker inspect' (images and networks have other shapes); " + EXPECTED);
        }
        String id = c.path("Id").asText();
        String name = c.path("Name").asText("");
        name = name.startsWith("/") ? name.substring(1) : name;
        if (name.isEmpty()) {
            name = id.substring(0, Math.min(12, id.length()));
        }
        Map<String, String> labels = strings(c.path("Config").path("Labels"), position, "Config.Labels");
        List<String> command = command(c, position);
        String networkMode = c.path("HostConfig").path("NetworkMode").asText("");
        List<Integer> ports = tcpPorts(c);
        boolean running = c.path("State").path("Running").asBoolean(true);
        Map<String, String> traefikNetworks = new TreeMap<>();
        Map<String, String> discoveryNetworks = new TreeMap<>();
        JsonNode networks = c.path("NetworkSettings").path("Networks");
        for (Iterator<Map.Entry<String, JsonNode>> it = networks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> n = it.next();
            String v4 = n.getValue().path("IPAddress").asText("");
            String v6 = n.getValue().path("GlobalIPv6Address").asText("");
            traefikNetworks.put(n.getKey(), v4.isEmpty() ? v6 : v4);
            if (!v4.isEmpty()) {
                discoveryNetworks.put(n.getKey(), v4);
            }
        }
        return new InspectedContainer(
                new ContainerInfo(id, name, labels, command, traefikNetworks, networkMode, ports),
                new ContainerInfo(id, name, labels, command, discoveryNetworks, networkMode, ports),
                running,
                c.path("State").path("Health").path("Status").asText(""));
    }

    private Map<String, String> strings(JsonNode node, String position, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new UserError(source + ": " + position + " has a " + field + " that is not an object");
        }
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return out;
    }

    // Path + Args is what the process was started with: entrypoint followed by cmd.
    private List<String> command(JsonNode c, String position) {
        List<String> out = new ArrayList<>();
        String path = c.path("Path").asText("");
        if (!path.isEmpty()) {
            out.add(path);
        }
        JsonNode args = c.path("Args");
        if (!args.isMissingNode() && !args.isNull() && !args.isArray()) {
            throw new UserError(source + ": " + position + " has \"Args\" that is not an array");
        }
        args.forEach(a -> out.add(a.asText()));
        return out;
    }

    /** TCP ports from {@code Config.ExposedPorts} and {@code NetworkSettings.Ports} keys such as "8080/tcp". */
    private static List<Integer> tcpPorts(JsonNode c) {
        TreeSet<Integer> ports = new TreeSet<>();
        for (JsonNode map : List.of(c.path("Config").path("ExposedPorts"), c.path("NetworkSettings").path("Ports"))) {
            map.fieldNames().forEachRemaining(key -> {
                int slash = key.indexOf('/');
                String proto = slash < 0 ? "tcp" : key.substring(slash + 1);
                String number = slash < 0 ? key : key.substring(0, slash);
                if (proto.equalsIgnoreCase("tcp")) {
                    try {
                        int port = Integer.parseInt(number);
                        if (port >= 1 && port <= 65535) {
                            ports.add(port);
                        }
                    } catch (NumberFormatException e) {
                        // Not a port key; docker never writes one, and a port we cannot read is no port.
                    }
                }
            });
        }
        return List.copyOf(ports);
    }
}
