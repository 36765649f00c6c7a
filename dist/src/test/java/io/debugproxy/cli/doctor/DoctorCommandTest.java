package io.debugproxy.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.cli.ProxyCommand;
import io.debugproxy.proxy.doctor.Check;
import io.debugproxy.proxy.doctor.DoctorReport;
import io.debugproxy.proxy.doctor.Subject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** Exit code, stdout and stderr of one {@code proxy doctor} run. */
    private record Run(int exit, String out, String err) {
    }

    private static Run doctor(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("doctor"));
        if (!List.of(args).contains("--admin")) {
            // Whatever proxy runs on this machine's default admin port must not change the outcome.
            all.addAll(List.of("--admin", "127.0.0.1:" + closedPort()));
        }
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = ProxyCommand.run(all.toArray(new String[0]));
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void withJson_aBadDockerHostIsAJsonErrorOnStdout_andExitCodeTwo() throws Exception {
        Run r = doctor("--json", "--docker-host", "bogus://x", "api");
        assertEquals(2, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertFalse(json.path("ok").asBoolean(true));
        assertTrue(json.path("error").asText().contains("docker host 'bogus://x' is not a Docker engine address"), r.out());
        assertTrue(r.err().startsWith("proxy doctor: docker host 'bogus://x'"), r.err());
    }

    @Test
    void withJson_anUnreadableConfigIsAJsonError() throws Exception {
        Run r = doctor("--json", "-c", "/nonexistent/proxy.yaml");
        assertEquals(2, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertFalse(json.path("ok").asBoolean(true));
        assertTrue(json.path("error").asText().contains("proxy.yaml"), r.out());
    }

    @Test
    void withJson_anUnreachableEngineIsSaidInErrorAndInItsCheck() throws Exception {
        Run r = doctor("--json", "--docker-host", "unix:///nonexistent/docker.sock");
        assertEquals(1, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertFalse(json.path("ok").asBoolean(true));
        assertTrue(json.path("error").asText().startsWith("cannot reach the Docker engine at unix:///nonexistent/docker.sock"),
                r.out());
        assertEquals("docker.reachable", json.path("checks").get(0).path("check").asText());
    }

    @Test
    void withoutJson_anErrorIsOneLineOnStderr_andNothingOnStdout() throws Exception {
        Run r = doctor("--docker-host", "bogus://x", "api");
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aBadAdminAddressIsBadInput() throws Exception {
        Run r = doctor("--json", "--admin", "nonsense", "api");
        assertEquals(2, r.exit(), r.err());
        assertTrue(new ObjectMapper().readTree(r.out()).path("error").asText().contains("--admin 'nonsense'"), r.out());
    }
}
