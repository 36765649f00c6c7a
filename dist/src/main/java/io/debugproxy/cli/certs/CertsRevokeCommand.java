package io.debugproxy.cli.certs;

import io.debugproxy.tls.CertificateKind;
import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.IndexEntry;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code proxy certs revoke SERIAL|NAME}: marks certificates revoked and rewrites the CRL. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a certificate by serial, or every certificate with that name, and rewrite crl.pem.",
                "A running proxy re-reads crl.pem and refuses revoked clients from their next connection."})
public final class CertsRevokeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption dir;

    @Parameters(index = "0", paramLabel = "SERIAL|NAME", description = "Serial (hex, as 'proxy certs list' shows it) or name.")
    String serialOrName;

    @Option(names = "--kind", paramLabel = "server|client", description = "Only certificates of this kind (when a name is ambiguous).")
    String kind;

    @Override
    public void run() {
        CertificateKind only = kind == null ? null : CertificateKind.parse(kind);
        CertsDirectory.Revoked result = dir.directory().revoke(serialOrName, only);
        PrintWriter out = spec.commandLine().getOut();
        for (IndexEntry entry : result.newlyRevoked()) {
            out.printf("Revoked %s certificate '%s' (serial %s)%n", entry.kind(), entry.name(), entry.serialHex());
        }
        for (IndexEntry entry : result.alreadyRevoked()) {
            out.printf("Already revoked: %s certificate '%s' (serial %s), at %s%n",
                    entry.kind(), entry.name(), entry.serialHex(), entry.revokedAt());
        }
        if (!result.newlyRevoked().isEmpty()) {
            out.printf("Updated %s%n", result.crlFile());
        }
        out.flush();
    }
}
