package io.debugproxy.cli.certs;

import io.debugproxy.tls.IndexEntry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code proxy certs list}: the index of issued certificates. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the certificates the CA issued: serial, kind, name, expiry and status.")
public final class CertsListCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CertsDirOption dir;

    @Override
    public void run() {
        List<IndexEntry> entries = dir.directory().list();
        PrintWriter out = spec.commandLine().getOut();
        if (entries.isEmpty()) {
            out.println("No certificates issued yet; issue one with 'proxy certs issue client NAME'.");
            out.flush();
            return;
        }
        Instant now = Instant.now();
        int nameWidth = Math.max(4, entries.stream().mapToInt(e -> e.name().length()).max().orElse(4));
        String format = "%-32s  %-6s  %-" + nameWidth + "s  %-20s  %s%n";
        out.printf(format, "SERIAL", "KIND", "NAME", "NOT AFTER", "STATUS");
        for (IndexEntry entry : entries) {
            String status = entry.status(now).name().toLowerCase(Locale.ROOT).replace('_', ' ');
            if (entry.revoked()) {
                status += " " + entry.revokedAt();
            }
            out.printf(format, entry.serialHex(), entry.kind(), entry.name(), entry.notAfter(), status);
        }
        out.flush();
    }
}
