package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.debugproxy.it.support.ConnectProcess;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.DlvCli;
import io.debugproxy.it.support.HttpGet;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.SampleImage;
import io.debugproxy.it.support.Transcript.StopLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Network;

/**
 * Mutual TLS end to end with the real binaries: a certs directory made by {@code proxy certs},
 * {@code dlv connect} → {@code proxy connect} → mutual TLS (SNI) → {@code proxy serve}'s TLS listener →
 * Delve in a container; a client the route does not admit, told why on {@code proxy connect}'s stderr;
 * and one {@code proxy serve} re-originating mutual TLS to another. Every proxy binds loopback only.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class MutualTlsIT {

    private static final Duration ROUTE_WAIT = Duration.ofSeconds(20);
    private static final Duration BLOCKED = Duration.ofSeconds(90);
    private static Network network;

    @TempDir
    Path work;

    private Path certs;
    private ProxyProcess proxy;
    private ProxyProcess edge;
    private ConnectProcess connect;

    @BeforeAll
    static void image() {
        SampleImage.tag();
        network = Network.newNetwork();
    }

    @AfterAll
    static void closeNetwork() {
        if (network != null) {
            network.close();
        }
    }

    @BeforeEach
    void certificates() {
        certs = work.resolve("certs");
        cli("certs", "init", "--dir", certs.toString());
        cli("certs", "issue", "client", "alice", "--dir", certs.toString());
    }

    @AfterEach
    void stopProcesses() {
        for (AutoCloseable process : new AutoCloseable[] {connect, edge, proxy}) {
            if (process != null) {
                try {
                    process.close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
    }

    @Test
    void breakpointHitsThroughProxyConnectAndTheTlsListener() throws Exception {
        String name = uniqueName("tls");
        try (DelveContainer sample = new DelveContainer().withNetwork(network).withName(name)) {
            sample.start();
            int tlsPort = ProxyProcess.freePort();
            proxy = serveWithTls(work.resolve("serve"), tlsPort, "").start();
            proxy.awaitRoute(name, r -> r.path("status").asText().equals("ok"), ROUTE_WAIT);
            connect = ConnectProcess.start(work.resolve("laptop"), "--server", "127.0.0.1:" + tlsPort, "--route", name,
                    "--listen", "127.0.0.1:0", "--certs", certs.toString());
            assertTrue(connect.stdout().contains("route " + name + " via 127.0.0.1:" + tlsPort), connect.stdout());

            debugOnce(sample, connect.localAddress(), "tls");

            String log = proxy.log();
            assertTrue(log.contains("event=tls_admitted route=" + name + " client=alice sni=" + name + ".debug.localhost"), log);
            assertFalse(log.contains("event=tls_refused"), log);
        }
    }

    @Test
    void clientOutsideTheRoutesAllowListIsRefusedAndToldWhy() throws Exception {
        int tlsPort = ProxyProcess.freePort();
        int delve = ProxyProcess.freePort(); // never dialed: nobody gets that far
        proxy = serveWithTls(work.resolve("serve"), tlsPort,
                "routes:\n  - name: api\n    delve: 127.0.0.1:" + delve + "\n    clients: [bob]\n").start();
        connect = ConnectProcess.start(work.resolve("laptop"), "--server", "127.0.0.1:" + tlsPort, "--route", "api",
                "--listen", "127.0.0.1:0", "--certs", certs.toString());

        attemptSession(connect.localAddress());
        String err = connect.awaitStderr("the proxy refused client certificate 'alice' for route api with TLS alert"
                + " certificate_unknown: ", Duration.ofSeconds(10));
        assertTrue(err.contains("event=upstream_tls_refused kind=client_certificate_refused"), err);
        assertTrue(err.contains("'alice' is not in the route's debugproxy.clients label"), err);
        assertTrue(err.contains("reason=not_allowed_on_route"), err);
        String log = proxy.log();
        assertTrue(log.contains("event=tls_refused reason=not_allowed_on_route"), log);
        assertTrue(log.contains("client=alice route=api"), log);
        assertFalse(log.contains("event=relay_started"), "nothing may be dialed for a refused client:\n" + log);
    }

    @Test
    void revokedClientIsRefusedAndProxyConnectSaysItWasRevoked() throws Exception {
        cli("certs", "issue", "client", "carol", "--dir", certs.toString());
        int tlsPort = ProxyProcess.freePort();
        int delve = ProxyProcess.freePort();
        proxy = serveWithTls(work.resolve("serve"), tlsPort,
                "routes:\n  - name: api\n    delve: 127.0.0.1:" + delve + "\n").start();
        connect = ConnectProcess.start(work.resolve("laptop"), "--server", "127.0.0.1:" + tlsPort, "--route", "api",
                "--listen", "127.0.0.1:0", "--certs", certs.toString(), "--client", "carol");
        cli("certs", "revoke", "carol", "--dir", certs.toString());

        attemptSession(connect.localAddress());
        String err = connect.awaitStderr("the proxy refused client certificate 'carol' for route api with TLS alert"
                + " certificate_unknown: ", Duration.ofSeconds(10));
        assertTrue(err.contains("has been revoked"), err);
        String log = proxy.log();
        assertTrue(log.contains("event=tls_refused reason=revoked"), log);
        assertFalse(log.contains("event=relay_started"), log);
    }

    @Test
    void chainedProxyReOriginatesMutualTlsAndTheBreakpointHitsThroughIt() throws Exception {
        String name = uniqueName("chain");
        try (DelveContainer sample = new DelveContainer().withNetwork(network).withName(name)) {
            sample.start();
            // B: the sidecar next to Delve, reachable only by mutual TLS.
            int sidecarTls = ProxyProcess.freePort();
            proxy = serveWithTls(work.resolve("sidecar"), sidecarTls, "").start();
            proxy.awaitRoute(name, r -> r.path("status").asText().equals("ok"), ROUTE_WAIT);
            // A: the edge proxy; its static route dials B's TLS listener asking for B's route by name.
            edge = serveWithTls(work.resolve("edge"), ProxyProcess.freePort(),
                    "routes:\n  - name: chained\n    delve: 127.0.0.1:" + sidecarTls + "\n"
                            + "    upstream: { tls: true, serverName: " + name + ".debug.localhost }\n").start();
            JsonNode chained = awaitRouteNamed(edge, "chained");

            debugOnce(sample, chained.path("listen").asText(), "chained");

            String sidecarLog = proxy.log();
            assertTrue(sidecarLog.contains("event=tls_admitted route=" + name + " client=debugproxy"), sidecarLog);
            assertTrue(edge.log().contains("event=proxy_client_certificate_issued name=debugproxy"), edge.log());
        }
    }

    /**
     * {@code dlv connect} through a session the proxy refuses: Delve's client shows its prompt without
     * a request, so the refusal shows at its first command.
     */
    private static void attemptSession(String listen) throws InterruptedException {
        try (DlvCli dlv = DlvCli.connect(listen)) {
            dlv.awaitPrompt();
            dlv.send("breakpoints");
            String failed = "(?s).*Command failed: (unexpected EOF|connection is shut down|.*connection reset by peer).*";
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!dlv.transcript().stderr().matches(failed) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            dlv.transcript().assertMatches(failed);
        }
    }

    /** A proxy whose TLS listener binds 127.0.0.1:{@code tlsPort}, with the test's certs directory. */
    private ProxyProcess serveWithTls(Path dir, int tlsPort, String extraYaml) {
        return ProxyProcess.configure(dir, "  tls: { address: 127.0.0.1:" + tlsPort + " }\n",
                "certs: { dir: " + certs + " }\n" + extraYaml);
    }

    private static JsonNode awaitRouteNamed(ProxyProcess proxy, String route) throws InterruptedException {
        long deadline = System.nanoTime() + ROUTE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode r : proxy.routes()) {
                if (route.equals(r.path("name").asText()) && r.path("listen").isTextual()) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("route " + route + " never listened:\n" + proxy.log());
    }

    /** One full IDE session through {@code listen}: break, trigger, inspect, continue, detach. */
    private static void debugOnce(DelveContainer sample, String listen, String who) throws Exception {
        try (DlvCli dlv = DlvCli.connect(listen)) {
            dlv.awaitPrompt();
            String set = dlv.command("break " + SampleImage.greetingBreakpoint());
            assertTrue(set.contains("set at"), set + "\n" + dlv.transcript().log());
            dlv.send("continue");
            CompletableFuture<HttpGet.Response> hello = HttpGet.asyncWhenUp(sample.httpUrl("/hello?name=" + who), Duration.ofSeconds(30), BLOCKED);
            StopLocation at = StopLocation.require(dlv.awaitPrompt());
            assertEquals("main.helloHandler", at.function(), at.toString());
            assertEquals(SampleImage.greetingLine(), at.line(), at.toString());
            assertTrue(at.isBreakpointHit(), at.toString());
            assertEquals("\"hello, " + who + "\"", dlv.command("print greeting"));
            assertFalse(hello.isDone(), "the handler is held at the breakpoint");
            dlv.command("clearall");
            dlv.send("continue");
            assertEquals("hello, " + who + "\n", hello.get(30, TimeUnit.SECONDS).body());
            assertEquals(0, dlv.quitLeavingTargetRunning(), dlv.transcript().log());
        }
    }

    private void cli(String... args) {
        ProxyProcess.CommandResult result = ProxyProcess.cli(work, args);
        assertEquals(0, result.exitCode(), String.join(" ", args) + ": " + result.stdout() + result.stderr());
    }

    private static String uniqueName(String prefix) {
        return "dp-it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
