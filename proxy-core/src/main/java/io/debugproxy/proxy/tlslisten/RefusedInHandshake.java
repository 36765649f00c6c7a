package io.debugproxy.proxy.tlslisten;

import java.security.cert.CertificateException;

/**
 * An {@link AdmissionPolicy} refusal made while the handshake was still running: thrown from the trust
 * manager, it fails the handshake with a fatal alert, and {@link HandshakeFailures} finds it among the
 * failure's causes to count the refusal under its own reason, client and route.
 */
final class RefusedInHandshake extends CertificateException {

    private static final long serialVersionUID = 1L;

    /** Never serialized: the exception does not leave the handshake that threw it. */
    private final transient AdmissionPolicy.Refused refused;

    RefusedInHandshake(AdmissionPolicy.Refused refused) {
        super(refused.detail());
        this.refused = refused;
    }

    AdmissionPolicy.Refused refused() {
        return refused;
    }
}
