package io.debugproxy.config.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link ContainerInfo} values for tests: a compose-like container running headless dlv on :2345. */
final class Containers {

    static final List<String> HEADLESS_DLV = List.of("dlv", "exec", "/app", "--headless", "--listen=:2345");

    private final String name;
    private String id;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private List<String> command = HEADLESS_DLV;
    private final Map<String, String> networks = new LinkedHashMap<>();
    private String networkMode = "bridge";
    private final List<Integer> exposed = new ArrayList<>();

    private Containers(String name) {
        this.name = name;
        this.id = Integer.toHexString(name.hashCode()) + "0123456789abcdef0123456789abcdef";
    }

    static Containers container(String name) {
        return new Containers(name);
    }

    Containers id(String newId) {
        id = newId;
        return this;
    }

    Containers label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    Containers compose(String project, String service) {
        return label("com.docker.compose.project", project).label("com.docker.compose.service", service);
    }

    Containers command(String... argv) {
        command = List.of(argv);
        return this;
    }

    Containers network(String network, String ip) {
        networks.put(network, ip);
        return this;
    }

    Containers networkMode(String mode) {
        networkMode = mode;
        return this;
    }

    Containers expose(Integer... ports) {
        exposed.addAll(List.of(ports));
        return this;
    }

    ContainerInfo build() {
        Map<String, String> nets = networks.isEmpty() && networkMode.equals("bridge")
                ? Map.of("shop_default", "172.18.0.5") : networks;
        return new ContainerInfo(id, name, labels, command, nets, networkMode, exposed);
    }
}
