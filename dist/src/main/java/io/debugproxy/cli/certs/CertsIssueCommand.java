package io.debugproxy.cli.certs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code proxy certs issue}: groups {@code server} and {@code client}. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = "Issue a server or client certificate from the CA.",
        subcommands = {IssueServerCommand.class, IssueClientCommand.class})
public final class CertsIssueCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to issue: 'proxy certs issue server NAME' or 'proxy certs issue client NAME'");
    }
}
