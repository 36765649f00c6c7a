package io.debugproxy.cli.certs;

import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code proxy certs inspect FILE}: a human summary of a PEM certificate or of the certificate in a PKCS#12 bundle. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Summarize a certificate: subject, names, usage, validity, issuer, and whether it is revoked.",
                "FILE is PEM, or a PKCS#12 bundle (.p12) opened with the NAME.p12.password file beside it"
                        + " or --password-file."})
public final class CertsInspectCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption dir;

    @Parameters(index = "0", paramLabel = "FILE", description = "PEM certificate file or PKCS#12 bundle.")
    Path file;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Password of a PKCS#12 FILE (first line); default: FILE.password beside it.")
    Path passwordFile;

    @Override
    public void run() {
        spec.commandLine().getOut().print(dir.directory().inspect(file, passwordFile).render(Instant.now()));
        spec.commandLine().getOut().flush();
    }
}
