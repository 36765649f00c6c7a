package io.debugproxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.config.ConfigLoader;
import io.debugproxy.config.ProxyConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** When {@code proxy serve} writes Traefik's file, and what a running proxy shows about shared hostnames. */
class ProxyAssemblyTraefikTest {

    private static final String PREVIOUS = "# written by the proxy that ran before\ntcp:\n  routers:\n"
            + "    debugproxy-api:\n      rule: HostSNI(`api.debug.localhost`)\n";
    private static final String UNREACHABLE_DOCKER = "unix:///nonexistent/debugproxy-test/docker.sock";

    @TempDir
    Path dir;

    private final List<ProxyAssembly> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ProxyAssembly::close);
    }

    private Path traefikFile() {
        return dir.resolve("traefik/debugproxy.yml");
    }

    private ProxyConfig config(String dockerHost, int adminPort, String routes) throws IOException {
        int first = freeRange(4);
        String yaml = "docker: { host: \"" + dockerHost + "\" }\n"
                + "listeners:\n"
                + "  routes: { address: 127.0.0.1, ports: " + first + "-" + (first + 3) + " }\n"
                + "  mux: { address: 127.0.0.1:0 }\n"
                + "admin: { address: 127.0.0.1:" + adminPort + " }\n"
                + "certs: { dir: \"" + dir.resolve("certs") + "\" }\n"
                + "state: { dir: \"" + dir.resolve("state") + "\" }\n"
                + "traefik: { dynamicConfig: \"" + traefikFile() + "\", entryPoint: websecure }\n"
                + routes;
        return new ConfigLoader(Map.<String, String>of()::get).parse(yaml, "test.yaml");
    }

    private ProxyAssembly start(ProxyConfig config) {
        ProxyAssembly proxy = new ProxyAssembly(config, Duration.ZERO);
        started.add(proxy);
        proxy.start();
        return proxy;
    }

    private void givenTheFileOfAnEarlierRun() throws IOException {
        Files.createDirectories(traefikFile().getParent());
        Files.writeString(traefikFile(), PREVIOUS);
    }

    @Test
    void leavesTheFileAsItIsWhileDockerHasNotBeenListed() throws Exception {
        givenTheFileOfAnEarlierRun();
        int admin = freePort();
        start(config(UNREACHABLE_DOCKER, admin, ""));
        assertEquals(PREVIOUS, Files.readString(traefikFile()), "nothing is written at start");
        // Discovery has tried the engine and failed by the time /health says so; still nothing written.
        awaitHealth(admin, health -> health.path("docker").path("lastError").isTextual());
        assertEquals(PREVIOUS, Files.readString(traefikFile()));
    }

    @Test
    void aProxyThatFailsToStartLeavesTheFileOfTheRunningOneAlone() throws Exception {
        givenTheFileOfAnEarlierRun();
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProxyConfig config = config(UNREACHABLE_DOCKER, busy.getLocalPort(), "");
            assertThrows(RuntimeException.class, () -> start(config));
        }
        assertEquals(PREVIOUS, Files.readString(traefikFile()));
    }

    @Test
    void writesTheFileOnceDockerHasBeenListed_withoutRoutersWhileThereIsNoCa() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/var/run/docker.sock")) && Files.isWritable(Path.of("/var/run/docker.sock")),
                "needs the local Docker engine");
        givenTheFileOfAnEarlierRun();
        start(config("unix:///var/run/docker.sock", freePort(), ""));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.readString(traefikFile()).equals(PREVIOUS) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String written = Files.readString(traefikFile());
        assertTrue(written.contains("debugproxy-headers:"), written);
        // No CA, so no TLS listener: no router may send Traefik there.
        assertFalse(written.contains("tcp:"), written);
    }

    @Test
    void twoRoutesClaimingOneHostnameSayWhichAnswersInRoutes() throws Exception {
        int admin = freePort();
        start(config(UNREACHABLE_DOCKER, admin, """
                routes:
                  - { name: api, delve: "127.0.0.1:2345", hosts: [shared.example.test] }
                  - { name: web, delve: "127.0.0.1:2346", hosts: [shared.example.test] }
                """));
        JsonNode routes = new ObjectMapper().readTree(get(admin, "/routes"));
        for (JsonNode route : routes) {
            String other = route.path("name").asText().equals("api") ? "web" : "api";
            assertEquals("host shared.example.test is also claimed by route " + other + "; api answers to it"
                    + " (a hostname should name one route)", route.path("warnings").path(0).asText(), route.toString());
        }
        assertEquals(2, routes.size());
    }

    private static void awaitHealth(int admin, java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = new ObjectMapper().readTree(get(admin, "/health"));
            if (condition.test(last)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("/health never got there: " + last);
    }

    private static String get(int adminPort, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeRange(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int start = 42000 + ThreadLocalRandom.current().nextInt(0, 1000) * count;
            boolean free = true;
            for (int p = start; p < start + count && free; p++) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress("127.0.0.1", p));
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return start;
            }
        }
        throw new AssertionError("no free range of " + count + " loopback ports");
    }
}
