package io.debugproxy.proxy.discovery;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.debugproxy.config.discovery.ContainerInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectedContainerTest {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final String ID = "e5a5cfcdd8944775cda1f3d653c6d972d9cbb915fa44f43b0df8857576506ffe";

    private static Optional<ContainerInfo> convert(String running, String networkMode, String networks, String ports) throws Exception {
        String inspect = """
                {
                  "Id": "%s",
                  "Name": "/api-1",
                  "Path": "/dlv",
                  "Args": ["exec", "--headless", "--listen=:2345", "/app"],
                  "State": {"Status": "running", "Running": %s, "Paused": false},
                  "Config": {
                    "Labels": {"com.docker.compose.service": "api", "traefik.enable": "true"},
                    "ExposedPorts": %s
                  },
                  "HostConfig": {"NetworkMode": "%s"},
                  "NetworkSettings": {"Networks": %s}
                }
                """.formatted(ID, running, ports, networkMode, networks);
        return InspectedContainer.toContainerInfo(JSON.readValue(inspect, InspectContainerResponse.class));
    }

    private static ContainerInfo running(String networkMode, String networks, String ports) throws Exception {
        return convert("true", networkMode, networks, ports).orElseThrow();
    }

    @Test
    void keepsIdLabelsAndNameWithoutLeadingSlash() throws Exception {
        ContainerInfo info = running("app_default", "{}", "{}");

        assertEquals(ID, info.id());
        assertEquals("api-1", info.name());
        assertEquals(Map.of("com.docker.compose.service", "api", "traefik.enable", "true"), info.labels());
        assertEquals("app_default", info.networkMode());
    }

    @Test
    void commandIsPathFollowedByArgs() throws Exception {
        assertEquals(List.of("/dlv", "exec", "--headless", "--listen=:2345", "/app"),
                running("bridge", "{}", "{}").command());
    }

    @Test
    void networksAreSortedByNameWithTheirIpv4Address() throws Exception {
        ContainerInfo info = running("zeta", """
                {"zeta": {"IPAddress": "172.20.0.5"}, "alpha": {"IPAddress": "172.21.0.7"}}
                """, "{}");

        assertEquals(List.of("alpha", "zeta"), List.copyOf(info.networks().keySet()));
        assertEquals("172.21.0.7", info.networks().get("alpha"));
    }

    @Test
    void leavesOutNetworksWithoutIpv4Address() throws Exception {
        ContainerInfo info = running("host", """
                {"host": {"IPAddress": ""}}
                """, "{}");

        assertEquals(Map.of(), info.networks());
        assertEquals("host", info.networkMode());
    }

    @Test
    void exposedPortsAreTcpOnlyAndAscending() throws Exception {
        ContainerInfo info = running("bridge", "{}", """
                {"8080/tcp": {}, "53/udp": {}, "2345/tcp": {}}
                """);

        assertEquals(List.of(2345, 8080), info.exposedPorts());
    }

    @Test
    void containerThatIsNotRunningIsLeftOut() throws Exception {
        assertTrue(convert("false", "bridge", "{}", "{}").isEmpty());
    }

    @Test
    void containerWaitingToRestartIsLeftOut() throws Exception {
        assertTrue(convert("true, \"Restarting\": true", "bridge", "{}", "{}").isEmpty());
    }

    @Test
    void toleratesMissingConfigAndNetworkSettings() throws Exception {
        InspectContainerResponse bare = JSON.readValue("""
                {"Id": "%s", "Name": "/bare", "Path": "/sleeper", "State": {"Running": true}}
                """.formatted(ID), InspectContainerResponse.class);

        ContainerInfo info = InspectedContainer.toContainerInfo(bare).orElseThrow();

        assertEquals(List.of("/sleeper"), info.command());
        assertEquals(Map.of(), info.labels());
        assertEquals(Map.of(), info.networks());
        assertEquals(List.of(), info.exposedPorts());
        assertEquals("", info.networkMode());
    }
}
