package io.debugproxy.cli.ide;

import io.debugproxy.cli.AdminOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** What every {@code proxy ide} subcommand takes. */
final class IdeOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ROUTE",
            description = "Route name (see 'proxy routes'); may be left out when the proxy has exactly one usable route.")
    String route;

    @Mixin
    AdminOption admin;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Name of the configuration (default: 'debugproxy: ROUTE').")
    String name;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Host the IDE connects to (default: the route port's address; 127.0.0.1 when that is a wildcard).")
    String host;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
            description = "Project directory whose IDE files --write updates (default: the current directory).")
    Path dir;

    @Option(names = "--write", description = "Merge the configuration into the project's IDE files instead of printing it.")
    boolean write;

    String configurationName(String routeName) {
        return name != null ? name : "debugproxy: " + routeName;
    }
}
