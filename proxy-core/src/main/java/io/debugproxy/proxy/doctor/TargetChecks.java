package io.debugproxy.proxy.doctor;

import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.discovery.DelveCommandLine;
import io.debugproxy.config.discovery.DelveInvocation;
import io.debugproxy.config.route.HostPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of one debug target: pure functions of what doctor learned about the container
 * ({@link TargetFacts}) and about the proxy ({@link DoctorContext}). Each check names what is
 * wrong and the change that fixes it.
 */
public final class TargetChecks {

    static final String FIX_LISTEN = "start dlv with --listen=:%d (every interface of the container; publish no port)";
    static final String FIX_PTRACE = "run the container with --cap-add SYS_PTRACE --security-opt seccomp=unconfined"
            + " (compose: cap_add: [SYS_PTRACE] and security_opt: [\"seccomp:unconfined\"])";
    static final String FIX_DEBUG_BUILD = "build the debug image with go build -gcflags='all=-N -l'";
    static final String FIX_HOST_GATEWAY = "add extra_hosts: [\"host.docker.internal:host-gateway\"] to the service"
            + " (docker run --add-host host.docker.internal:host-gateway)";
    static final String HOST_DOCKER_INTERNAL = "host.docker.internal";

    private static final Set<String> SERVER_SUBCOMMANDS = Set.of("attach", "core", "debug", "exec", "replay", "test");
    private static final Pattern NOT_PERMITTED = Pattern.compile("(?mi)^.*operation not permitted.*$");
    private static final Pattern NO_DEBUG_INFO = Pattern.compile("(?mi)^.*(could not open debug info|no debug info).*$");
    private static final Pattern GO_VERSION_REFUSED = Pattern.compile(
            "(?m)^.*(Version of Go is too old for this version of Delve|Version of Delve is too old for this version of Go).*$");
    private static final Pattern DELVE_ERROR = Pattern.compile(
            "(?m)^(could not (launch|attach)|couldn't start listener|Error:).*$");
    private static final Pattern CANNOT_ASSIGN = Pattern.compile("(?m)^.*bind: cannot assign requested address.*$");
    /** How many of the last output lines a stopped container's check quotes when Delve named no error. */
    private static final int QUOTED_LINES = 3;
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");

    private TargetChecks() {
    }

    /** Every check of {@code t}, in the order a person would fix them. */
    public static List<Check> run(TargetFacts t, DoctorContext ctx) {
        Subject s = Subject.target(t.container().name(), t.route());
        List<Check> out = new ArrayList<>();
        Optional<DelveInvocation> parsed = DelveCommandLine.parse(t.container().command());
        if (parsed.isEmpty()) {
            if (!enabledByLabel(t)) {
                out.add(notADebugTarget(s, t));
                out.add(0, running(s, t, out));
                return out;
            }
            out.add(Check.skip(s, "target.dlv", "container " + t.container().name() + " is labelled "
                    + "debugproxy.enable=true, but its command ('" + String.join(" ", t.container().command())
                    + "') shows no dlv: a script may start it, so Delve's flags are not checked"));
            out.add(network(s, t, ctx));
            out.add(route(s, t, ctx, out));
            out.add(0, running(s, t, out));
            return out;
        }
        DelveInvocation dlv = parsed.get();
        out.add(Check.pass(s, "target.dlv", "runs 'dlv " + dlv.subcommand()
                + (dlv.program().isEmpty() ? "" : " " + dlv.program()) + "'"));
        Check headless = headless(s, dlv);
        out.add(headless);
        if (headless.verdict() == Verdict.FAIL) {
            out.add(ptrace(s, t, dlv));
            debugInfo(s, t).ifPresent(out::add);
            out.add(0, running(s, t, out));
            return out;
        }
        Check listen = listen(s, t, dlv, ctx);
        out.add(listen);
        Check network = network(s, t, ctx);
        out.add(network);
        traefikNetwork(s, t, ctx).ifPresent(out::add);
        if (!dlv.subcommand().equals("dap")) {
            out.add(multiclient(s, dlv));
            out.add(apiVersion(s, dlv, t.delve()));
        }
        boolean reachable = listen.verdict() != Verdict.FAIL && network.verdict() != Verdict.FAIL;
        delveApi(s, t, dlv, reachable).ifPresent(out::add);
        out.add(ptrace(s, t, dlv));
        Optional<Check> debugInfo = debugInfo(s, t);
        debugInfo.ifPresent(out::add);
        goVersion(s, t).ifPresent(out::add);
        // A stripped binary has bigger problems; its debug-info check already says how to build it.
        if (debugInfo.map(c -> c.verdict() != Verdict.FAIL).orElse(true)) {
            out.add(optimized(s, t, dlv));
        }
        hostDockerInternal(s, t, ctx).ifPresent(out::add);
        out.add(route(s, t, ctx, out));
        out.add(0, running(s, t, out));
        return out;
    }

    /**
     * Whether the container runs, and when not, why as far as can be told: Delve's own error or
     * the last lines it printed. A container stopped from outside (exit 0, or the signal docker stop
     * sends) is only a warning; one whose program died is a failure.
     *
     * @param below the container's other checks, which the fix points at only when one of them fails
     */
    static Check running(Subject s, TargetFacts t, List<Check> below) {
        String name = t.container().name();
        boolean otherFailures = below.stream().anyMatch(c -> c.verdict() == Verdict.FAIL);
        String output = lastDelveError(t.logTail()).map(line -> "; Delve said: '" + line + "'")
                .or(() -> lastLines(t.logTail(), QUOTED_LINES).map(lines -> "; its last output: '" + lines + "'"))
                .orElse("; it printed nothing");
        String then = otherFailures ? "fix what the checks below name, then " : "read its output (docker logs " + name
                + "), fix what it says, then ";
        return switch (t.state()) {
            case "running" -> Check.pass(s, "target.running", "container " + name + " is running");
            case "paused" -> Check.warn(s, "target.running", "container " + name + " is paused",
                    "docker unpause " + name);
            case "created" -> Check.warn(s, "target.running", "container " + name + " was created but never started",
                    "docker start " + name);
            case "restarting" -> Check.fail(s, "target.running", "container " + name
                    + " keeps restarting (last exit code " + t.exitCode() + ")" + output,
                    otherFailures ? "fix what the checks below name" : "read docker logs " + name + " and fix what it says");
            default -> stopped(s, t, output, then);
        };
    }

    private static Check stopped(Subject s, TargetFacts t, String output, String then) {
        String name = t.container().name();
        String state = t.state().isEmpty() ? "state unknown" : t.state();
        long code = t.exitCode();
        if (t.oomKilled()) {
            return Check.fail(s, "target.running", "container " + name + " is not running (" + state
                    + "): the kernel killed it for lack of memory (exit code " + code + ")" + output,
                    "give it more memory (compose: mem_limit), then docker start " + name);
        }
        if (t.stopAsked()) {
            return Check.warn(s, "target.running", "container " + name + " was stopped (" + state + ", exit code "
                    + code + " after docker stop or kill)", "docker start " + name);
        }
        String signal = switch ((int) code) {
            case 0 -> "exit code 0";
            case 130 -> "exit code 130, SIGINT";
            case 143 -> "exit code 143, SIGTERM";
            default -> null;
        };
        if (signal != null) {
            return Check.warn(s, "target.running", "container " + name + " is stopped (" + state + ", " + signal
                    + "): stopped on purpose, or its program ended", "docker start " + name);
        }
        String how = state.equals("exited") ? "it exited on its own with code " + code
                : "it is " + state + " (exit code " + code + ")";
        return Check.fail(s, "target.running", "container " + name + " is not running: " + how + output,
                then + "docker start " + name);
    }

    /** A container doctor was asked about that runs no Delve, and how debugproxy would find one that does. */
    static Check notADebugTarget(Subject s, TargetFacts t) {
        String command = String.join(" ", t.container().command());
        String label = t.container().label(ContainerRouteRules.ENABLE);
        String labelled = label == null ? "it has no label " + ContainerRouteRules.ENABLE + "=true"
                : "its label " + ContainerRouteRules.ENABLE + " is '" + label + "'";
        return Check.fail(s, "target.dlv", "container " + t.container().name() + " exists but is not a debug target:"
                        + " its command ('" + command + "') runs no dlv --headless, and " + labelled,
                "run the program under Delve: dlv exec /app --headless --listen=:2345 --api-version=2"
                        + " --accept-multiclient --continue (debugproxy debugs containers whose command runs dlv, or"
                        + " that are labelled " + ContainerRouteRules.ENABLE + "=true when a script starts it)");
    }

    private static boolean enabledByLabel(TargetFacts t) {
        String enable = t.container().label(ContainerRouteRules.ENABLE);
        return enable != null && TRUE.contains(enable.trim());
    }

    static Check headless(Subject s, DelveInvocation dlv) {
        if (dlv.subcommand().equals("dap")) {
            return Check.pass(s, "target.headless", "dlv dap serves the Debug Adapter Protocol on its --listen address");
        }
        if (dlv.servesDebugApi()) {
            return Check.pass(s, "target.headless", "--headless: Delve serves debuggers over the network");
        }
        if (SERVER_SUBCOMMANDS.contains(dlv.subcommand())) {
            return Check.fail(s, "target.headless", "'dlv " + dlv.subcommand() + "' runs without --headless, so Delve"
                    + " opens no port for debuggers", "add --headless --listen=:" + suggestedPort(dlv));
        }
        return Check.fail(s, "target.headless", "'dlv " + dlv.subcommand() + "' is not a debug server",
                "run dlv exec <program> --headless --listen=:" + suggestedPort(dlv) + " --api-version=2 --accept-multiclient");
    }

    static Check listen(Subject s, TargetFacts t, DelveInvocation dlv, DoctorContext ctx) {
        HostPort listen = dlv.listen();
        String fix = String.format(FIX_LISTEN, suggestedPort(dlv));
        if (listen == null) {
            return Check.fail(s, "target.listen", "dlv listens on '" + dlv.listenArgument()
                    + "', which is not a TCP address the proxy can dial", fix);
        }
        String shown = dlv.listenGiven() ? listen.toString() : listen + " (Delve's default without --listen)";
        if (listen.port() == 0) {
            return Check.fail(s, "target.listen", "dlv listens on " + shown + ": a random port nobody can know", fix);
        }
        if (dlv.listensOnLoopbackOnly()) {
            if (ctx.live() && t.route() != null) {
                if (t.routeError() == null && t.routeNote() != null && t.routeNote().contains("forwarder")) {
                    return Check.pass(s, "target.listen", "dlv listens on " + shown + " inside the container; the"
                            + " running proxy reaches it through a forwarder in the container's network namespace");
                }
                if (t.routeError() != null && ctx.forwarders()) {
                    return Check.fail(s, "target.listen", "dlv listens on " + shown + " inside container "
                            + t.container().name() + ", and the running proxy's forwarder for it failed: "
                            + t.routeError(), fix + " (then no forwarder is needed)");
                }
            }
            if (ctx.forwarders() && ctx.forwarderProblem() != null) {
                return Check.fail(s, "target.listen", "dlv listens on " + shown + " inside container "
                        + t.container().name() + ", and the proxy cannot make the forwarder it needs: "
                        + ctx.forwarderProblem(), fix + ", or make the forwarder image (see the proxy's checks)");
            }
            if (ctx.forwarders()) {
                return Check.pass(s, "target.listen", "dlv listens on " + shown + " inside the container; the proxy"
                        + " reaches it through a forwarder in the container's network namespace (docker.forwarders: true)");
            }
            return Check.fail(s, "target.listen", "dlv listens on " + shown + " inside container "
                    + t.container().name() + ", so nothing outside the container can connect to it",
                    fix + ", or set docker.forwarders: true in the proxy's configuration so that it forwards"
                            + " to the loopback address (needs write access to the Docker API)");
        }
        Optional<String> unassignable = firstLine(CANNOT_ASSIGN, t.logTail());
        if (!listen.isWildcard() && unassignable.isPresent()) {
            return Check.fail(s, "target.listen", "dlv could not listen on " + listen + ": the container has no such"
                    + " address (Delve said: '" + unassignable.get() + "')", fix);
        }
        return Check.pass(s, "target.listen", "dlv listens on " + (listen.isWildcard()
                ? ":" + listen.port() + " (every interface of the container)" : listen.toString()));
    }

    static Check network(Subject s, TargetFacts t, DoctorContext ctx) {
        ContainerInfo c = t.container();
        String mode = c.networkMode();
        if (mode.equals("host")) {
            return Check.fail(s, "target.network", "container " + c.name() + " uses network mode host and has no IP of"
                    + " its own to dial", "put it on a Docker network shared with the proxy (remove network_mode: host)");
        }
        if (mode.equals("none")) {
            return Check.fail(s, "target.network", "container " + c.name() + " has networking disabled (network mode"
                    + " none)", "put it on a Docker network shared with the proxy");
        }
        if (mode.startsWith("container:")) {
            String other = mode.substring("container:".length());
            return Check.fail(s, "target.network", "container " + c.name() + " shares the network namespace of "
                    + other + " and has no IP of its own", "put the debug labels and Delve's port on " + other);
        }
        if (c.networks().isEmpty()) {
            if (!t.isRunning()) {
                return Check.skip(s, "target.network", "container " + c.name() + " is not running, so it has no address");
            }
            return Check.fail(s, "target.network", "container " + c.name() + " has no IP address on any network",
                    "attach it to a network the proxy is on");
        }
        if (!ctx.proxyInContainer()) {
            String first = c.networks().keySet().iterator().next();
            return Check.pass(s, "target.network", "the proxy runs on the Docker host and dials the container's IP ("
                    + c.networks().get(first) + " on " + first + ")");
        }
        Set<String> shared = new TreeSet<>(c.networks().keySet());
        shared.retainAll(ctx.proxyNetworks());
        if (shared.isEmpty()) {
            String net = networkToJoin(t, ctx);
            return Check.fail(s, "target.network", "container " + c.name() + " is on " + new TreeSet<>(c.networks().keySet())
                            + " and the proxy (container " + ctx.proxyContainer() + ") on " + new TreeSet<>(ctx.proxyNetworks())
                            + ": they share no network, so the proxy cannot reach it",
                    "attach the proxy to " + net + ": list it under the proxy service's networks in compose, or run"
                            + " docker network connect " + net + " " + ctx.proxyContainer());
        }
        return Check.pass(s, "target.network", "shares network " + String.join(", ", shared) + " with the proxy");
    }

    static Optional<Check> traefikNetwork(Subject s, TargetFacts t, DoctorContext ctx) {
        ContainerInfo c = t.container();
        String label = labelIgnoringCase(c, "traefik.docker.network");
        if (label == null) {
            return Optional.empty();
        }
        String wanted = label.trim();
        Set<String> own = new TreeSet<>(c.networks().keySet());
        if (own.contains(wanted)) {
            return Optional.of(Check.pass(s, "target.traefik-network", "traefik.docker.network=" + wanted
                    + " is one of the container's networks"));
        }
        if (own.isEmpty()) {
            return Optional.empty();
        }
        List<String> prefixed = own.stream().filter(n -> n.endsWith("_" + wanted) || n.endsWith("-" + wanted)).toList();
        if (!prefixed.isEmpty()) {
            return Optional.of(Check.fail(s, "target.traefik-network", "traefik.docker.network is '" + wanted
                            + "', but container " + c.name() + " is on " + own + ": compose names networks"
                            + " <project>_<name>, so Traefik finds no network '" + wanted + "' and may dial an address"
                            + " it cannot reach (502 or timeouts)",
                    "set the label traefik.docker.network=" + prefixed.get(0)));
        }
        String net = networkToJoin(t, ctx);
        if (ctx.engineNetworks().contains(wanted)) {
            return Optional.of(Check.fail(s, "target.traefik-network", "traefik.docker.network is '" + wanted
                            + "', a network container " + c.name() + " is not attached to (it is on " + own + ")",
                    "set traefik.docker.network=" + net + ", or attach the container to " + wanted));
        }
        return Optional.of(Check.fail(s, "target.traefik-network", "traefik.docker.network is '" + wanted
                        + "', which names no network of this engine; container " + c.name() + " is on " + own,
                "set traefik.docker.network=" + net));
    }

    /**
     * The one network both the proxy and the traefik.docker.network label should use, so that the
     * fixes of the network checks agree: the one the proxy shares with the container, else the one
     * the label names (with its compose prefix), else docker.network, else the container's first.
     */
    static String networkToJoin(TargetFacts t, DoctorContext ctx) {
        Set<String> own = new TreeSet<>(t.container().networks().keySet());
        for (String n : own) {
            if (ctx.proxyNetworks().contains(n)) {
                return n;
            }
        }
        String label = labelIgnoringCase(t.container(), "traefik.docker.network");
        if (label != null) {
            String wanted = label.trim();
            if (own.contains(wanted)) {
                return wanted;
            }
            for (String n : own) {
                if (n.endsWith("_" + wanted) || n.endsWith("-" + wanted)) {
                    return n;
                }
            }
        }
        if (own.contains(ctx.preferredNetwork())) {
            return ctx.preferredNetwork();
        }
        return own.isEmpty() ? "a network of the container" : own.iterator().next();
    }

    static Check multiclient(Subject s, DelveInvocation dlv) {
        if (dlv.acceptMulticlient()) {
            return Check.pass(s, "target.multiclient", "--accept-multiclient: IDEs can disconnect and come back while"
                    + " the program keeps running");
        }
        return Check.warn(s, "target.multiclient", "dlv runs without --accept-multiclient: Delve serves a single"
                        + " client, and the first IDE disconnect kills the program (and stops the container)",
                "add --accept-multiclient (and --continue, so that the program starts without waiting for a debugger)");
    }

    static Check apiVersion(Subject s, DelveInvocation dlv, Optional<DelveFacts> delve) {
        if (dlv.apiVersion() == 2) {
            return Check.pass(s, "target.api-version", "--api-version=2");
        }
        return Check.warn(s, "target.api-version", "dlv runs with API version " + dlv.apiVersion()
                        + (dlv.apiVersion() == 1 ? " (Delve's default, deprecated)" : ""),
                "add --api-version=2, the version VS Code and GoLand speak");
    }

    static Optional<Check> delveApi(Subject s, TargetFacts t, DelveInvocation dlv, boolean reachable) {
        if (t.isRunning() && !reachable) {
            return Optional.of(Check.skip(s, "target.delve-api", "Delve was not asked: it is not reachable from the"
                    + " proxy, see above"));
        }
        if (t.delve().isPresent()) {
            DelveFacts d = t.delve().get();
            return Optional.of(Check.pass(s, "target.delve-api", "Delve " + d.delveVersion() + " answers at "
                    + d.address() + " (API v" + d.apiVersion() + ", program " + (d.running() ? "running" : "stopped") + ")"));
        }
        if (t.delveError() != null) {
            return Optional.of(Check.fail(s, "target.delve-api", "Delve does not answer at "
                    + (t.routeTarget() == null ? "its address" : t.routeTarget()) + ": " + t.delveError(),
                    "check that Delve started: docker logs " + t.container().name()));
        }
        if (t.isRunning() && !dlv.acceptMulticlient() && !dlv.subcommand().equals("dap")) {
            return Optional.of(Check.skip(s, "target.delve-api", "Delve was not asked for its version or the build"
                    + " flags: it serves a single client, and connecting would take the IDE's place"));
        }
        return Optional.empty();
    }

    static Check ptrace(Subject s, TargetFacts t, DelveInvocation dlv) {
        Optional<String> denied = firstLine(NOT_PERMITTED, t.logTail());
        if (denied.isPresent()) {
            return Check.fail(s, "target.ptrace", "Delve may not trace the program: it said '" + denied.get() + "'",
                    FIX_PTRACE);
        }
        boolean cap = t.privileged() || t.capAdd().stream().map(TargetChecks::capName)
                .anyMatch(c -> c.equals("SYS_PTRACE") || c.equals("ALL"));
        boolean unconfined = t.privileged() || t.securityOpt().stream()
                .map(o -> o.replace(':', '=').replace(" ", "").toLowerCase(Locale.ROOT))
                .anyMatch(o -> o.equals("seccomp=unconfined"));
        if (!cap && dlv.subcommand().equals("attach")) {
            return Check.fail(s, "target.ptrace", "'dlv attach' needs the SYS_PTRACE capability, which container "
                    + t.container().name() + " does not have", FIX_PTRACE);
        }
        if (!cap || !unconfined) {
            List<String> missing = new ArrayList<>();
            if (!cap) {
                missing.add("without the SYS_PTRACE capability");
            }
            if (!unconfined) {
                missing.add("under Docker's default seccomp profile");
            }
            return Check.warn(s, "target.ptrace", "container " + t.container().name() + " runs " + String.join(" and ",
                            missing) + ": 'dlv exec' copes on recent kernels, but attaching, and older engines, fail with"
                            + " 'operation not permitted'", FIX_PTRACE);
        }
        return Check.pass(s, "target.ptrace", t.privileged() ? "privileged container: Delve may trace"
                : "SYS_PTRACE capability and seccomp=unconfined");
    }

    static Optional<Check> debugInfo(Subject s, TargetFacts t) {
        String fix = "link the debug build without -ldflags='-s -w' (and do not use go run); " + FIX_DEBUG_BUILD;
        Optional<String> said = firstLine(NO_DEBUG_INFO, t.logTail());
        if (said.isPresent()) {
            return Optional.of(Check.fail(s, "target.debug-info", "the program has no debug information: Delve said '"
                    + said.get() + "'", fix));
        }
        if (t.binary().isPresent()) {
            GoBuildInfo b = t.binary().get();
            if (b.stripped()) {
                return Optional.of(Check.fail(s, "target.debug-info", "the program was linked with -ldflags='"
                        + b.setting("-ldflags").orElse("") + "', which strips the debug information Delve needs", fix));
            }
            return Optional.of(Check.pass(s, "target.debug-info", "the program keeps its debug information"
                    + " (not linked with -s or -w)"));
        }
        if (t.delve().isPresent()) {
            return Optional.of(Check.pass(s, "target.debug-info", "Delve loaded the program's debug information"));
        }
        return Optional.empty();
    }

    static Optional<Check> goVersion(Subject s, TargetFacts t) {
        Optional<String> refused = firstLine(GO_VERSION_REFUSED, t.logTail());
        if (refused.isPresent()) {
            return Optional.of(Check.fail(s, "target.go-version", "Delve refused the program: '" + refused.get() + "'",
                    "use a Delve release that supports the program's Go (in the image build: go install"
                            + " github.com/go-delve/delve/cmd/dlv@latest), or build with a Go release this Delve supports"));
        }
        Optional<GoVersion> program = t.delve().flatMap(DelveFacts::targetGo)
                .or(() -> t.binary().flatMap(b -> GoVersion.find(b.goVersion())));
        String programText = t.binary().map(GoBuildInfo::goVersion)
                .orElse(program.map(v -> "go" + v).orElse("?"));
        if (t.delve().isEmpty()) {
            String why = t.delveError() != null ? "Delve did not answer" : "Delve was not asked";
            return program.map(v -> Check.skip(s, "target.go-version", "the program is built with " + programText
                    + "; Delve's supported range is unknown because " + why));
        }
        DelveFacts d = t.delve().get();
        if (d.minGo().isEmpty() || d.maxGo().isEmpty()) {
            return Optional.empty();
        }
        String range = d.minGo().get() + " to " + d.maxGo().get();
        if (program.isEmpty()) {
            return Optional.of(Check.skip(s, "target.go-version", "Delve " + d.delveVersion() + " supports Go " + range
                    + "; the program's Go version is unknown (Delve tells it only while the program is stopped, and"
                    + " the binary could not be read)"));
        }
        GoVersion go = program.get();
        if (go.compareTo(d.minGo().get()) < 0) {
            return Optional.of(Check.fail(s, "target.go-version", "the program is built with " + programText
                            + ", older than Delve " + d.delveVersion() + " supports (Go " + range + ")",
                    "build with Go " + d.minGo().get() + " or later, or use an older Delve"));
        }
        if (go.compareTo(d.maxGo().get()) > 0) {
            return Optional.of(Check.warn(s, "target.go-version", "the program is built with " + programText
                            + ", newer than Delve " + d.delveVersion() + " supports (Go " + range
                            + "); variables and stacks may be wrong",
                    "upgrade Delve in the image to a release that supports Go " + go));
        }
        return Optional.of(Check.pass(s, "target.go-version", "Delve " + d.delveVersion() + " supports Go " + range
                + "; the program is built with " + programText));
    }

    static Check optimized(Subject s, TargetFacts t, DelveInvocation dlv) {
        String fix = FIX_DEBUG_BUILD + " (optimizations and inlining off)";
        if (dlv.subcommand().equals("debug") || dlv.subcommand().equals("test")) {
            return Check.pass(s, "target.optimized", "'dlv " + dlv.subcommand()
                    + "' compiles the program itself, without optimizations");
        }
        Optional<Boolean> delveSays = t.delve().flatMap(DelveFacts::mainOptimized);
        if (delveSays.isPresent()) {
            return delveSays.get()
                    ? Check.warn(s, "target.optimized", "Delve reports main.main as optimized: the program was built"
                    + " without -gcflags='all=-N -l', so breakpoints may land elsewhere and variables show as"
                    + " 'optimized away'", fix)
                    : Check.pass(s, "target.optimized", "Delve reports main.main as not optimized");
        }
        if (t.binary().isPresent()) {
            GoBuildInfo b = t.binary().get();
            if (b.builtForDebugging()) {
                return Check.pass(s, "target.optimized", "built with -gcflags='" + b.setting("-gcflags").orElse("") + "'");
            }
            return Check.warn(s, "target.optimized", "the program was built with optimizations (its build information"
                    + " has no -gcflags with -N -l), so breakpoints may land elsewhere and variables show as"
                    + " 'optimized away'", fix);
        }
        return Check.skip(s, "target.optimized", "whether the program was built with optimizations is unknown"
                + " (Delve tells only while the program is stopped, and the binary could not be read)");
    }

    static Optional<Check> hostDockerInternal(Subject s, TargetFacts t, DoctorContext ctx) {
        Optional<String> use = hostDockerInternalUse(t);
        if (use.isEmpty()) {
            return Optional.empty();
        }
        boolean mapped = t.extraHosts().stream()
                .anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith(HOST_DOCKER_INTERNAL + ":"));
        if (mapped) {
            return Optional.of(Check.pass(s, "target.host-docker-internal", "uses " + HOST_DOCKER_INTERNAL
                    + " and maps it (extra_hosts)"));
        }
        if (!ctx.linuxEngine()) {
            return Optional.of(Check.pass(s, "target.host-docker-internal", "uses " + HOST_DOCKER_INTERNAL
                    + ", which Docker Desktop resolves"));
        }
        return Optional.of(Check.fail(s, "target.host-docker-internal", "container " + t.container().name()
                + " uses " + HOST_DOCKER_INTERNAL + " (" + use.get() + "), which does not resolve on Linux unless the"
                + " container maps it", FIX_HOST_GATEWAY));
    }

    static Check route(Subject s, TargetFacts t, DoctorContext ctx, List<Check> before) {
        if (t.route() == null) {
            return Check.skip(s, "target.route", "the proxy makes no route of container " + t.container().name()
                    + (t.isRunning() ? " (label debugproxy.enable is false, or it is not a debug server)"
                    : " while it is not running"));
        }
        if (t.routeError() != null) {
            boolean explained = before.stream().anyMatch(c -> c.verdict() == Verdict.FAIL);
            return explained
                    ? Check.skip(s, "target.route", (ctx.live() ? "the running proxy's route " : "route ") + t.route()
                    + " is in error, for the reasons above")
                    : Check.fail(s, "target.route", (ctx.live() ? "the running proxy's route " : "route ") + t.route()
                    + " is in error: " + t.routeError(), null);
        }
        return Check.pass(s, "target.route", (ctx.live() ? "the running proxy's route " : "route ") + t.route()
                + " dials " + t.routeTarget() + (t.routeNote() == null ? "" : " (" + t.routeNote() + ")"));
    }

    /** Where the container mentions host.docker.internal: an env entry or a command argument. */
    static Optional<String> hostDockerInternalUse(TargetFacts t) {
        for (String e : t.env()) {
            if (e.toLowerCase(Locale.ROOT).contains(HOST_DOCKER_INTERNAL)) {
                return Optional.of("env " + e);
            }
        }
        for (String a : t.container().command()) {
            if (a.toLowerCase(Locale.ROOT).contains(HOST_DOCKER_INTERNAL)) {
                return Optional.of("argument " + a);
            }
        }
        return Optional.empty();
    }

    /** The last {@code n} non-blank lines of {@code log}, joined with " | ". */
    static Optional<String> lastLines(String log, int n) {
        List<String> lines = log.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size())));
    }

    private static Optional<String> lastDelveError(String log) {
        Matcher m = DELVE_ERROR.matcher(log);
        String last = null;
        while (m.find()) {
            last = m.group().strip();
        }
        return Optional.ofNullable(last);
    }

    private static Optional<String> firstLine(Pattern p, String log) {
        Matcher m = p.matcher(log);
        return m.find() ? Optional.of(m.group().strip()) : Optional.empty();
    }

    private static String capName(String cap) {
        String c = cap.trim().toUpperCase(Locale.ROOT);
        return c.startsWith("CAP_") ? c.substring(4) : c;
    }

    private static String labelIgnoringCase(ContainerInfo c, String key) {
        for (var e : c.labels().entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static int suggestedPort(DelveInvocation dlv) {
        return dlv.listen() != null && dlv.listen().port() != 0 ? dlv.listen().port() : 2345;
    }
}
