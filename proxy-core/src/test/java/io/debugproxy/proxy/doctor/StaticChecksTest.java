package io.debugproxy.proxy.doctor;

import io.debugproxy.config.route.HostPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class StaticChecksTest {

    private static final DoctorContext ON_HOST = new DoctorContext(null, Set.of(), Set.of("bridge"), false, true);
    private static final DoctorContext IN_CONTAINER = new DoctorContext("proxy", Set.of("shop_default"),
            Set.of("bridge", "shop_default", "other"), false, true);
    private static final DoctorContext LIVE_IN_CONTAINER = new DoctorContext("proxy", Set.of("shop_default"),
            Set.of("bridge", "shop_default"), false, true, "", "127.0.0.1:9180", null);

    private static StaticFacts route(String configured, String dialed) {
        return new StaticFacts("hostsvc", HostPort.parse(configured), dialed == null ? null : HostPort.parse(dialed),
                null, null, false, Optional.empty(), null, List.of());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("loopback, proxy on the host", route("127.0.0.1:2345", "127.0.0.1:2345"), ON_HOST,
                        "static.reach", Verdict.PASS, "loopback of the machine the proxy runs on", null),
                arguments("loopback, proxy in a container: dialed at the host gateway",
                        route("127.0.0.1:2345", "172.18.0.1:2345"), IN_CONTAINER,
                        "static.reach", Verdict.WARN, "dials the Docker host at its gateway 172.18.0.1:2345",
                        "--listen=:2345"),
                arguments("loopback, proxy in a container, gateway unknown", route("localhost:2345", "localhost:2345"),
                        IN_CONTAINER, "static.reach", Verdict.FAIL, "gateway (the Docker host) is unknown",
                        "host.docker.internal:2345"),
                arguments("address on a network the proxy is not on", new StaticFacts("hostsvc",
                                HostPort.parse("172.31.0.2:2345"), HostPort.parse("172.31.0.2:2345"), null, null, false,
                                Optional.empty(), "other", List.of()), IN_CONTAINER,
                        "static.reach", Verdict.FAIL, "on Docker network other, which the proxy (container proxy) is not on",
                        "docker network connect other proxy"),
                arguments("address on the proxy's network", new StaticFacts("hostsvc",
                                HostPort.parse("172.18.0.9:2345"), HostPort.parse("172.18.0.9:2345"), null, null, false,
                                Optional.empty(), "shop_default", List.of()), IN_CONTAINER,
                        "static.reach", Verdict.PASS, "which the proxy is on", null),
                arguments("name that does not resolve where the proxy runs", new StaticFacts("hostsvc",
                                HostPort.parse("nosuch.invalid:2345"), HostPort.parse("nosuch.invalid:2345"), null, null,
                                false, Optional.of(List.of()), null, List.of()), ON_HOST,
                        "static.resolve", Verdict.FAIL, "does not resolve", "routes.hostsvc.delve"),
                arguments("host.docker.internal from a proxy container that does not map it", new StaticFacts("hostsvc",
                                HostPort.parse("host.docker.internal:2345"), HostPort.parse("host.docker.internal:2345"),
                                null, null, false, Optional.empty(), null, List.of()), LIVE_IN_CONTAINER,
                        "static.resolve", Verdict.FAIL, "does not resolve in the proxy's container proxy",
                        "host.docker.internal:host-gateway"),
                arguments("the running proxy has the route in error", new StaticFacts("hostsvc", null, null, null,
                                "no local port is listening", false, Optional.empty(), null, List.of()), LIVE_IN_CONTAINER,
                        "static.address", Verdict.FAIL, "the running proxy's static route hostsvc is in error", "routes.hostsvc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesWhatCanBeToldWithoutConnecting(String what, StaticFacts facts, DoctorContext ctx, String id,
                                             Verdict verdict, String messagePart, String fixPart) {
        List<Check> checks = StaticChecks.run(facts, ctx);
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
    void saysThatDelveItselfWasNotContacted() {
        List<Check> checks = StaticChecks.run(route("127.0.0.1:2345", "127.0.0.1:2345"), ON_HOST);
        Check last = checks.get(checks.size() - 1);
        assertEquals("static.delve", last.id());
        assertEquals(Verdict.SKIP, last.verdict());
        assertTrue(last.message().contains("Delve at 127.0.0.1:2345 was not contacted"), last.message());
        assertEquals("hostsvc", last.subject().name());
    }
}
