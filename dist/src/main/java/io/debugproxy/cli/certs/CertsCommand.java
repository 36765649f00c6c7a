package io.debugproxy.cli.certs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code proxy certs}: the CA and the certificates that protect debug connections. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Manage the CA and the client/server certificates that protect debug connections.",
        subcommands = {
                CertsInitCommand.class,
                CertsIssueCommand.class,
                CertsListCommand.class,
                CertsRevokeCommand.class,
                CertsCrlCommand.class,
                CertsInspectCommand.class
        })
public final class CertsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required (init, issue, list, revoke, crl, inspect); try 'proxy certs --help'");
    }
}
