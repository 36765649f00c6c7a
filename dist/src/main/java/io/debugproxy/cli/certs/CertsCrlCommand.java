package io.debugproxy.cli.certs;

import io.debugproxy.tls.CertsDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code proxy certs crl}: rewrites the CRL with a fresh validity period. */
@Command(name = "crl", mixinStandardHelpOptions = true,
        description = "Write crl.pem afresh from the index (valid 30 days; 'revoke' already updates it).")
public final class CertsCrlCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption dir;

    @Override
    public void run() {
        CertsDirectory.CrlWritten written = dir.directory().writeCrl();
        spec.commandLine().getOut().printf("Wrote %s: %d revoked, next update %s%n",
                written.file(), written.revokedCount(), written.nextUpdate());
        spec.commandLine().getOut().flush();
    }
}
