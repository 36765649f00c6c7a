package io.debugproxy.cli.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.cli.CliRun;
import io.debugproxy.tls.CaOptions;
import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.IssueOptions;
import io.debugproxy.tls.LeafRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proxy certs inspect}: PEM and PKCS#12 files, and one sentence for what it cannot read. */
class CertsInspectCommandTest {

    @TempDir
    Path temp;

    private CertsDirectory certsWithBob(IssueOptions options) {
        CertsDirectory certs = CertsDirectory.at(temp.resolve("certs"));
        certs.init(CaOptions.defaults(), false);
        certs.issue(LeafRequest.client("bob", Duration.ofDays(30)), options);
        return certs;
    }

    @Test
    void inspectsTheCertificateInAPkcs12BundleWithItsPasswordFileBesideIt() {
        CertsDirectory certs = certsWithBob(IssueOptions.defaults().withPkcs12());

        CliRun run = CliRun.of("certs", "inspect", certs.pkcs12File("bob").toString(), "--dir", certs.root().toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("Subject:      CN=bob\n"), run.out());
    }

    @Test
    void aPkcs12BundleWithoutAPasswordPointsToThePemBesideIt() throws Exception {
        Path password = java.nio.file.Files.writeString(temp.resolve("pw"), "s3cret\n");
        CertsDirectory certs = certsWithBob(IssueOptions.defaults().withPkcs12(password));

        CliRun run = CliRun.of("certs", "inspect", certs.pkcs12File("bob").toString(), "--dir", certs.root().toString());

        assertEquals(2, run.exit());
        assertEquals("proxy certs inspect: " + certs.pkcs12File("bob") + " is a PKCS#12 file and there is no"
                + " bob.p12.password beside it; inspect the PEM beside it: " + certs.root().resolve("client/bob.pem")
                + ", or pass --password-file FILE\n", run.err());
    }
}
