package io.debugproxy.proxy.doctor;

import io.debugproxy.config.discovery.ContainerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TargetChecksTest {

    private static final List<String> GOOD_DLV = List.of("/dlv", "exec", "/app", "--headless", "--listen=:2345",
            "--api-version=2", "--accept-multiclient", "--continue");
    private static final DoctorContext ON_HOST = new DoctorContext(null, Set.of(), Set.of("bridge", "shop_backend"),
            false, true);
    private static final DoctorContext IN_CONTAINER = new DoctorContext("proxy", Set.of("shop_default"),
            Set.of("bridge", "shop_default", "shop_backend", "backend"), false, true);
    private static final DoctorContext FORWARDERS = new DoctorContext(null, Set.of(), Set.of(), true, true);
    private static final DoctorContext DESKTOP = new DoctorContext(null, Set.of(), Set.of(), false, false);
    private static final DoctorContext LIVE_FORWARDERS = new DoctorContext(null, Set.of(), Set.of(), true, true, "",
            "127.0.0.1:9180", null);
    private static final DoctorContext FORWARDERS_WITHOUT_IMAGE = new DoctorContext(null, Set.of(), Set.of(), true, true,
            "", null, "the forwarder image nosuch:dev is not on this engine");

    private static ContainerInfo container(List<String> command, Map<String, String> labels, Map<String, String> networks) {
        return new ContainerInfo("0123456789abcdef", "api", labels, command, networks, "bridge", List.of(8080));
    }

    /** A healthy target: multiclient headless Delve on :2345, ptrace allowed, debug build. */
    private static TargetFacts healthy() {
        return TargetFacts.running(container(GOOD_DLV, Map.of(), Map.of("shop_default", "172.18.0.5")))
                .withRoute("api", "172.18.0.5:2345", null)
                .withSecurity(false, List.of("SYS_PTRACE"), List.of("seccomp=unconfined"))
                .withBinary(Optional.of(new GoBuildInfo("go1.19.8", Map.of("-gcflags", "all=-N -l"))));
    }

    private static TargetFacts withCommand(String... args) {
        TargetFacts h = healthy();
        return h.withContainer(container(List.of(args), Map.of(), h.container().networks()));
    }

    private static TargetFacts withNetworks(Map<String, String> labels, Map<String, String> networks) {
        return healthy().withContainer(container(GOOD_DLV, labels, networks));
    }

    private static DelveFacts delve(boolean running, Optional<GoVersion> go, Optional<Boolean> optimized) {
        return new DelveFacts("172.18.0.5:2345", "1.20.2", 2, Optional.of(new GoVersion(1, 18)),
                Optional.of(new GoVersion(1, 20)), go, running, optimized);
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                arguments("no dlv in the command", withCommand("/app", "--port=8080"), ON_HOST,
                        "target.dlv", Verdict.FAIL, "exists but is not a debug target: its command ('/app --port=8080')"
                                + " runs no dlv --headless, and it has no label debugproxy.enable=true",
                        "dlv exec /app --headless"),
                arguments("dlv without --headless", withCommand("dlv", "exec", "/app", "--listen=:2345"), ON_HOST,
                        "target.headless", Verdict.FAIL, "without --headless", "add --headless --listen=:2345"),
                arguments("loopback listen", withCommand("dlv", "exec", "/app", "--headless", "--listen=127.0.0.1:2345",
                        "--accept-multiclient"), ON_HOST,
                        "target.listen", Verdict.FAIL, "127.0.0.1:2345 inside container api", "--listen=:2345"),
                arguments("loopback listen names the forwarder as the other fix", withCommand("dlv", "exec", "/app",
                        "--headless", "--listen=localhost:40000"), ON_HOST,
                        "target.listen", Verdict.FAIL, "localhost:40000", "docker.forwarders: true"),
                arguments("loopback listen handled by the forwarder", withCommand("dlv", "exec", "/app", "--headless",
                        "--listen=127.0.0.1:2345"), FORWARDERS,
                        "target.listen", Verdict.PASS, "through a forwarder", null),
                arguments("no --listen at all", withCommand("dlv", "exec", "/app", "--headless"), ON_HOST,
                        "target.listen", Verdict.FAIL, "Delve's default", "--listen=:2345"),
                arguments("unix socket listen", withCommand("dlv", "exec", "/app", "--headless", "--listen=unix:/tmp/d"),
                        ON_HOST, "target.listen", Verdict.FAIL, "not a TCP address", "--listen=:2345"),
                arguments("no network shared with the proxy container",
                        withNetworks(Map.of(), Map.of("other_net", "10.1.0.2")), IN_CONTAINER,
                        "target.network", Verdict.FAIL, "share no network", "docker network connect other_net proxy"),
                arguments("network shared with the proxy container", healthy(), IN_CONTAINER,
                        "target.network", Verdict.PASS, "shop_default", null),
                arguments("traefik.docker.network without the compose prefix",
                        withNetworks(Map.of("traefik.docker.network", "backend"),
                                Map.of("shop_backend", "172.19.0.2", "shop_default", "172.18.0.2")), ON_HOST,
                        "target.traefik-network", Verdict.FAIL, "compose names networks",
                        "traefik.docker.network=shop_backend"),
                arguments("traefik.docker.network naming a network the container is not on",
                        withNetworks(Map.of("traefik.docker.network", "backend"), Map.of("shop_default", "172.18.0.2")),
                        IN_CONTAINER, "target.traefik-network", Verdict.FAIL, "not attached", "attach the container to backend"),
                arguments("traefik.docker.network naming nothing", withNetworks(Map.of("Traefik.Docker.Network", "nope"),
                        Map.of("shop_default", "172.18.0.2")), ON_HOST,
                        "target.traefik-network", Verdict.FAIL, "names no network", "traefik.docker.network=shop_default"),
                arguments("single-client Delve", withCommand("dlv", "exec", "/app", "--headless", "--listen=:2345",
                        "--api-version=2"), ON_HOST,
                        "target.multiclient", Verdict.WARN, "first IDE disconnect kills the program", "--accept-multiclient"),
                arguments("API version 1", withCommand("dlv", "exec", "/app", "--headless", "--listen=:2345",
                        "--accept-multiclient"), ON_HOST,
                        "target.api-version", Verdict.WARN, "API version 1", "--api-version=2"),
                arguments("no SYS_PTRACE, default seccomp", healthy().withSecurity(false, List.of(), List.of()), ON_HOST,
                        "target.ptrace", Verdict.WARN, "without the SYS_PTRACE capability and under Docker's default seccomp",
                        "--cap-add SYS_PTRACE --security-opt seccomp=unconfined"),
                arguments("ptrace refused, seen in the log", healthy().withSecurity(false, List.of(), List.of())
                                .withLog("API server listening at: [::]:2345\n"
                                        + "could not launch process: fork/exec /app: operation not permitted\n"),
                        ON_HOST, "target.ptrace", Verdict.FAIL, "fork/exec /app: operation not permitted", "cap_add: [SYS_PTRACE]"),
                arguments("attach without SYS_PTRACE", withCommand("dlv", "attach", "1", "--headless", "--listen=:2345")
                                .withSecurity(false, List.of(), List.of("seccomp=unconfined")), ON_HOST,
                        "target.ptrace", Verdict.FAIL, "'dlv attach' needs the SYS_PTRACE", "--cap-add SYS_PTRACE"),
                arguments("privileged container may trace", healthy().withSecurity(true, List.of(), List.of()), ON_HOST,
                        "target.ptrace", Verdict.PASS, "privileged", null),
                arguments("CAP_ prefix and compose's seccomp:unconfined", healthy().withSecurity(false,
                        List.of("CAP_SYS_PTRACE"), List.of("seccomp:unconfined")), ON_HOST,
                        "target.ptrace", Verdict.PASS, "SYS_PTRACE", null),
                arguments("stripped binary, seen in the log", healthy().withBinary(Optional.empty()).withLog(
                                "could not launch process: could not open debug info - debuggee must not be built with"
                                        + " 'go run' or -ldflags='-s -w', which strip debug info\n"), ON_HOST,
                        "target.debug-info", Verdict.FAIL, "could not open debug info", "-ldflags='-s -w'"),
                arguments("stripped binary, seen in its build information", healthy().withBinary(Optional.of(
                                new GoBuildInfo("go1.19.8", Map.of("-ldflags", "-s -w")))), ON_HOST,
                        "target.debug-info", Verdict.FAIL, "linked with -ldflags='-s -w'", "without -ldflags='-s -w'"),
                arguments("optimized build, from Delve", healthy().withDelve(Optional.of(delve(false,
                                Optional.of(new GoVersion(1, 19)), Optional.of(true))), null), ON_HOST,
                        "target.optimized", Verdict.WARN, "main.main as optimized", "-gcflags='all=-N -l'"),
                arguments("optimized build, from the binary", healthy().withBinary(Optional.of(
                                new GoBuildInfo("go1.19.8", Map.of("-ldflags", "-X main.v=1")))), ON_HOST,
                        "target.optimized", Verdict.WARN, "built with optimizations", "-gcflags='all=-N -l'"),
                arguments("debug build", healthy(), ON_HOST, "target.optimized", Verdict.PASS, "all=-N -l", null),
                arguments("dlv debug compiles without optimizations", withCommand("dlv", "debug", "./cmd/api",
                        "--headless", "--listen=:2345").withBinary(Optional.empty()), ON_HOST,
                        "target.optimized", Verdict.PASS, "compiles the program itself", null),
                arguments("Go newer than Delve supports", healthy().withDelve(Optional.of(delve(true, Optional.empty(),
                                Optional.empty())), null)
                                .withBinary(Optional.of(new GoBuildInfo("go1.22.1", Map.of("-gcflags", "all=-N -l")))),
                        ON_HOST, "target.go-version", Verdict.WARN, "go1.22.1, newer than Delve 1.20.2", "supports Go 1.22"),
                arguments("Go older than Delve supports", healthy().withDelve(Optional.of(delve(false,
                                Optional.of(new GoVersion(1, 16)), Optional.of(false))), null).withBinary(Optional.empty()),
                        ON_HOST, "target.go-version", Verdict.FAIL, "older than Delve 1.20.2 supports", "Go 1.18 or later"),
                arguments("Go version Delve supports", healthy().withDelve(Optional.of(delve(true, Optional.empty(),
                        Optional.empty())), null), ON_HOST, "target.go-version", Verdict.PASS, "Go 1.18 to 1.20", null),
                arguments("Delve refused the Go version, seen in the log", healthy().withLog("Version of Delve is too old"
                                + " for this version of Go (maximum supported version 1.20, suppress this error with"
                                + " --check-go-version=false)\n"), ON_HOST,
                        "target.go-version", Verdict.FAIL, "Version of Delve is too old", "dlv@latest"),
                arguments("host.docker.internal used but not mapped", healthy().withHosts(List.of(),
                        List.of("DB_HOST=host.docker.internal")), ON_HOST,
                        "target.host-docker-internal", Verdict.FAIL, "env DB_HOST=host.docker.internal",
                        "host.docker.internal:host-gateway"),
                arguments("host.docker.internal mapped", healthy().withHosts(List.of("host.docker.internal:host-gateway"),
                        List.of("DB_HOST=host.docker.internal")), ON_HOST,
                        "target.host-docker-internal", Verdict.PASS, "maps it", null),
                arguments("host.docker.internal on Docker Desktop", healthy().withHosts(List.of(),
                        List.of("DB_HOST=host.docker.internal")), DESKTOP,
                        "target.host-docker-internal", Verdict.PASS, "Docker Desktop", null),
                arguments("Delve not answering", healthy().withDelve(Optional.empty(), "connection refused"), ON_HOST,
                        "target.delve-api", Verdict.FAIL, "connection refused", "docker logs api"),
                arguments("exited container", healthy().withState("exited", 1).withLog("could not launch process: x\n"),
                        ON_HOST, "target.running", Verdict.FAIL,
                        "exited on its own with code 1; Delve said: 'could not launch process: x'", "docker start api"),
                arguments("stopped with docker stop", healthy().withState("exited", 0), ON_HOST,
                        "target.running", Verdict.WARN, "stopped on purpose, or its program ended", "docker start api"),
                arguments("killed by SIGTERM", healthy().withState("exited", 143), ON_HOST,
                        "target.running", Verdict.WARN, "SIGTERM", "docker start api"),
                arguments("stopped by the engine, whatever Delve's exit code", healthy().withState("exited", 2)
                                .withStopAsked(true).withLog("API server listening at: [::]:2345\n"), ON_HOST,
                        "target.running", Verdict.WARN, "exit code 2 after docker stop or kill", "docker start api"),
                arguments("killed for lack of memory", healthy().withState("exited", 137, true), ON_HOST,
                        "target.running", Verdict.FAIL, "lack of memory", "mem_limit"),
                arguments("program died, nothing else wrong: its last lines are quoted", healthy().withState("exited", 2)
                                .withLog("starting\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n"), ON_HOST,
                        "target.running", Verdict.FAIL,
                        "its last output: 'panic: boom | goroutine 1 [running]: | main.main()'",
                        "read its output (docker logs api), fix what it says, then docker start api"),
                arguments("Delve cannot bind the address it was given", withCommand("dlv", "exec", "/app", "--headless",
                                "--listen=10.9.9.9:2345", "--accept-multiclient").withState("exited", 1)
                                .withLog("couldn't start listener: listen tcp 10.9.9.9:2345: bind: cannot assign requested"
                                        + " address\n"), ON_HOST,
                        "target.listen", Verdict.FAIL, "the container has no such address", "--listen=:2345"),
                arguments("labelled for debugging, but no dlv in the command", new TargetFacts(container(List.of("/start.sh"),
                                Map.of("debugproxy.enable", "true"), Map.of("shop_default", "172.18.0.5")), "api",
                                "172.18.0.5:2345", null, null, "running", 0, false, false, "", false, List.of(), List.of(),
                                List.of(), List.of(), "", Optional.empty(), null, Optional.empty()), ON_HOST,
                        "target.dlv", Verdict.SKIP, "a script may start it", null),
                arguments("loopback listen forwarded by the running proxy", withCommand("dlv", "exec", "/app",
                                "--headless", "--listen=127.0.0.1:2345").withRoute("api", "172.18.0.5:2345", null,
                                "via forwarder: dlv listens on 127.0.0.1:2345 inside the container (forwarder"
                                        + " debugproxy-fwd-api-01234567-89abcdef)"), LIVE_FORWARDERS,
                        "target.listen", Verdict.PASS, "the running proxy reaches it through a forwarder", null),
                arguments("loopback listen, forwarders on, but no forwarder image", withCommand("dlv", "exec", "/app",
                                "--headless", "--listen=127.0.0.1:2345"), FORWARDERS_WITHOUT_IMAGE,
                        "target.listen", Verdict.FAIL, "cannot make the forwarder it needs: the forwarder image nosuch:dev",
                        "--listen=:2345"),
                arguments("loopback listen whose forwarder failed in the running proxy", withCommand("dlv", "exec", "/app",
                                "--headless", "--listen=127.0.0.1:2345").withRoute("api", null,
                                "forwarder image nosuch:dev is not on this engine"), LIVE_FORWARDERS,
                        "target.listen", Verdict.FAIL, "forwarder for it failed: forwarder image nosuch:dev", "--listen=:2345"),
                arguments("restart loop", healthy().withState("restarting", 1), ON_HOST,
                        "target.running", Verdict.FAIL, "keeps restarting", "docker logs api"),
                arguments("route error not explained elsewhere", healthy().withRoute("api", null,
                        "label debugproxy.delve.port on container api is 'abc'"), ON_HOST,
                        "target.route", Verdict.FAIL, "debugproxy.delve.port", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void namesEachFaultAndItsFix(String what, TargetFacts facts, DoctorContext ctx, String id, Verdict verdict,
                                 String messagePart, String fixPart) {
        List<Check> checks = TargetChecks.run(facts, ctx);
        Check check = checks.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " among " + checks));
        assertEquals(verdict, check.verdict(), check.toString());
        assertTrue(check.message().contains(messagePart), check.message());
        if (fixPart != null) {
            assertNotNull(check.fix(), check.toString());
            assertTrue(check.fix().contains(fixPart), check.fix());
        }
    }

    @Test
    void healthyTargetHasNoWarningOrFailure() {
        List<Check> checks = TargetChecks.run(healthy(), ON_HOST);
        checks.forEach(c -> assertTrue(c.verdict() == Verdict.PASS || c.verdict() == Verdict.SKIP, c.toString()));
        assertEquals("api", checks.get(0).subject().name());
        assertEquals("api", checks.get(0).subject().route());
    }

    @Test
    void singleClientDelveIsNotAsked_andDoctorSaysWhy() {
        Check api = TargetChecks.run(withCommand("dlv", "exec", "/app", "--headless", "--listen=:2345"), ON_HOST)
                .stream().filter(c -> c.id().equals("target.delve-api")).findFirst().orElseThrow();
        assertEquals(Verdict.SKIP, api.verdict());
        assertTrue(api.message().contains("take the IDE's place"), api.message());
    }

    @Test
    void containerWithoutDlvGetsOnlyTheDlvCheck() {
        List<Check> checks = TargetChecks.run(withCommand("/app"), ON_HOST);
        assertEquals(List.of("target.running", "target.dlv"), checks.stream().map(Check::id).toList());
    }

    @Test
    void exitedContainer_pointsAtTheChecksBelowOnlyWhenOneFails() {
        Check dead = TargetChecks.run(healthy().withState("exited", 1).withLog("boom\n"), ON_HOST).get(0);
        assertEquals("target.running", dead.id());
        assertFalse(dead.fix().contains("checks below"), dead.fix());
        Check deadAndBroken = TargetChecks.run(withCommand("dlv", "exec", "/app", "--headless")
                .withState("exited", 1).withLog("boom\n"), ON_HOST).get(0);
        assertTrue(deadAndBroken.fix().startsWith("fix what the checks below name"), deadAndBroken.fix());
    }

    @Test
    void delveIsNotAskedWhenTheProxyCannotReachIt_andThatIsASkipNotAFailure() {
        TargetFacts unreachable = withNetworks(Map.of(), Map.of("other_net", "10.1.0.2"))
                .withDelve(Optional.empty(), "Connect timed out");
        Check api = TargetChecks.run(unreachable, IN_CONTAINER).stream()
                .filter(c -> c.id().equals("target.delve-api")).findFirst().orElseThrow();
        assertEquals(Verdict.SKIP, api.verdict(), api.toString());
        assertTrue(api.message().contains("not reachable from the proxy, see above"), api.message());
    }

    @Test
    void networkAndTraefikFixesNameTheSameNetwork() {
        DoctorContext proxyElsewhere = new DoctorContext("review6-pc", Set.of("review6-proxy"),
                Set.of("review6-proxy", "review6-other", "review6-proj_web"), false, true);
        List<Check> checks = TargetChecks.run(withNetworks(Map.of("traefik.docker.network", "web"),
                Map.of("review6-other", "172.31.0.2", "review6-proj_web", "172.30.0.2")), proxyElsewhere);
        Check network = checks.stream().filter(c -> c.id().equals("target.network")).findFirst().orElseThrow();
        Check traefik = checks.stream().filter(c -> c.id().equals("target.traefik-network")).findFirst().orElseThrow();
        assertTrue(network.fix().contains("docker network connect review6-proj_web review6-pc"), network.fix());
        assertTrue(traefik.fix().contains("traefik.docker.network=review6-proj_web"), traefik.fix());
    }

    @Test
    void strippedBinaryGetsNoOptimizationWarning() {
        List<Check> checks = TargetChecks.run(healthy().withBinary(Optional.of(new GoBuildInfo("go1.19.8",
                Map.of("-ldflags", "-s -w")))), ON_HOST);
        assertTrue(checks.stream().anyMatch(c -> c.id().equals("target.debug-info") && c.verdict() == Verdict.FAIL));
        assertFalse(checks.stream().anyMatch(c -> c.id().equals("target.optimized")), checks.toString());
    }

    @Test
    void hostDockerInternalIsNotCheckedWhenUnused() {
        assertFalse(TargetChecks.run(healthy(), ON_HOST).stream().anyMatch(c -> c.id().equals("target.host-docker-internal")));
    }
}
