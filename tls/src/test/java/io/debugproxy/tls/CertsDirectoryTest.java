package io.debugproxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsDirectoryTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path temp;

    private CertsDirectory initialized() {
        CertsDirectory certs = CertsDirectory.at(temp.resolve("certs"));
        certs.init(CaOptions.defaults(), false);
        return certs;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static Set<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void initWritesTheDocumentedLayoutWithThePrivateKeyOwnerOnly() throws IOException {
        CertsDirectory certs = initialized();

        assertEquals(Set.of("ca.pem", "ca-key.pem", "crl.pem", "index.json"), filesUnder(certs.root()));
        assertEquals("rw-------", mode(certs.caKeyFile()));
        assertEquals("rw-r--r--", mode(certs.caCertificateFile()));
        assertTrue(certs.list().isEmpty());
    }

    @Test
    void createdCaIsEcdsaP256WithPathLenZeroAndNameConstraints() {
        CertsDirectory certs = initialized();
        X509Certificate ca = certs.caCertificate();

        assertTrue(ca.getPublicKey() instanceof ECPublicKey);
        assertEquals(0, ca.getBasicConstraints());
        assertTrue(ca.getCriticalExtensionOIDs().contains("2.5.29.30"), "name constraints must be critical");
        assertEquals(PermittedNames.defaults(), PermittedNames.fromCertificate(ca));
    }

    @Test
    void createsAnRsa3072CaOnRequestAndIssuesRsaLeaves() {
        CertsDirectory certs = CertsDirectory.at(temp);
        certs.init(CaOptions.defaults().withKeyType(KeyType.parse("rsa")), false);

        assertEquals(3072, ((RSAPublicKey) certs.caCertificate().getPublicKey()).getModulus().bitLength());
        certs.issue(LeafRequest.client("alice", LeafRequest.DEFAULT_CLIENT_VALIDITY), IssueOptions.defaults());
        assertTrue(certs.loadIdentity(CertificateKind.CLIENT, "alice").certificate().getPublicKey() instanceof RSAPublicKey);
    }

    @Test
    void refusesToReplaceAnExistingCaWithoutForce() throws IOException {
        CertsDirectory certs = initialized();
        byte[] before = Files.readAllBytes(certs.caCertificateFile());

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.init(CaOptions.defaults(), false));

        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals(new String(before, StandardCharsets.US_ASCII), Files.readString(certs.caCertificateFile()));
    }

    @Test
    void forcedInitReplacesTheCaAndRemovesCertificatesOfTheOldOne() {
        CertsDirectory certs = initialized();
        X509Certificate old = certs.caCertificate();
        certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults().withPkcs12());

        CertsDirectory.Initialized replaced = certs.init(CaOptions.defaults(), true);

        assertFalse(old.equals(certs.caCertificate()));
        assertEquals(4, replaced.removed().size());
        assertFalse(Files.exists(certs.certificateFile(CertificateKind.CLIENT, "alice")));
        assertTrue(certs.list().isEmpty());
    }

    @Test
    void forcedInitStartsOverEvenWhenTheIndexIsCorrupt() throws IOException {
        CertsDirectory certs = initialized();
        Files.writeString(certs.indexFile(), "{ not json");

        assertThrows(TlsSetupException.class, certs::list);
        certs.init(CaOptions.defaults(), true);

        assertTrue(certs.list().isEmpty());
    }

    @Test
    void refusesToLoadACaKeyReadableByOthersAndSaysHowToFixIt() throws IOException {
        CertsDirectory certs = initialized();
        Files.setPosixFilePermissions(certs.caKeyFile(), PosixFilePermissions.fromString("rw-r--r--"));

        TlsSetupException e = assertThrows(TlsSetupException.class, certs::loadAuthority);

        assertTrue(e.getMessage().contains("chmod 600 " + certs.caKeyFile()), e.getMessage());
        assertTrue(e.getMessage().contains("0644"), e.getMessage());
    }

    @Test
    void refusingAGroupReadableCaKeyAlsoBlocksIssuing() throws IOException {
        CertsDirectory certs = initialized();
        Files.setPosixFilePermissions(certs.caKeyFile(), PosixFilePermissions.fromString("rw-r-----"));

        assertThrows(TlsSetupException.class,
                () -> certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults()));
        assertFalse(Files.exists(certs.certificateFile(CertificateKind.CLIENT, "alice")));
    }

    @Test
    void serverCertificateHasServerAuthAndTheNameDnsAndIpSans() throws Exception {
        CertsDirectory certs = initialized();

        CertsDirectory.Issued issued = certs.issue(
                LeafRequest.server("API.debug.localhost", List.of("*.api.test"), List.of("127.0.0.1", "::1"),
                        LeafRequest.DEFAULT_SERVER_VALIDITY),
                IssueOptions.defaults());

        X509Certificate leaf = certs.loadIdentity(CertificateKind.SERVER, "api.debug.localhost").certificate();
        assertEquals(List.of(SERVER_AUTH), leaf.getExtendedKeyUsage());
        assertEquals(List.of("DNS:api.debug.localhost", "DNS:*.api.test", "IP:127.0.0.1", "IP:::1"),
                CertificateSummary.subjectAlternativeNames(leaf));
        assertEquals(Duration.ofDays(90).plus(CertificateAuthority.BACKDATE),
                Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()));
        assertEquals("rw-------", mode(issued.keyFile()));
        assertEquals(temp.resolve("certs/server/api.debug.localhost.pem"), issued.certificateFile());
        assertTrue(CertificateSummary.signedBy(leaf, certs.caCertificate()));
    }

    @Test
    void clientCertificateHasClientAuthNoSansAndThirtyDays() throws Exception {
        CertsDirectory certs = initialized();

        CertsDirectory.Issued issued = certs.issue(LeafRequest.client("alice", LeafRequest.DEFAULT_CLIENT_VALIDITY),
                IssueOptions.defaults());

        X509Certificate leaf = certs.loadIdentity(CertificateKind.CLIENT, "alice").certificate();
        assertEquals(List.of(CLIENT_AUTH), leaf.getExtendedKeyUsage());
        assertNull(leaf.getSubjectAlternativeNames());
        assertEquals("alice", ClientCertificateCheck.commonName(leaf));
        assertEquals(Duration.ofDays(30).plus(CertificateAuthority.BACKDATE),
                Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()));
        assertEquals("rw-------", mode(issued.keyFile()));
        assertEquals(Set.of("ca.pem", "ca-key.pem", "crl.pem", "index.json", "client/alice.pem", "client/alice-key.pem"),
                filesUnder(certs.root()));
        assertEquals(List.of("alice"), certs.clientNames());
    }

    @Test
    void refusesAServerNameOutsideThePermittedNamesBeforeSigning() throws IOException {
        CertsDirectory certs = initialized();
        Set<String> before = filesUnder(certs.root());
        String index = Files.readString(certs.indexFile());

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.issue(
                LeafRequest.server("api.example.com", List.of(), List.of(), Duration.ofDays(90)), IssueOptions.defaults()));

        assertTrue(e.getMessage().contains("api.example.com"), e.getMessage());
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertEquals(before, filesUnder(certs.root()));
        assertEquals(index, Files.readString(certs.indexFile()));
    }

    @Test
    void refusesAPublicIpAddressOnAServerCertificate() {
        CertsDirectory certs = initialized();

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.issue(
                LeafRequest.server("api.localhost", List.of(), List.of("8.8.8.8"), Duration.ofDays(90)), IssueOptions.defaults()));

        assertTrue(e.getMessage().contains("8.8.8.8"), e.getMessage());
    }

    @Test
    void refusesToReplaceACertificateOfTheSameNameWithoutForce() {
        CertsDirectory certs = initialized();
        LeafRequest request = LeafRequest.client("alice", Duration.ofDays(30));
        CertsDirectory.Issued first = certs.issue(request, IssueOptions.defaults());

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.issue(request, IssueOptions.defaults()));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());

        CertsDirectory.Issued second = certs.issue(request, IssueOptions.defaults().replacingExisting());
        assertEquals(List.of(first.entry()), second.stillValid());
        assertEquals(2, certs.list().size());
    }

    @Test
    void pkcs12BundleOpensWithTheGeneratedPasswordAndBothFilesAreOwnerOnly() throws Exception {
        CertsDirectory certs = initialized();

        CertsDirectory.Issued issued = certs.issue(LeafRequest.client("ide", Duration.ofDays(30)),
                IssueOptions.defaults().withPkcs12());

        assertEquals(certs.pkcs12File("ide"), issued.pkcs12File());
        assertEquals(certs.pkcs12PasswordFile("ide"), issued.pkcs12PasswordFile());
        assertEquals("rw-------", mode(issued.pkcs12File()));
        assertEquals("rw-------", mode(issued.pkcs12PasswordFile()));
        char[] password = Files.readString(issued.pkcs12PasswordFile()).strip().toCharArray();
        assertTrue(password.length >= 20);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(issued.pkcs12File())) {
            store.load(in, password);
        }
        PrivateKey key = (PrivateKey) store.getKey("ide", password);
        X509Certificate leaf = (X509Certificate) store.getCertificate("ide");
        assertEquals(certs.loadIdentity(CertificateKind.CLIENT, "ide").certificate(), leaf);
        assertTrue(Keys.matches(key, leaf.getPublicKey()));
        assertEquals(2, store.getCertificateChain("ide").length);
    }

    @Test
    void pkcs12BundleUsesThePasswordFromAPasswordFileAndWritesNoPasswordBesideIt() throws Exception {
        CertsDirectory certs = initialized();
        Path passwordFile = Files.writeString(temp.resolve("pw.txt"), "correct horse battery\n");

        CertsDirectory.Issued issued = certs.issue(LeafRequest.client("ide", Duration.ofDays(30)),
                IssueOptions.defaults().withPkcs12(passwordFile));

        assertNull(issued.pkcs12PasswordFile());
        assertFalse(Files.exists(certs.pkcs12PasswordFile("ide")));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(issued.pkcs12File())) {
            store.load(in, "correct horse battery".toCharArray());
        }
        assertTrue(store.isKeyEntry("ide"));
    }

    @Test
    void aFailureMidIssueLeavesNoPartialFilesAndTheIndexUnchanged() throws IOException {
        Path root = temp.resolve("certs");
        CertsDirectory.at(root).init(CaOptions.defaults(), false);
        String index = Files.readString(root.resolve("index.json"));
        AtomicInteger moves = new AtomicInteger();
        FileTransaction.Mover failsOnThirdMove = (source, target) -> {
            if (moves.incrementAndGet() == 3) {
                throw new IOException("No space left on device");
            }
            FileTransaction.ATOMIC_RENAME.move(source, target);
        };
        CertsDirectory certs = new CertsDirectory(root, Clock.systemUTC(), failsOnThirdMove);

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.issue(
                LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults().withPkcs12()));

        assertTrue(moves.get() >= 3);
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(Set.of("ca.pem", "ca-key.pem", "crl.pem", "index.json"), filesUnder(root));
        assertFalse(Files.exists(root.resolve("client")), "the client directory was created by the failed issue");
        assertEquals(index, Files.readString(root.resolve("index.json")));
    }

    @Test
    void aFailedForcedReissueRestoresThePreviousCertificateAndKey() throws IOException {
        Path root = temp.resolve("certs");
        CertsDirectory plain = CertsDirectory.at(root);
        plain.init(CaOptions.defaults(), false);
        plain.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());
        byte[] certificate = Files.readAllBytes(plain.certificateFile(CertificateKind.CLIENT, "alice"));
        byte[] key = Files.readAllBytes(plain.keyFile(CertificateKind.CLIENT, "alice"));
        FileTransaction.Mover failsOnIndex = (source, target) -> {
            if (target.getFileName().toString().equals("index.json")) {
                throw new IOException("Input/output error");
            }
            FileTransaction.ATOMIC_RENAME.move(source, target);
        };
        CertsDirectory certs = new CertsDirectory(root, Clock.systemUTC(), failsOnIndex);

        assertThrows(TlsSetupException.class, () -> certs.issue(
                LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults().replacingExisting()));

        assertTrue(java.util.Arrays.equals(certificate, Files.readAllBytes(plain.certificateFile(CertificateKind.CLIENT, "alice"))));
        assertTrue(java.util.Arrays.equals(key, Files.readAllBytes(plain.keyFile(CertificateKind.CLIENT, "alice"))));
        assertEquals("rw-------", mode(plain.keyFile(CertificateKind.CLIENT, "alice")));
        assertEquals(1, plain.list().size());
        assertEquals(Set.of("ca.pem", "ca-key.pem", "crl.pem", "index.json", "client/alice.pem", "client/alice-key.pem"),
                filesUnder(root));
    }

    @Test
    void revokingByNameMarksTheIndexAndWritesTheSerialIntoTheCrl() {
        CertsDirectory certs = initialized();
        CertsDirectory.Issued issued = certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());

        CertsDirectory.Revoked revoked = certs.revoke("alice", null);

        assertEquals(1, revoked.newlyRevoked().size());
        assertTrue(certs.list().get(0).revoked());
        X509Certificate leaf = certs.loadIdentity(CertificateKind.CLIENT, "alice").certificate();
        assertTrue(certs.revocationList().isRevoked(leaf));
        assertEquals(issued.entry().serial(), Pem.readCrl(certs.crlFile()).getRevokedCertificates().iterator().next().getSerialNumber());
    }

    @Test
    void revokingBySerialAcceptsColonSeparatedUpperCaseHex() {
        CertsDirectory certs = initialized();
        CertsDirectory.Issued issued = certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());
        String hex = issued.entry().serialHex().toUpperCase();
        String withColons = String.join(":", hex.split("(?<=\\G..)"));

        assertEquals(1, certs.revoke(withColons, null).newlyRevoked().size());
        assertEquals(1, certs.revoke(issued.entry().serialHex(), null).alreadyRevoked().size());
    }

    @Test
    void revokingAnUnknownNameSaysWhereToLook() {
        CertsDirectory certs = initialized();

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.revoke("nobody", null));

        assertTrue(e.getMessage().contains("proxy certs list"), e.getMessage());
    }

    @Test
    void revokingANameSharedByAServerAndAClientAsksForTheKind() {
        CertsDirectory certs = initialized();
        certs.issue(LeafRequest.client("localhost", Duration.ofDays(30)), IssueOptions.defaults());
        certs.issue(LeafRequest.server("localhost", List.of(), List.of(), Duration.ofDays(30)), IssueOptions.defaults());

        assertThrows(TlsSetupException.class, () -> certs.revoke("localhost", null));
        assertEquals(CertificateKind.SERVER, certs.revoke("localhost", CertificateKind.SERVER).newlyRevoked().get(0).kind());
    }

    @Test
    void revokingBySerialRefusesAKindThatDoesNotMatchAndRevokesNothing() throws IOException {
        CertsDirectory certs = initialized();
        CertsDirectory.Issued alice = certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());
        byte[] index = Files.readAllBytes(certs.indexFile());
        byte[] crl = Files.readAllBytes(certs.crlFile());

        TlsSetupException e = assertThrows(TlsSetupException.class,
                () -> certs.revoke(alice.entry().serialHex(), CertificateKind.SERVER));

        assertTrue(e.getMessage().startsWith("serial " + alice.entry().serialHex() + " is the client certificate 'alice',"
                + " not a server certificate; nothing was revoked"), e.getMessage());
        assertTrue(java.util.Arrays.equals(index, Files.readAllBytes(certs.indexFile())));
        assertTrue(java.util.Arrays.equals(crl, Files.readAllBytes(certs.crlFile())));
    }

    @Test
    void revokingByNameWithTheOtherKindSaysWhatTheNameIs() {
        CertsDirectory certs = initialized();
        certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.revoke("alice", CertificateKind.SERVER));

        assertTrue(e.getMessage().startsWith("'alice' is a client certificate, not a server certificate"), e.getMessage());
        assertFalse(certs.list().get(0).revoked());
    }

    @Test
    void revokingBySerialWithTheMatchingKindRevokes() {
        CertsDirectory certs = initialized();
        CertsDirectory.Issued alice = certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());

        assertEquals(1, certs.revoke(alice.entry().serialHex(), CertificateKind.CLIENT).newlyRevoked().size());
    }

    @Test
    void inspectReportsSansUsageIssuerAndRevocation() {
        CertsDirectory certs = initialized();
        certs.issue(LeafRequest.server("api.localhost", List.of(), List.of("10.1.2.3"), Duration.ofDays(90)),
                IssueOptions.defaults());
        certs.revoke("api.localhost", null);

        CertificateSummary summary = certs.inspect(certs.certificateFile(CertificateKind.SERVER, "api.localhost"));

        assertEquals(List.of("DNS:api.localhost", "IP:10.1.2.3"), summary.subjectAlternativeNames());
        assertEquals(List.of("serverAuth"), summary.extendedKeyUsages());
        assertEquals(CertificateSummary.Issuer.THIS_CA, summary.issuedBy());
        assertEquals(CertificateSummary.Revocation.REVOKED, summary.revocation());
        String text = summary.render(java.time.Instant.now());
        assertTrue(text.contains("Revoked:      YES"), text);
        assertTrue(text.contains("ECDSA P-256"), text);
    }

    @Test
    void inspectingAKeyFileSaysItIsNotACertificate() {
        CertsDirectory certs = initialized();

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.inspect(certs.caKeyFile()));

        assertTrue(e.getMessage().contains("private key"), e.getMessage());
    }

    @Test
    void inspectOpensAPkcs12BundleWithThePasswordFileBesideIt() {
        CertsDirectory certs = initialized();
        CertsDirectory.Issued bob = certs.issue(LeafRequest.client("bob", Duration.ofDays(30)),
                IssueOptions.defaults().withPkcs12());

        CertificateSummary summary = certs.inspect(certs.pkcs12File("bob"), null);

        assertEquals("CN=bob", summary.subject());
        assertEquals(bob.entry().serial(), summary.serial());
        assertEquals(CertificateSummary.Issuer.THIS_CA, summary.issuedBy());
    }

    @Test
    void inspectOpensAPkcs12BundleWithAGivenPasswordFile() throws IOException {
        CertsDirectory certs = initialized();
        Path password = Files.writeString(temp.resolve("pw"), "s3cret\n");
        certs.issue(LeafRequest.client("bob", Duration.ofDays(30)), IssueOptions.defaults().withPkcs12(password));

        assertEquals("CN=bob", certs.inspect(certs.pkcs12File("bob"), password).subject());
    }

    @Test
    void inspectRecognisesAPkcs12BundleByItsContentWhateverItsName() throws IOException {
        CertsDirectory certs = initialized();
        certs.issue(LeafRequest.client("bob", Duration.ofDays(30)), IssueOptions.defaults().withPkcs12());
        Path renamed = Files.copy(certs.pkcs12File("bob"), temp.resolve("bundle.bin"));

        assertEquals("CN=bob", certs.inspect(renamed, certs.pkcs12PasswordFile("bob")).subject());
    }

    @Test
    void inspectingAPkcs12BundleWithoutItsPasswordPointsToThePemBesideIt() throws IOException {
        CertsDirectory certs = initialized();
        Path password = Files.writeString(temp.resolve("pw"), "s3cret\n");
        certs.issue(LeafRequest.client("bob", Duration.ofDays(30)), IssueOptions.defaults().withPkcs12(password));

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.inspect(certs.pkcs12File("bob"), null));

        assertEquals(certs.pkcs12File("bob") + " is a PKCS#12 file and there is no bob.p12.password beside it;"
                + " inspect the PEM beside it: " + certs.certificateFile(CertificateKind.CLIENT, "bob")
                + ", or pass --password-file FILE", e.getMessage());
    }

    @Test
    void inspectingAPkcs12BundleWithTheWrongPasswordSaysSo() throws IOException {
        CertsDirectory certs = initialized();
        certs.issue(LeafRequest.client("bob", Duration.ofDays(30)), IssueOptions.defaults().withPkcs12());
        Path wrong = Files.writeString(temp.resolve("wrong"), "wrong\n");

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.inspect(certs.pkcs12File("bob"), wrong));

        assertTrue(e.getMessage().startsWith("the password in " + wrong + " does not open " + certs.pkcs12File("bob")),
                e.getMessage());
    }

    @Test
    void inspectingBinaryDataThatIsNotPkcs12SaysItIsNotPem() throws Exception {
        CertsDirectory certs = initialized();
        Path binary = Files.write(temp.resolve("cert.der"), certs.caCertificate().getEncoded());

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certs.inspect(binary));

        assertTrue(e.getMessage().startsWith(binary + " is not a PEM file (it holds binary data)"), e.getMessage());
    }

    @Test
    void writeCrlListsEveryRevokedCertificate() {
        CertsDirectory certs = initialized();
        certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());
        certs.issue(LeafRequest.client("bob", Duration.ofDays(30)), IssueOptions.defaults());
        certs.revoke("alice", null);
        certs.revoke("bob", null);

        CertsDirectory.CrlWritten written = certs.writeCrl();

        assertEquals(2, written.revokedCount());
        assertEquals(2, Pem.readCrl(certs.crlFile()).getRevokedCertificates().size());
    }

    @Test
    void operationsWithoutACaSayHowToCreateOne() {
        CertsDirectory certs = CertsDirectory.at(temp.resolve("empty"));

        TlsSetupException e = assertThrows(TlsSetupException.class, certs::list);

        assertTrue(e.getMessage().contains("proxy certs init"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("empty")));
    }

    @Test
    void rejectsNamesThatWouldCollideWithKeyFiles() {
        CertsDirectory certs = initialized();

        assertThrows(TlsSetupException.class, () -> LeafRequest.client("alice-key", Duration.ofDays(30)));
        assertThrows(TlsSetupException.class, () -> LeafRequest.client("../alice", Duration.ofDays(30)));
        assertThrows(TlsSetupException.class,
                () -> LeafRequest.server("127.0.0.1", List.of(), List.of(), Duration.ofDays(30)));
        assertTrue(certs.list().isEmpty());
    }

    @Test
    void indexSurvivesARoundTripThroughJson() {
        CertsDirectory certs = initialized();
        certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());
        certs.revoke("alice", null);
        certs.issue(LeafRequest.server("api.localhost", List.of(), List.of(), Duration.ofDays(30)), IssueOptions.defaults());

        List<IndexEntry> entries = certs.list();

        assertEquals(entries, CertIndex.read(certs.indexFile()));
        assertEquals(List.of(IndexEntry.Status.REVOKED, IndexEntry.Status.VALID),
                entries.stream().map(e -> e.status(java.time.Instant.now())).toList());
    }
}
