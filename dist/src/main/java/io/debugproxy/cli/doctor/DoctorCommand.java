package io.debugproxy.cli.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debugproxy.cli.UserError;
import io.debugproxy.config.ConfigLoader;
import io.debugproxy.config.ProxyConfig;
import io.debugproxy.proxy.doctor.Check;
import io.debugproxy.proxy.doctor.Doctor;
import io.debugproxy.proxy.doctor.DoctorReport;
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

/** {@code proxy doctor}: checks every way debugging a Go service in Docker breaks, and says what to change. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the Docker engine, the proxy's networks and every debug target (or the one named):"
                + " where Delve listens, networks, Delve's flags, ptrace permission, the build of the program.",
                "Prints one line per check (pass, warn, fail, skip) with the fix; exits 0 when nothing fails, 1 otherwise."})
public final class DoctorCommand implements Callable<Integer> {

    static final int FAILED = 1;

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
            description = "The proxy's configuration, for docker.forwarders, docker.network and static routes.")
    Path config;

    @Override
    public Integer call() {
        ProxyConfig cfg = config == null ? ConfigLoader.defaults(System::getenv) : new ConfigLoader(System::getenv).load(config);
        if (dockerHost != null) {
            cfg = cfg.withDockerHost(dockerHost);
        }
        PrintWriter err = spec.commandLine().getErr();
        Doctor doctor = new Doctor(new Doctor.Settings(cfg.docker().host(), cfg.docker().network(),
                cfg.docker().forwarders(), cfg.traefik().domain(), cfg.routes(), Duration.ofSeconds(3),
                cfg.traefik().ruleSyntax()),
                line -> {
                    err.println("doctor: " + line);
                    err.flush();
                });
        DoctorReport report;
        try {
            report = doctor.run(Optional.ofNullable(target));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(report) : toText(report));
        out.flush();
        return report.failed() ? FAILED : 0;
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

    /** {@code {"ok": bool, "checks": [{subject, container, route, check, status, message, fix}]}}. */
    static String toJson(DoctorReport report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", !report.failed());
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
