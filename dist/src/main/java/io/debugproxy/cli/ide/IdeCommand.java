package io.debugproxy.cli.ide;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code proxy ide}: debugger configurations for VS Code and GoLand. */
@Command(name = "ide", mixinStandardHelpOptions = true,
        description = "Print (or --write) an IDE debug configuration that attaches to a route's port.",
        subcommands = {VsCodeCommand.class, GoLandCommand.class})
public final class IdeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name the IDE: 'proxy ide vscode [ROUTE]' or 'proxy ide goland [ROUTE]'");
    }
}
