package io.debugproxy.cli.certs;

import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.IndexEntry;
import java.io.PrintWriter;

/** What {@code certs issue} prints after writing a certificate. */
final class IssuedReport {
    private IssuedReport() {
    }

    static void print(PrintWriter out, CertsDirectory.Issued issued, CertsDirectory certs) {
        IndexEntry entry = issued.entry();
        out.printf("Issued %s certificate '%s' (serial %s), valid until %s%n",
                entry.kind(), entry.name(), entry.serialHex(), entry.notAfter());
        out.printf("  certificate:  %s%n", issued.certificateFile());
        out.printf("  key (0600):   %s%n", issued.keyFile());
        if (issued.pkcs12File() != null) {
            out.printf("  PKCS#12:      %s%n", issued.pkcs12File());
        }
        if (issued.pkcs12PasswordFile() != null) {
            out.printf("  its password: %s%n", issued.pkcs12PasswordFile());
        }
        out.printf("  trust:        %s%n", certs.caCertificateFile());
        for (IndexEntry previous : issued.stillValid()) {
            out.printf("Note: the certificate it replaces (serial %s) stays valid until %s;"
                    + " revoke it with 'proxy certs revoke %s --dir %s'%n",
                    previous.serialHex(), previous.notAfter(), previous.serialHex(), certs.root());
        }
        out.flush();
    }
}
