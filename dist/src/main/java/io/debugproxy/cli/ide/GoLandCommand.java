package io.debugproxy.cli.ide;

import io.debugproxy.cli.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code proxy ide goland [ROUTE]}: a "Go Remote" run configuration for the route's port, printed
 * or written to {@code DIR/.run/NAME.run.xml} (GoLand picks up {@code .run/} files by itself and
 * maps paths on its own).
 */
@Command(name = "goland", mixinStandardHelpOptions = true,
        description = "Print a GoLand \"Go Remote\" run configuration for a route, or write it to"
                + " DIR/.run/NAME.run.xml with --write.")
public final class GoLandCommand implements Runnable {

    static final String RUN_DIR = ".run";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    IdeOptions ide;

    @Override
    public void run() {
        RouteEndpoint route = RouteEndpoint.lookup(ide.admin, ide.route, ide.host);
        String name = ide.configurationName(route.name());
        String xml = GoLandRunConfig.xml(name, route.host(), route.port());
        PrintWriter out = spec.commandLine().getOut();
        if (ide.write) {
            Path file = ide.dir.toAbsolutePath().normalize().resolve(RUN_DIR).resolve(GoLandRunConfig.fileName(name));
            Optional<String> existing = IdeFiles.read(file);
            if (existing.isPresent()) {
                try {
                    GoLandRunConfig.requireReplaceable(existing.get(), name);
                } catch (IdeFileException e) {
                    throw new UserError(file + " was left alone: " + e.getMessage()
                            + "; choose another name with --name");
                }
            }
            IdeFiles.replace(file, xml);
            out.println("wrote " + file + " (run configuration '" + name + "', " + route.host() + ":" + route.port() + ")");
        } else {
            out.print(xml);
        }
        out.flush();
    }
}
