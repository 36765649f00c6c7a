package io.debugproxy.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Trusts exactly one CA, and enforces what the JDK's trust manager leaves out.
 *
 * <p>The JDK's PKIX trust manager checks the chain, validity, the extended key usage for the TLS role and,
 * on the client side, the server's host name. But neither the JDK nor BouncyCastle applies the name
 * constraints of a trust anchor's own certificate. So a second validation runs with the CA certificate
 * as the last element of the path and the anchor given as its bare name and key: then the CA's name
 * constraints bind the leaf, as they do in Go and OpenSSL. BouncyCastle's validator does that one,
 * because the JDK's also matches a SAN-less client certificate's common name against the DNS
 * constraints. Finally the leaf must not be revoked, and a client's chain goes to the
 * {@link HandshakeClientCheck}, which can still refuse it during the handshake.
 */
final class CaTrustManager extends X509ExtendedTrustManager {
    private final X509Certificate ca;
    private final X509ExtendedTrustManager jdk;
    private final Revocations revocations;
    private final HandshakeClientCheck clientCheck;
    private final Provider bouncyCastle = new BouncyCastleProvider();
    private final TrustAnchor anchor;

    CaTrustManager(X509Certificate ca, Revocations revocations) {
        this(ca, revocations, HandshakeClientCheck.none());
    }

    CaTrustManager(X509Certificate ca, Revocations revocations, HandshakeClientCheck clientCheck) {
        this.ca = ca;
        this.revocations = revocations;
        this.clientCheck = clientCheck;
        this.jdk = jdkTrustManager(ca);
        this.anchor = new TrustAnchor(ca.getSubjectX500Principal(), ca.getPublicKey(), null);
    }

    /**
     * Without a connection there is no handshake to hand to the {@link HandshakeClientCheck}; the JDK
     * calls the variants below during handshakes.
     */
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, authType);
        checkConstrainedAndNotRevoked(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jdk.checkClientTrusted(chain, authType, socket);
        checkConstrainedAndNotRevoked(chain);
        clientCheck.check(chain, ((SSLSocket) socket).getHandshakeSession());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        jdk.checkClientTrusted(chain, authType, engine);
        checkConstrainedAndNotRevoked(chain);
        clientCheck.check(chain, engine.getHandshakeSession());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkServerTrusted(chain, authType);
        checkConstrainedAndNotRevoked(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jdk.checkServerTrusted(chain, authType, socket);
        checkConstrainedAndNotRevoked(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        jdk.checkServerTrusted(chain, authType, engine);
        checkConstrainedAndNotRevoked(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {ca};
    }

    /** Validates {@code leaf} against the CA with the CA's name constraints in force. */
    void validateWithinConstraints(X509Certificate leaf) throws CertificateException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            PKIXParameters parameters = new PKIXParameters(Set.of(anchor));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX", bouncyCastle).validate(factory.generateCertPath(List.of(leaf, ca)), parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate '" + leaf.getSubjectX500Principal().getName()
                    + "' does not validate against the CA's name constraints: " + e.getMessage(), e);
        }
    }

    private void checkConstrainedAndNotRevoked(X509Certificate[] chain) throws CertificateException {
        X509Certificate leaf = chain[0];
        validateWithinConstraints(leaf);
        if (revocations.isRevoked(leaf)) {
            throw new CertificateException("certificate '" + leaf.getSubjectX500Principal().getName() + "' (serial "
                    + SerialNumbers.hex(leaf.getSerialNumber()) + ") has been revoked");
        }
    }

    private static X509ExtendedTrustManager jdkTrustManager(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("debugproxy-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("the Java runtime offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("building a trust manager for the CA", e);
        }
    }
}
