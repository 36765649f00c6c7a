package io.debugproxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCertificateCheckTest {
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    /** One CA shared by the table, with alice issued and revoked. */
    private record Fixture(CertificateAuthority ca, RevocationList revocations, X509Certificate revokedAlice) {
    }

    private Fixture fixture;

    @BeforeAll
    void createCaIssueAndRevokeAlice(@TempDir Path temp) {
        MutableClock clock = new MutableClock(NOW.minus(Duration.ofDays(400)));
        CertsDirectory certs = new CertsDirectory(temp, clock, FileTransaction.ATOMIC_RENAME);
        certs.init(CaOptions.defaults(), false);
        clock.advance(Duration.ofDays(400));
        certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());
        certs.revoke("alice", null);
        fixture = new Fixture(certs.loadAuthority(), certs.revocationList(),
                certs.loadIdentity(CertificateKind.CLIENT, "alice").certificate());
    }

    private X509Certificate issuedAt(Instant at, LeafRequest request) {
        return fixture.ca().withClock(Clock.fixed(at, ZoneOffset.UTC)).issue(request).certificate();
    }

    Stream<Arguments> chains() {
        Function<Fixture, X509Certificate> valid = f -> issuedAt(NOW, LeafRequest.client("bob", Duration.ofDays(30)));
        Function<Fixture, X509Certificate> expired =
                f -> issuedAt(NOW.minus(Duration.ofDays(60)), LeafRequest.client("bob", Duration.ofDays(30)));
        Function<Fixture, X509Certificate> notYetValid =
                f -> issuedAt(NOW.plus(Duration.ofDays(2)), LeafRequest.client("bob", Duration.ofDays(30)));
        Function<Fixture, X509Certificate> revoked = Fixture::revokedAlice;
        Function<Fixture, X509Certificate> otherCa = f -> CertificateAuthority.create(CaOptions.defaults(), Clock.fixed(NOW, ZoneOffset.UTC))
                .issue(LeafRequest.client("bob", Duration.ofDays(30))).certificate();
        Function<Fixture, X509Certificate> serverOnly =
                f -> issuedAt(NOW, LeafRequest.server("bob.localhost", List.of(), List.of(), Duration.ofDays(30)));
        return Stream.of(
                Arguments.of("valid client certificate", valid, null),
                Arguments.of("expired", expired, ClientCertificateCheck.Reason.EXPIRED),
                Arguments.of("not yet valid", notYetValid, ClientCertificateCheck.Reason.NOT_YET_VALID),
                Arguments.of("revoked", revoked, ClientCertificateCheck.Reason.REVOKED),
                Arguments.of("signed by another CA", otherCa, ClientCertificateCheck.Reason.WRONG_CA),
                Arguments.of("serverAuth only", serverOnly, ClientCertificateCheck.Reason.NOT_FOR_CLIENT_AUTH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void decidesByTheTable(String description, Function<Fixture, X509Certificate> certificate,
                           ClientCertificateCheck.Reason expected) {
        Fixture f = fixture;
        ClientCertificateCheck check = new ClientCertificateCheck(f.ca().certificate(), f.revocations(),
                Clock.fixed(NOW, ZoneOffset.UTC));

        ClientCertificateCheck.Verdict verdict = check.check(new Certificate[] {certificate.apply(f)});

        if (expected == null) {
            assertEquals("bob", ((ClientCertificateCheck.Accepted) verdict).clientName());
        } else {
            ClientCertificateCheck.Refused refused = (ClientCertificateCheck.Refused) verdict;
            assertEquals(expected, refused.reason(), refused.message());
        }
    }

    @Test
    void refusesAClientThatPresentedNoCertificate() {
        Fixture f = fixture;
        ClientCertificateCheck check = new ClientCertificateCheck(f.ca().certificate(), f.revocations(), Clock.systemUTC());

        ClientCertificateCheck.Verdict verdict = check.check((Certificate[]) null);

        assertEquals(ClientCertificateCheck.Reason.NO_CERTIFICATE, ((ClientCertificateCheck.Refused) verdict).reason());
    }

    @Test
    void expiryRefusalSaysHowToGetANewCertificate() {
        Fixture f = fixture;
        X509Certificate expired = issuedAt(NOW.minus(Duration.ofDays(60)), LeafRequest.client("bob", Duration.ofDays(30)));
        ClientCertificateCheck check = new ClientCertificateCheck(f.ca().certificate(), Revocations.none(),
                Clock.fixed(NOW, ZoneOffset.UTC));

        String message = ((ClientCertificateCheck.Refused) check.check(List.of(expired))).message();

        assertTrue(message.contains("proxy certs issue client bob"), message);
    }
}
