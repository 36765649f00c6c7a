package io.debugproxy.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSession;

/**
 * A server's further say on a client certificate while the handshake is still running, once the CA,
 * validity, key usage, name constraints and revocation have passed: a refusal here reaches the client
 * as a fatal TLS alert, where a refusal after the handshake could only close the connection.
 */
@FunctionalInterface
public interface HandshakeClientCheck {

    /**
     * @param chain            the client's chain, leaf first, already validated against the CA
     * @param handshakeSession the session being negotiated; on the server side an
     *                         {@link javax.net.ssl.ExtendedSSLSession} whose requested server names are the SNI
     * @throws CertificateException to refuse the client; the handshake fails with this exception as its cause
     */
    void check(X509Certificate[] chain, SSLSession handshakeSession) throws CertificateException;

    /** Adds nothing to the CA's checks. */
    static HandshakeClientCheck none() {
        return (chain, handshakeSession) -> { };
    }
}
