package io.debugproxy.cli.ide;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debugproxy.cli.UserError;
import io.debugproxy.config.discovery.DelveInvocation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code proxy ide vscode [ROUTE]}: a {@code launch.json} configuration attaching VS Code's Go
 * extension to the route's port, with {@code substitutePath} from the local module root to the
 * directory the binary was built in.
 */
@Command(name = "vscode", mixinStandardHelpOptions = true,
        description = {"Print a VS Code launch.json attach configuration for a route, or merge it into"
                + " DIR/.vscode/launch.json with --write.",
                "The configuration is the Go extension's attach in mode remote. substitutePath is learned from"
                        + " Delve's source list, only when Delve accepts several clients (a single-client Delve would"
                        + " end the program when the probe disconnects)."})
public final class VsCodeCommand implements Runnable {

    static final String LAUNCH_JSON = ".vscode/launch.json";
    static final String WORKSPACE = "${workspaceFolder}";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    IdeOptions ide;

    @Option(names = "--remote-path", paramLabel = "DIR",
            description = "Directory the binary was built in (skips asking Delve).")
    String remotePath;

    @Option(names = "--no-probe", description = "Do not ask Delve for its source list; no substitutePath unless --remote-path.")
    boolean noProbe;

    @Option(names = "--pause", description = "If the program is running, halt it for the moment it takes to read the"
            + " source list, then resume it (Delve answers only while the program is stopped).")
    boolean pause;

    @Option(names = "--multiclient", description = "Assert that Delve runs with --accept-multiclient (for routes"
            + " without a container to inspect).")
    boolean assertMulticlient;

    @Option(names = "--docker-host", paramLabel = "URL",
            description = "Docker API to inspect the route's container (default: $DOCKER_HOST, else unix:///var/run/docker.sock).")
    String dockerHost;

    @Override
    public void run() {
        RouteEndpoint route = RouteEndpoint.lookup(ide.admin, ide.route, ide.host);
        Path dir = ide.dir.toAbsolutePath().normalize();
        Path moduleRoot = SubstitutePath.moduleRoot(dir);
        String localRoot = dir.equals(moduleRoot) ? WORKSPACE
                : moduleRoot.startsWith(dir) ? WORKSPACE + "/" + dir.relativize(moduleRoot).toString().replace('\\', '/')
                : moduleRoot.toString();
        Optional<String> remote = remotePath != null ? Optional.of(remotePath) : learnRemoteRoot(route, moduleRoot);
        ObjectNode config = VsCodeLaunch.configuration(ide.configurationName(route.name()), route.host(), route.port(),
                localRoot, remote);
        PrintWriter out = spec.commandLine().getOut();
        if (ide.write) {
            Path file = dir.resolve(LAUNCH_JSON);
            Optional<String> existing = IdeFiles.read(file);
            VsCodeLaunch.Merged merged;
            try {
                merged = VsCodeLaunch.merge(existing, config);
            } catch (IdeFileException e) {
                throw new UserError(file + " was left alone: " + e.getMessage()
                        + "; fix it, or add this configuration by hand (run without --write to print it)");
            }
            if (merged.commentsLost()) {
                Path backup = IdeFiles.backup(file);
                note("the comments of " + file + " could not be kept in place; the file as it was is in " + backup);
            }
            IdeFiles.replace(file, merged.text());
            out.println("wrote " + file + " (configuration '" + config.path("name").asText() + "', "
                    + route.host() + ":" + route.port() + ")");
        } else {
            out.print(VsCodeLaunch.write(config));
        }
        out.flush();
    }

    private Optional<String> learnRemoteRoot(RouteEndpoint route, Path moduleRoot) {
        if (noProbe) {
            return Optional.empty();
        }
        Optional<String> unsafe = whyNotProbe(route);
        if (unsafe.isPresent()) {
            note("no substitutePath: " + unsafe.get() + "; pass --remote-path DIR (where the binary was built)"
                    + " or --multiclient if Delve runs with --accept-multiclient");
            return Optional.empty();
        }
        List<String> sources;
        try (DelveRpc delve = DelveRpc.connect(route.host(), route.port(), PROBE_TIMEOUT)) {
            boolean running = delve.running();
            if (running && !pause) {
                note("no substitutePath: the program is running and Delve lists sources only while it is stopped;"
                        + " run again with --pause (halts it for a moment) or pass --remote-path DIR");
                return Optional.empty();
            }
            if (running) {
                delve.halt();
            }
            sources = delve.sources();
            if (running) {
                delve.resume();
            }
        } catch (IOException e) {
            note("no substitutePath: could not read Delve's source list through " + route.host() + ":" + route.port()
                    + " (" + e.getMessage() + "); pass --remote-path DIR");
            return Optional.empty();
        }
        Optional<String> remote = SubstitutePath.remoteRoot(sources, SubstitutePath.localGoFiles(moduleRoot));
        if (remote.isEmpty()) {
            note("no substitutePath: none of the " + sources.size() + " source files of the binary is under "
                    + moduleRoot + "; run from the module the binary was built from, or pass --remote-path DIR");
        } else {
            note("substitutePath: " + moduleRoot + " -> " + remote.get() + " (from Delve's source list)");
        }
        return remote;
    }

    /** Why asking Delve could hurt (single client) or cannot be judged; empty when it is safe. */
    private Optional<String> whyNotProbe(RouteEndpoint route) {
        if (assertMulticlient) {
            return Optional.empty();
        }
        if (route.container() == null) {
            return Optional.of("route '" + route.name() + "' has no container to tell whether Delve accepts several clients");
        }
        String host = dockerHost != null ? dockerHost
                : Optional.ofNullable(System.getenv("DOCKER_HOST")).orElse("unix:///var/run/docker.sock");
        Optional<DelveInvocation> delve;
        try {
            delve = DelveCommandOf.container(host, route.container());
        } catch (RuntimeException e) {
            return Optional.of("cannot inspect container " + route.container() + " at " + host + " (" + e.getMessage() + ")");
        }
        if (delve.isEmpty()) {
            return Optional.of("the command of container " + route.container() + " does not show how Delve runs");
        }
        if (!delve.get().acceptMulticlient()) {
            return Optional.of("Delve in " + route.container() + " accepts a single client, and a probe would end"
                    + " the program when it disconnects");
        }
        return Optional.empty();
    }

    private void note(String message) {
        spec.commandLine().getErr().println("proxy ide vscode: " + message);
        spec.commandLine().getErr().flush();
    }
}
