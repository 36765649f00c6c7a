package io.debugproxy.cli.certs;

import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code proxy certs inspect FILE}: a human summary of a PEM certificate. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Summarize a PEM certificate: subject, names, usage, validity, issuer, and whether it is revoked.")
public final class CertsInspectCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption dir;

    @Parameters(index = "0", paramLabel = "FILE", description = "PEM certificate file.")
    Path file;

    @Override
    public void run() {
        spec.commandLine().getOut().print(dir.directory().inspect(file).render(Instant.now()));
        spec.commandLine().getOut().flush();
    }
}
