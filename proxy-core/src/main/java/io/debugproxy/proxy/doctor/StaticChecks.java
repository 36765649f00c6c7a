package io.debugproxy.proxy.doctor;

import io.debugproxy.config.route.HostPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks of one static route: what can be told without connecting to its Delve (a Delve that
 * serves a single client would be used up by doctor): the address, whether its name resolves
 * where the proxy runs, and whether that place can reach it at all (loopback, Docker networks).
 */
public final class StaticChecks {

    private StaticChecks() {
    }

    /** Every check of {@code f}, ending with the note that Delve itself was not contacted. */
    public static List<Check> run(StaticFacts f, DoctorContext ctx) {
        Subject s = new Subject(f.name(), null, f.name());
        List<Check> out = new ArrayList<>();
        out.add(address(s, f, ctx));
        if (f.address() == null) {
            return out;
        }
        resolve(s, f, ctx).ifPresent(out::add);
        reach(s, f, ctx).ifPresent(out::add);
        out.add(Check.skip(s, "static.delve", "Delve at " + f.address() + " was not contacted: doctor never"
                + " connects to a static route's Delve (a single-client Delve would be used up), so whether it"
                + " listens there is not checked"));
        return out;
    }

    static Check address(Subject s, StaticFacts f, DoctorContext ctx) {
        String whose = ctx.live() ? "the running proxy's static route " : "static route ";
        if (f.error() != null) {
            return Check.fail(s, "static.address", whose + f.name() + " is in error: " + f.error(),
                    "fix routes." + f.name() + " in the proxy's configuration");
        }
        StringBuilder sb = new StringBuilder(whose).append(f.name()).append(" dials ").append(f.address());
        if (f.configured() != null && f.dialed() != null && !f.configured().equals(f.dialed())) {
            sb.append(" (configured as ").append(f.configured()).append(")");
        }
        if (f.tls()) {
            sb.append(" with mutual TLS");
        }
        return Check.pass(s, "static.address", sb.toString());
    }

    static Optional<Check> resolve(Subject s, StaticFacts f, DoctorContext ctx) {
        String host = f.address().host();
        if (isIpLiteral(host) || f.address().isLoopback()) {
            return Optional.empty();
        }
        if (host.equalsIgnoreCase(TargetChecks.HOST_DOCKER_INTERNAL) && ctx.proxyInContainer() && ctx.linuxEngine()) {
            boolean mapped = f.proxyExtraHosts().stream()
                    .anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith(TargetChecks.HOST_DOCKER_INTERNAL + ":"));
            if (!mapped && f.resolved().map(List::isEmpty).orElse(true)) {
                return Optional.of(Check.fail(s, "static.resolve", host + " does not resolve in the proxy's container "
                                + ctx.proxyContainer() + " on Linux unless that container maps it",
                        "add extra_hosts: [\"host.docker.internal:host-gateway\"] to the proxy's service"));
            }
        }
        if (f.resolved().isEmpty()) {
            return Optional.of(Check.skip(s, "static.resolve", host + " was not looked up: doctor does not run where"
                    + " the proxy runs" + (ctx.proxyInContainer() ? " (container " + ctx.proxyContainer() + ")" : "")));
        }
        List<String> addresses = f.resolved().get();
        if (addresses.isEmpty()) {
            return Optional.of(Check.fail(s, "static.resolve", host + " does not resolve where the proxy runs",
                    "point routes." + f.name() + ".delve at an address or a name the proxy can resolve"));
        }
        return Optional.of(Check.pass(s, "static.resolve", host + " resolves to " + String.join(", ", addresses)
                + " where the proxy runs"));
    }

    static Optional<Check> reach(Subject s, StaticFacts f, DoctorContext ctx) {
        HostPort configured = f.configured() != null ? f.configured() : f.address();
        if (configured.isLoopback() || f.address().isLoopback()) {
            return Optional.of(loopback(s, f, ctx, configured));
        }
        if (f.network() == null) {
            return Optional.empty();
        }
        if (!ctx.proxyInContainer()) {
            return Optional.of(Check.pass(s, "static.reach", f.address().host() + " is on Docker network " + f.network()
                    + "; the proxy runs on the Docker host and dials it directly"));
        }
        if (!ctx.proxyNetworks().contains(f.network())) {
            return Optional.of(Check.fail(s, "static.reach", f.address().host() + " is on Docker network "
                            + f.network() + ", which the proxy (container " + ctx.proxyContainer() + ") is not on",
                    "attach the proxy to " + f.network() + ": list it under the proxy service's networks in compose,"
                            + " or run docker network connect " + f.network() + " " + ctx.proxyContainer()));
        }
        return Optional.of(Check.pass(s, "static.reach", f.address().host() + " is on Docker network " + f.network()
                + ", which the proxy is on"));
    }

    private static Check loopback(Subject s, StaticFacts f, DoctorContext ctx, HostPort configured) {
        if (!ctx.proxyInContainer()) {
            return Check.pass(s, "static.reach", configured + " is the loopback of the machine the proxy runs on:"
                    + " Delve must run there (or publish its port on that machine's 127.0.0.1)");
        }
        if (f.address().isLoopback()) {
            return Check.fail(s, "static.reach", "the proxy runs in container " + ctx.proxyContainer() + ", where "
                            + configured.host() + " is that container itself, and its default gateway (the Docker host)"
                            + " is unknown",
                    "point routes." + f.name() + ".delve at host.docker.internal:" + configured.port()
                            + " with extra_hosts: [\"host.docker.internal:host-gateway\"] on the proxy's service");
        }
        return Check.warn(s, "static.reach", "the proxy runs in container " + ctx.proxyContainer() + ", where "
                        + configured.host() + " is that container itself, so it dials the Docker host at its gateway "
                        + f.address() + " instead; a Delve on the host bound to 127.0.0.1 cannot be reached that way",
                "start Delve on the host with --listen=:" + configured.port() + " (or --listen=" + f.address()
                        + "), so that containers reach it");
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}
