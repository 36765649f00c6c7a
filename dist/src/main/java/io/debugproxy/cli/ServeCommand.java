package io.debugproxy.cli;

import io.debugproxy.config.ConfigException;
import io.debugproxy.config.ConfigLoader;
import io.debugproxy.config.PortRange;
import io.debugproxy.config.ProxyConfig;
import io.debugproxy.config.route.HostPort;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code proxy serve}: runs the proxy until SIGTERM / Ctrl-C, then stops accepting, lets open
 * debug sessions drain for at most {@code --drain}, and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the proxy: discover Delve servers in Docker, give each route a local port, serve the admin API.")
public final class ServeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration file; every key has a default (see README).")
    Path config;

    @Option(names = "--docker-host", paramLabel = "URL", description = "Docker API (overrides docker.host; default: $DOCKER_HOST, else unix:///var/run/docker.sock).")
    String dockerHost;

    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "Admin API address (overrides admin.address; default 127.0.0.1:9180).")
    String admin;

    @Option(names = "--listen-address", paramLabel = "HOST", description = "Bind address of the per-route ports (overrides listeners.routes.address; default 127.0.0.1).")
    String listenAddress;

    @Option(names = "--ports", paramLabel = "FIRST-LAST", description = "Port range for per-route ports (overrides listeners.routes.ports; default 40000-40099).")
    String ports;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where port assignments are kept (overrides state.dir; default ./.debugproxy, relative to the working directory).")
    Path stateDir;

    @Option(names = "--drain", paramLabel = "DURATION", defaultValue = "10s", converter = DurationText.class,
            description = "On SIGTERM, how long open debug sessions may go on after the ports stop accepting"
                    + " (default: ${DEFAULT-VALUE}; 0 closes them at once).")
    Duration drain;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "trace, debug, info, warn, error or off (default: $DEBUGPROXY_LOG_LEVEL, else info).")
    String logLevel;

    @Override
    public void run() {
        if (logLevel != null) {
            LogLevel.apply(logLevel);
        }
        ProxyConfig effective = effectiveConfig();
        ProxyAssembly proxy = new ProxyAssembly(effective, drain == null ? Duration.ZERO : drain);
        try {
            proxy.start();
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        UntilStopped.run(proxy::close);
    }

    /** The configuration file (or the defaults) with the command-line overrides applied. */
    ProxyConfig effectiveConfig() {
        ConfigLoader loader = new ConfigLoader(System::getenv);
        ProxyConfig cfg;
        if (config == null) {
            cfg = ConfigLoader.defaults(System::getenv);
        } else {
            cfg = loader.load(config);
        }
        try {
            if (dockerHost != null) {
                if (!dockerHost.matches("(unix|tcp|npipe)://.+")) {
                    throw new UserError("--docker-host '" + dockerHost + "' is not a Docker engine address;"
                            + " use unix:///var/run/docker.sock or tcp://HOST:PORT");
                }
                cfg = cfg.withDockerHost(dockerHost);
            }
            if (admin != null) {
                cfg = cfg.withAdminAddress(parseAddress("--admin", admin));
            }
            if (listenAddress != null) {
                cfg = cfg.withRoutesAddress(listenAddress);
            }
            if (ports != null) {
                cfg = cfg.withPorts(parseRange(ports));
            }
            if (stateDir != null) {
                cfg = cfg.withStateDir(stateDir);
            }
        } catch (ConfigException | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        Path state = cfg.state().dir();
        if (Files.exists(state) && !Files.isDirectory(state)) {
            throw new UserError("state.dir " + state + " exists and is not a directory");
        }
        return cfg;
    }

    private static HostPort parseAddress(String flag, String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UserError(flag + " '" + value + "' is not HOST:PORT: " + e.getMessage());
        }
    }

    private static PortRange parseRange(String value) {
        try {
            return PortRange.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UserError("--ports '" + value + "': " + e.getMessage());
        }
    }
}
