package io.debugproxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OnDemandServerCertificatesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final CertificateAuthority ca = CertificateAuthority.create(CaOptions.defaults(), clock);

    @Test
    void issuesAServerCertificateForTheSniName() throws Exception {
        OnDemandServerCertificates certificates = OnDemandServerCertificates.builder(ca).build();

        TlsIdentity identity = certificates.certificateFor("API.Debug.Localhost");

        assertEquals(List.of("DNS:api.debug.localhost"), CertificateSummary.subjectAlternativeNames(identity.certificate()));
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), identity.certificate().getExtendedKeyUsage());
        assertTrue(CertificateSummary.signedBy(identity.certificate(), ca.certificate()));
    }

    @Test
    void servesTheCachedCertificateWhileItIsFresh() {
        OnDemandServerCertificates certificates = OnDemandServerCertificates.builder(ca).validity(Duration.ofDays(9)).build();
        TlsIdentity first = certificates.certificateFor("api.localhost");

        clock.advance(Duration.ofDays(5));

        assertSame(first, certificates.certificateFor("api.localhost"));
    }

    @Test
    void renewsOnceLessThanAThirdOfTheLifetimeIsLeft() {
        OnDemandServerCertificates certificates = OnDemandServerCertificates.builder(ca).validity(Duration.ofDays(9)).build();
        TlsIdentity first = certificates.certificateFor("api.localhost");

        clock.advance(Duration.ofDays(7));
        TlsIdentity renewed = certificates.certificateFor("api.localhost");

        assertNotSame(first, renewed);
        assertTrue(renewed.certificate().getNotAfter().after(first.certificate().getNotAfter()));
        assertEquals(1, certificates.cachedCount());
    }

    @Test
    void usesTheDefaultNameWhenTheClientSendsNoSni() {
        OnDemandServerCertificates certificates = OnDemandServerCertificates.builder(ca).build();

        assertEquals("CN=localhost", certificates.certificateFor(null).certificate().getSubjectX500Principal().getName());
    }

    @Test
    void refusesNamesOutsideTheCaConstraints() {
        OnDemandServerCertificates certificates = OnDemandServerCertificates.builder(ca).build();

        assertThrows(TlsSetupException.class, () -> certificates.certificateFor("bank.example.com"));
        assertEquals(0, certificates.cachedCount());
    }

    @Test
    void refusesNamesThatNoRouteServes() {
        OnDemandServerCertificates certificates = OnDemandServerCertificates.builder(ca)
                .allowedNames(Set.of("api.debug.localhost")::contains)
                .build();

        TlsSetupException e = assertThrows(TlsSetupException.class, () -> certificates.certificateFor("random.localhost"));

        assertTrue(e.getMessage().contains("random.localhost"), e.getMessage());
    }

    @Test
    void keepsTheCacheBounded() {
        OnDemandServerCertificates certificates = OnDemandServerCertificates.builder(ca).maxCached(3).build();

        IntStream.range(0, 10).forEach(i -> certificates.certificateFor("svc" + i + ".localhost"));

        assertEquals(3, certificates.cachedCount());
    }

    @Test
    void concurrentRequestsForOneNameShareOneCertificate() throws Exception {
        OnDemandServerCertificates certificates = OnDemandServerCertificates.builder(ca).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<TlsIdentity>> calls = IntStream.range(0, 32)
                    .<Callable<TlsIdentity>>mapToObj(i -> () -> certificates.certificateFor("api.localhost"))
                    .toList();
            Set<TlsIdentity> distinct = new HashSet<>();
            for (Future<TlsIdentity> result : pool.invokeAll(calls)) {
                distinct.add(result.get());
            }
            assertEquals(1, distinct.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
