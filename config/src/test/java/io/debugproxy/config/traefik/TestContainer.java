package io.debugproxy.config.traefik;

import io.debugproxy.config.discovery.ContainerInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link ContainerInfo} values for provider tests: a bridge container on shop_default, no ports. */
final class TestContainer {

    private final String name;
    private String id;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> networks = new LinkedHashMap<>();
    private String networkMode = "bridge";
    private final List<Integer> exposed = new ArrayList<>();

    private TestContainer(String name) {
        this.name = name;
        this.id = name + "-id";
    }

    static TestContainer container(String name) {
        return new TestContainer(name);
    }

    TestContainer id(String value) {
        id = value;
        return this;
    }

    TestContainer label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    TestContainer compose(String project, String service) {
        return label("com.docker.compose.project", project).label("com.docker.compose.service", service);
    }

    TestContainer network(String network, String ip) {
        networks.put(network, ip);
        return this;
    }

    TestContainer networkMode(String mode) {
        networkMode = mode;
        return this;
    }

    TestContainer expose(Integer... ports) {
        exposed.addAll(List.of(ports));
        return this;
    }

    ContainerInfo build() {
        Map<String, String> nets = networks.isEmpty() && networkMode.equals("bridge")
                ? Map.of("shop_default", "172.18.0.5") : networks;
        return new ContainerInfo(id, name, labels, List.of("/app"), nets, networkMode, exposed);
    }

    @Override
    public String toString() {
        return name + labels;
    }
}
