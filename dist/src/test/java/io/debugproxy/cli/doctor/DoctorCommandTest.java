package io.debugproxy.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.proxy.doctor.Check;
import io.debugproxy.proxy.doctor.DoctorReport;
import io.debugproxy.proxy.doctor.Subject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorCommandTest {

    private static final DoctorReport REPORT = new DoctorReport(List.of(
            Check.pass(Subject.DOCKER, "docker.reachable", "Docker 20.10 answers"),
            Check.fail(Subject.target("shop-api-1", "api"), "target.listen", "dlv listens on 127.0.0.1:2345",
                    "start dlv with --listen=:2345"),
            Check.warn(Subject.target("worker", null), "target.multiclient", "no --accept-multiclient",
                    "add --accept-multiclient")));

    @Test
    void textHasOneAlignedLinePerCheck_withItsFix_andASummary() {
        List<String> lines = DoctorCommand.toText(REPORT).lines().toList();
        assertEquals("pass  docker  Docker 20.10 answers", lines.get(0));
        assertEquals("fail  api     dlv listens on 127.0.0.1:2345; fix: start dlv with --listen=:2345", lines.get(1));
        assertEquals("warn  worker  no --accept-multiclient; fix: add --accept-multiclient", lines.get(2));
        assertEquals("doctor: 3 checks (1 pass, 1 warn, 1 fail): something fails", lines.get(3));
    }

    @Test
    void jsonNamesContainerRouteAndCheck() throws Exception {
        JsonNode json = new ObjectMapper().readTree(DoctorCommand.toJson(REPORT));
        assertEquals(false, json.path("ok").asBoolean());
        JsonNode listen = json.path("checks").get(1);
        assertEquals("api", listen.path("subject").asText());
        assertEquals("shop-api-1", listen.path("container").asText());
        assertEquals("api", listen.path("route").asText());
        assertEquals("target.listen", listen.path("check").asText());
        assertEquals("fail", listen.path("status").asText());
        assertTrue(json.path("checks").get(0).path("fix").isNull());
    }
}
