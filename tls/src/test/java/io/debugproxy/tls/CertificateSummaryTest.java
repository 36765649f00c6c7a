package io.debugproxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code proxy certs inspect} says about validity and serials. */
class CertificateSummaryTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path temp;

    private CertsDirectory certsAt(Instant now) {
        CertsDirectory certs = new CertsDirectory(temp, new MutableClock(now), FileTransaction.ATOMIC_RENAME);
        certs.init(CaOptions.defaults(), false);
        return certs;
    }

    @Test
    void aFreshThirtyDayCertificateHasThirtyDaysLeft() {
        CertsDirectory certs = certsAt(NOW);
        certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());

        String text = certs.inspect(certs.certificateFile(CertificateKind.CLIENT, "alice")).render(NOW.plusSeconds(3));

        assertTrue(text.contains("(valid, 30 days left)"), text);
    }

    @Test
    void aRevokedCertificateSaysRevokedWhereTheDaysLeftWouldBe() {
        CertsDirectory certs = certsAt(NOW);
        certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults());
        certs.revoke("alice", null);

        String text = certs.inspect(certs.certificateFile(CertificateKind.CLIENT, "alice")).render(NOW);

        assertTrue(text.contains("  (revoked)\n"), text);
        assertFalse(text.contains("days left"), text);
    }

    @Test
    void theSerialKeepsItsLeadingZeros() {
        CertsDirectory certs = certsAt(NOW);
        IndexEntry alice = certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults()).entry();

        String text = certs.inspect(certs.certificateFile(CertificateKind.CLIENT, "alice")).render(NOW);

        assertTrue(text.contains("Serial:       " + SerialNumbers.hex(alice.serial()) + "\n"), text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PT719H59M57S, 30 days",
            "PT36H, 2 days",
            "PT35H59M, 1 day",
            "PT23H40M, 1 day",
            "PT5H, 5 hours",
            "PT1H10M, 1 hour",
            "PT59M, 1 hour",
            "PT29M, less than an hour"})
    void spansAreRoundedToTheNearestDayOrHour(String duration, String text) {
        assertEquals(text, CertificateSummary.span(Duration.parse(duration)));
    }

    @Test
    void aCertificateThatWouldOutliveTheCaIsRefusedWithTimesToTheSecond() {
        CertsDirectory certs = certsAt(NOW.plusNanos(463_387_337));

        TlsSetupException e = org.junit.jupiter.api.Assertions.assertThrows(TlsSetupException.class,
                () -> certs.issue(LeafRequest.client("alice", Duration.ofDays(5000)), IssueOptions.defaults()));

        assertTrue(e.getMessage().startsWith("a client certificate valid until 2043-09-10T00:00:00Z would outlive the CA,"
                + " which expires 2039-12-30T00:00:00Z;"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "5cd49abb061265c82c03c348ff4d1cd, 05cd49abb061265c82c03c348ff4d1cd",
            "c6ffae3eacaccde09bdede950d7222c6, c6ffae3eacaccde09bdede950d7222c6",
            "abc, 00000000000000000000000000000abc",
            "1c6ffae3eacaccde09bdede950d7222c6, 01c6ffae3eacaccde09bdede950d7222c6"})
    void serialsAreWrittenWithAFixedWidthOfWholeBytes(String hex, String written) {
        assertEquals(written, SerialNumbers.hex(new java.math.BigInteger(hex, 16)));
    }

    @Test
    void aPaddedSerialStillRevokes() {
        CertsDirectory certs = certsAt(NOW);
        IndexEntry alice = certs.issue(LeafRequest.client("alice", Duration.ofDays(30)), IssueOptions.defaults()).entry();

        assertEquals(List.of("alice"), certs.revoke("00" + alice.serialHex(), null).newlyRevoked().stream()
                .map(IndexEntry::name).toList());
    }
}
