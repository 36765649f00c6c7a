package io.debugproxy.cli.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debugproxy.cli.AdminOption;
import io.debugproxy.cli.UserError;
import io.debugproxy.config.ConfigException;
import io.debugproxy.config.ConfigLoader;
import io.debugproxy.config.ProxyConfig;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.doctor.Check;
import io.debugproxy.proxy.doctor.Doctor;
import io.debugproxy.proxy.doctor.DoctorReport;
import io.debugproxy.proxy.doctor.RunningProxy;
import io.debugproxy.proxy.doctor.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code proxy doctor}: checks every way debugging a Go service in Docker breaks, and says what to change. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the Docker engine, the proxy's networks and every debug target and static route (or"
                + " the one named): where Delve listens, networks, Delve's flags, ptrace permission, the build of the"
                + " program.",
                "When a proxy answers on the admin address, its live routes and settings are checked; else the"
                        + " configuration (-c), as if the proxy ran where doctor runs.",
                "Prints one line per check (pass, warn, fail, skip) with the fix; exits 0 when nothing fails, 1 otherwise,"
                        + " 2 for a bad name, flag or file. With --json, errors are JSON too: {\"ok\": false, \"error\": ...}."})
public final class DoctorCommand implements Callable<Integer> {

    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(3);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ROUTE|CONTAINER",
            description = "Check only this route or container (name or id); default: every debug target.")
    String target;

    @Option(names = "--json", description = "Print the checks as JSON, for tools.")
    boolean json;

    @Option(names = "--docker-host", paramLabel = "URL",
            description = "Docker API, e.g. unix:///var/run/docker.sock (overrides docker.host and DOCKER_HOST).")
    String dockerHost;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The proxy's configuration (docker.forwarders, docker.network, static routes, admin.address),"
                    + " used for what a running proxy does not tell, and for everything when none answers.")
    Path config;

    @Option(names = "--admin", paramLabel = "HOST:PORT",
            description = "Admin API of the running proxy to check (default: $" + AdminOption.ENV
                    + ", else admin.address of -c, else 127.0.0.1:9180).")
    String admin;

    /** How the environment is read; tests replace it. */
    Function<String, String> env = System::getenv;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        DoctorReport report;
        try {
            report = check(err);
        } catch (UserError | ConfigException | IllegalArgumentException e) {
            return error(out, err, e.getMessage(), BAD_INPUT);
        } catch (RuntimeException e) {
            return error(out, err, e.getMessage() == null ? e.toString() : e.getMessage(), FAILED);
        }
        out.print(json ? toJson(report) : toText(report));
        out.flush();
        return report.failed() ? FAILED : 0;
    }

    private DoctorReport check(PrintWriter err) {
        ProxyConfig cfg = config == null ? ConfigLoader.defaults(env::apply) : new ConfigLoader(env::apply).load(config);
        if (dockerHost != null) {
            cfg = cfg.withDockerHost(dockerHost);
        }
        RunningProxy.Lookup running = RunningProxy.ask(adminAddress(cfg), ADMIN_TIMEOUT);
        String source = config == null ? "the default configuration (-c FILE for yours)" : config.toString();
        Doctor doctor = new Doctor(new Doctor.Settings(cfg.docker().host(), cfg.docker().network(),
                cfg.docker().forwarders(), cfg.docker().forwarderImage(), cfg.traefik().domain(), cfg.routes(),
                Duration.ofSeconds(3), cfg.traefik().ruleSyntax(), source),
                running,
                line -> {
                    err.println("doctor: " + line);
                    err.flush();
                });
        return doctor.run(Optional.ofNullable(target));
    }

    /**
     * --admin, else $DEBUGPROXY_ADMIN (how this machine reaches the proxy, as for the other commands),
     * else admin.address of the configuration (the default one without -c).
     */
    private HostPort adminAddress(ProxyConfig cfg) {
        String flag = admin;
        String from = "--admin";
        String fromEnv = env.apply(AdminOption.ENV);
        if (flag == null && fromEnv != null && !fromEnv.isBlank()) {
            flag = fromEnv.trim();
            from = "$" + AdminOption.ENV;
        }
        if (flag == null) {
            return cfg.admin().address();
        }
        try {
            return HostPort.parse(flag);
        } catch (IllegalArgumentException e) {
            throw new UserError(from + " '" + flag + "' is not a HOST:PORT address");
        }
    }

    /** The error as one line on stderr and, with --json, as {"ok": false, "error": ...} on stdout. */
    private int error(PrintWriter out, PrintWriter err, String message, int code) {
        err.println(spec.qualifiedName() + ": " + message);
        err.flush();
        if (json) {
            out.print(jsonError(message));
            out.flush();
        }
        return code;
    }

    /** {@code {"ok": false, "error": message}}. */
    static String jsonError(String message) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", false);
        root.put("error", message);
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line per check: verdict, subject, what was found and, when something is to be done, the fix. */
    static String toText(DoctorReport report) {
        int width = report.checks().stream().mapToInt(c -> c.subject().name().length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (Check c : report.checks()) {
            sb.append(String.format("%-4s  %-" + width + "s  %s", c.verdict().label(), c.subject().name(), c.message()));
            if (c.fix() != null) {
                sb.append("; fix: ").append(c.fix());
            }
            sb.append('\n');
        }
        List<String> counts = new ArrayList<>();
        for (Map.Entry<Verdict, Long> e : report.counts().entrySet()) {
            counts.add(e.getValue() + " " + e.getKey().label());
        }
        sb.append("doctor: ").append(report.checks().size()).append(report.checks().size() == 1 ? " check (" : " checks (").append(String.join(", ", counts))
                .append(")").append(report.failed() ? ": something fails" : ": nothing fails").append('\n');
        return sb.toString();
    }

    /**
     * {@code {"ok": bool, "checks": [{subject, container, route, check, status, message, fix}]}}, with
     * {@code "error"} when the engine could not be reached (nothing else was checked).
     */
    static String toJson(DoctorReport report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", !report.failed());
        report.checks().stream()
                .filter(c -> c.id().equals("docker.reachable") && c.verdict() == Verdict.FAIL)
                .findFirst().ifPresent(c -> root.put("error", c.message()));
        ArrayNode checks = root.putArray("checks");
        for (Check c : report.checks()) {
            ObjectNode n = checks.addObject();
            n.put("subject", c.subject().name());
            n.put("container", c.subject().container());
            n.put("route", c.subject().route());
            n.put("check", c.id());
            n.put("status", c.verdict().label());
            n.put("message", c.message());
            n.put("fix", c.fix());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
