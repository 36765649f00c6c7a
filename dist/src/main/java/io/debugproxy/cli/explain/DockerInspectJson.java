package io.debugproxy.cli.explain;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.cli.UserError;
import io.debugproxy.config.discovery.ContainerInfo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the JSON that {@code docker inspect} prints (an array of containers; a single object is
 * accepted too) into {@link InspectedContainer}s: {@code Path} + {@code Args} as the command,
 * {@code Config.Labels}, {@code NetworkSettings.Networks.<n>.IPAddress}, {@code HostConfig.NetworkMode}
 * and the TCP ports of {@code Config.ExposedPorts} and {@code NetworkSettings.Ports}.
 */
final class DockerInspectJson {

    private final String source;

    /** @param source names the input in error messages, e.g. {@code --inspect stack.json} */
    DockerInspectJson(String source) {
        this.source = source;
    }

    /** @throws UserError naming the source and what is wrong with the document */
    List<InspectedContainer> read(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new UserError(source + " is not valid JSON" + where + ": " + e.getOriginalMessage()
                    + "; pass the output of 'docker inspect CONTAINER...'");
        }
        if (root == null || root.isMissingNode()) {
            throw new UserError(source + " is empty; pass the output of 'docker inspect CONTAINER...'");
        }
        List<JsonNode> elements = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(elements::add);
        } else if (root.isObject()) {
            elements.add(root);
        } else {
            throw new UserError(source + " holds a JSON " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not the array of containers 'docker inspect' prints");
        }
        if (elements.isEmpty()) {
            throw new UserError(source + " is an empty array; 'docker inspect' prints one object per container");
        }
        List<InspectedContainer> out = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            out.add(container(elements.get(i), i + 1));
        }
        return List.copyOf(out);
    }

    private InspectedContainer container(JsonNode c, int position) {
        if (!c.isObject() || !c.path("Id").isTextual() || c.path("Id").asText().isEmpty()) {
            throw new UserError(source + ": element " + position + " has no \"Id\", so it is not a container from"
                    + " 'docker inspect' (images and networks have other shapes)");
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

    private Map<String, String> strings(JsonNode node, int position, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new UserError(source + ": element " + position + " has a " + field + " that is not an object");
        }
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return out;
    }

    // Path + Args is what the process was started with: entrypoint followed by cmd.
    private List<String> command(JsonNode c, int position) {
        List<String> out = new ArrayList<>();
        String path = c.path("Path").asText("");
        if (!path.isEmpty()) {
            out.add(path);
        }
        JsonNode args = c.path("Args");
        if (!args.isMissingNode() && !args.isNull() && !args.isArray()) {
            throw new UserError(source + ": element " + position + " has \"Args\" that is not an array");
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
