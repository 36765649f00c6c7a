package io.debugproxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationListTest {
    @TempDir
    Path temp;

    @Test
    void picksUpARevocationWrittenAfterItWasLoaded() {
        CertsDirectory certs = CertsDirectory.at(temp);
        certs.init(CaOptions.defaults(), false);
        certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());
        X509Certificate alice = certs.loadIdentity(CertificateKind.CLIENT, "alice").certificate();
        RevocationList crl = certs.revocationList();
        assertFalse(crl.isRevoked(alice));

        certs.revoke("alice", null);

        assertTrue(crl.isRevoked(alice));
        assertEquals(1, crl.size());
    }

    @Test
    void keepsTheLastGoodListWhenTheFileIsReplacedByGarbage() throws Exception {
        CertsDirectory certs = CertsDirectory.at(temp);
        certs.init(CaOptions.defaults(), false);
        certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());
        certs.revoke("alice", null);
        X509Certificate alice = certs.loadIdentity(CertificateKind.CLIENT, "alice").certificate();
        RevocationList crl = certs.revocationList();

        Path garbage = Files.writeString(temp.resolve("garbage"), "not a CRL");
        Files.move(garbage, certs.crlFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertTrue(crl.isRevoked(alice));
    }

    @Test
    void ignoresACrlSignedByAnotherCa() throws Exception {
        CertsDirectory certs = CertsDirectory.at(temp.resolve("ours"));
        certs.init(CaOptions.defaults(), false);
        certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());
        X509Certificate alice = certs.loadIdentity(CertificateKind.CLIENT, "alice").certificate();
        RevocationList crl = certs.revocationList();
        CertificateAuthority other = CertificateAuthority.create(CaOptions.defaults());
        IndexEntry forged = IndexEntry.of(CertificateKind.CLIENT, "alice", alice).revokedAt(java.time.Instant.now());
        Path replacement = Files.write(temp.resolve("other-crl.pem"), Pem.crl(other.crl(java.util.List.of(forged))));

        assertThrows(TlsSetupException.class, () -> RevocationList.load(replacement, certs.caCertificate()));
        Files.move(replacement, certs.crlFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertFalse(crl.isRevoked(alice));
    }

    @Test
    void loadingAMissingCrlSaysHowToWriteIt() {
        CertificateAuthority ca = CertificateAuthority.create(CaOptions.defaults());

        TlsSetupException e = assertThrows(TlsSetupException.class,
                () -> RevocationList.load(temp.resolve("crl.pem"), ca.certificate()));

        assertTrue(e.getMessage().contains("proxy certs crl"), e.getMessage());
    }
}
