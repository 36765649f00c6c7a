package io.debugproxy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code proxy} command line: entry point of the runnable jar and of the container image. */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Traefik-aware debug proxy for Delve servers running in Docker.",
        subcommands = {
                ServeCommand.class,
                RoutesCommand.class,
                HealthCommand.class,
                io.debugproxy.cli.ide.IdeCommand.class,
                io.debugproxy.cli.certs.CertsCommand.class,
                io.debugproxy.cli.connect.ConnectCommand.class,
                io.debugproxy.cli.explain.ExplainCommand.class,
                io.debugproxy.cli.doctor.DoctorCommand.class,
                io.debugproxy.cli.forward.ForwardCommand.class,
                VersionCommand.class,
                CommandLine.HelpCommand.class
        })
public final class ProxyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new ProxyCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        // A wrong flag gets one sentence and a pointer to --help, not the whole usage text.
        cli.setParameterExceptionHandler((ex, argv) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                    + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            return UserErrorHandler.BAD_INPUT;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required; try 'proxy --help'");
    }
}
