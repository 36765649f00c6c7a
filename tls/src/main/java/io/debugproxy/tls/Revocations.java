package io.debugproxy.tls;

import java.security.cert.X509Certificate;

/** Answers whether a certificate has been revoked. */
@FunctionalInterface
public interface Revocations {

    boolean isRevoked(X509Certificate certificate);

    /** Nothing is revoked: for contexts that have no CRL (tests, upstreams without one). */
    static Revocations none() {
        return certificate -> false;
    }
}
