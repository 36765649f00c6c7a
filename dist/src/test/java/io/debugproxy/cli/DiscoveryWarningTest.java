package io.debugproxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DiscoveryWarningTest {

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void saysNothingWhileDiscoveryIsConnected() throws IOException {
        assertEquals(Optional.empty(), DiscoveryWarning.from(json("{\"status\":\"ok\",\"routes\":1,"
                + "\"docker\":{\"host\":\"unix:///var/run/docker.sock\",\"connected\":true,\"since\":\"2026-12-04T07:00:00Z\","
                + "\"lastError\":null}}")));
    }

    @Test
    void saysNothingWhenTheProxyDoesNotReportDocker() throws IOException {
        assertEquals(Optional.empty(), DiscoveryWarning.from(json("{\"status\":\"ok\",\"routes\":0}")));
    }

    @Test
    void namesTheEngineTheTimeAndTheReasonWhenDisconnected() throws IOException {
        assertEquals(Optional.of("warning: the proxy is not connected to the Docker engine at unix:///d.sock"
                        + " (since 2026-12-04T07:00:00Z): connection refused; routes above are as last seen,"
                        + " and it reconnects by itself"),
                DiscoveryWarning.from(json("{\"status\":\"ok\",\"routes\":2,\"docker\":{\"host\":\"unix:///d.sock\","
                        + "\"connected\":false,\"since\":\"2026-12-04T07:00:00Z\",\"lastError\":\"connection refused\"}}")));
    }
}
