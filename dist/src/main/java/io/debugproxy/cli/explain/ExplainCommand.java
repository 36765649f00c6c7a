package io.debugproxy.cli.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debugproxy.cli.UserError;
import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.route.IpLiteral;
import io.debugproxy.config.traefik.DockerProviderSettings;
import io.debugproxy.config.traefik.RuleSyntax;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code proxy explain}: shows, offline, what Traefik and debugproxy make of containers' labels,
 * either from {@code docker inspect} output or from labels given on the command line.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Explain, offline, what Traefik and debugproxy make of containers' labels.",
                "Prints a JSON object: 'traefik' (the dynamic configuration Traefik's Docker provider would build),"
                        + " 'routes' (the debug routes debugproxy derives, as 'proxy routes --json' shows them) and"
                        + " 'warnings' (every problem found, naming the container and the label)."},
        footer = {"", "Examples:",
                "  docker inspect $(docker compose ps -q) > stack.json && proxy explain --inspect stack.json",
                "  proxy explain --labels 'traefik.http.routers.api.rule=Host(`api.localhost`)'"
                        + " --command 'dlv exec /app --headless --listen=:2345' --expose 8080"})
public final class ExplainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** Where the containers come from: exactly one of the two. */
    static final class Input {
        @Option(names = "--inspect", paramLabel = "FILE",
                description = "Output of 'docker inspect CONTAINER...' (a JSON array, or one container's object);"
                        + " '-' reads standard input.")
        String inspect;

        @Option(names = {"--labels", "--label"}, arity = "1..*", paramLabel = "KEY=VALUE",
                description = "Labels of one synthetic container.")
        List<String> labels;
    }

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "explain",
            description = "With --labels: the container's name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--command", paramLabel = "COMMAND",
            description = "With --labels: the container's command line, split on spaces,"
                    + " e.g. 'dlv exec /app --headless --listen=:2345'.")
    String command;

    @Option(names = "--network", paramLabel = "NAME=IP",
            description = "With --labels: a network and the container's IP on it; repeatable"
                    + " (default: bridge=172.17.0.2).")
    List<String> networks = new ArrayList<>();

    @Option(names = "--network-mode", paramLabel = "MODE", defaultValue = "bridge",
            description = "With --labels: Docker network mode, e.g. host (default: ${DEFAULT-VALUE}).")
    String networkMode;

    @Option(names = "--expose", paramLabel = "PORT", description = "With --labels: an exposed TCP port; repeatable.")
    List<Integer> exposed = new ArrayList<>();

    @Option(names = "--exposed-by-default", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Traefik's providers.docker.exposedByDefault (default: ${DEFAULT-VALUE}).")
    boolean exposedByDefault;

    @Option(names = "--default-rule", paramLabel = "TEMPLATE", defaultValue = DockerProviderSettings.DEFAULT_RULE,
            description = "Traefik's providers.docker.defaultRule (default: ${DEFAULT-VALUE}).")
    String defaultRule;

    @Option(names = "--rule-syntax", paramLabel = "v2|v3", defaultValue = "v3",
            description = "Traefik's core.defaultRuleSyntax: how a rule without a ruleSyntax label is read"
                    + " (default: ${DEFAULT-VALUE}, as in Traefik v3).")
    String ruleSyntax;

    @Option(names = "--provider-network", paramLabel = "NAME", defaultValue = "",
            description = "Traefik's providers.docker.network, used when a container has no traefik.docker.network.")
    String providerNetwork;

    @Option(names = "--host-address", paramLabel = "IP", defaultValue = "127.0.0.1",
            description = "Address Traefik dials for containers in host network mode (default: ${DEFAULT-VALUE}).")
    String hostAddress;

    @Option(names = "--domain", paramLabel = "DOMAIN", defaultValue = "debug.localhost",
            description = "Debug domain: a route's default hostname is <route>.<domain> (default: ${DEFAULT-VALUE}).")
    String domain;

    @Override
    public void run() {
        RuleSyntax syntax = RuleSyntax.parse(ruleSyntax).orElseThrow(() -> new UserError("--rule-syntax '" + ruleSyntax
                + "' is neither v2 nor v3 (Traefik's core.defaultRuleSyntax)"));
        List<InspectedContainer> containers = input.inspect != null ? inspected() : List.of(synthetic());
        DockerProviderSettings settings = DockerProviderSettings.defaults()
                .withRuleSyntax(syntax)
                .withExposedByDefault(exposedByDefault)
                .withDefaultRule(defaultRule)
                .withNetwork(providerNetwork)
                .withHostAddress(hostAddress);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode report = new ExplainReport(mapper, settings, domain).explain(containers, input.inspect == null);
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.println(mapper.writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the report as JSON: " + e.getOriginalMessage(), e);
        }
        out.flush();
    }

    private List<InspectedContainer> inspected() {
        for (String flag : List.of("--name", "--command", "--network", "--network-mode", "--expose")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                throw new UserError(flag + " describes the container made from --labels; with --inspect the containers"
                        + " come from the file");
            }
        }
        String text = readInspect("--inspect " + input.inspect);
        return new DockerInspectJson(input.inspect.equals("-") ? "standard input" : input.inspect).read(text);
    }

    private String readInspect(String source) {
        try {
            if (input.inspect.equals("-")) {
                InputStream in = System.in;
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(input.inspect), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(source + ": no such file");
        } catch (IOException e) {
            throw new UserError(source + " cannot be read: " + e.getMessage());
        }
    }

    private InspectedContainer synthetic() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String item : input.labels) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--labels '" + item + "' is not KEY=VALUE");
            }
            labels.put(item.substring(0, eq).trim(), item.substring(eq + 1));
        }
        Map<String, String> nets = new LinkedHashMap<>();
        for (String item : networks) {
            int eq = item.indexOf('=');
            if (eq <= 0 || IpLiteral.parse(item.substring(eq + 1)).isEmpty()) {
                throw new UserError("--network '" + item + "' is not NAME=IP, e.g. shop_default=172.18.0.5");
            }
            nets.put(item.substring(0, eq), item.substring(eq + 1).trim());
        }
        if (nets.isEmpty() && networkMode.equals("bridge")) {
            nets.put("bridge", "172.17.0.2");
        }
        for (int port : exposed) {
            if (port < 1 || port > 65535) {
                throw new UserError("--expose " + port + " is not a port number 1-65535");
            }
        }
        List<String> argv = command == null || command.isBlank() ? List.of()
                : Arrays.stream(command.trim().split("\\s+")).toList();
        ContainerInfo c = new ContainerInfo("0".repeat(64), name, labels, argv, nets, networkMode, exposed);
        return new InspectedContainer(c, c, true, "");
    }
}
