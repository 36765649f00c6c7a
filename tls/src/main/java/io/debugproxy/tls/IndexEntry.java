package io.debugproxy.tls;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * One issued certificate as recorded in {@code index.json}. {@code revokedAt} is null while the
 * certificate has not been revoked.
 */
public record IndexEntry(BigInteger serial, CertificateKind kind, String name, Instant notBefore, Instant notAfter,
                         Instant revokedAt) {

    /** Where a certificate stands at a given moment. */
    public enum Status { VALID, NOT_YET_VALID, EXPIRED, REVOKED }

    static IndexEntry of(CertificateKind kind, String name, X509Certificate certificate) {
        return new IndexEntry(certificate.getSerialNumber(), kind, name, certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), null);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** As {@code certs list} shows it and {@code certs revoke} accepts it: see {@link SerialNumbers#hex}. */
    public String serialHex() {
        return SerialNumbers.hex(serial);
    }

    public Status status(Instant now) {
        if (revoked()) {
            return Status.REVOKED;
        }
        if (now.isBefore(notBefore)) {
            return Status.NOT_YET_VALID;
        }
        return now.isAfter(notAfter) ? Status.EXPIRED : Status.VALID;
    }

    IndexEntry revokedAt(Instant at) {
        return new IndexEntry(serial, kind, name, notBefore, notAfter, at);
    }
}
