package io.debugproxy.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Netty {@link SslContext}s that trust only our CA: TLS 1.2 and 1.3, AEAD cipher suites only.
 * Servers require a client certificate; clients verify the server's name (create handlers with
 * {@code context.newHandler(alloc, host, port)} so SNI and the name check use {@code host}).
 */
public final class TlsContexts {
    /** Protocol versions offered and accepted. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** AEAD suites with forward secrecy; the TLS 1.2 ones cover both ECDSA and RSA certificates. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final CaTrustManager trustManager;

    private TlsContexts(X509Certificate ca, Revocations revocations, HandshakeClientCheck clientCheck) {
        this.trustManager = new CaTrustManager(ca, revocations, clientCheck);
    }

    /** Contexts trusting {@code ca}, with nothing revoked. */
    public static TlsContexts trusting(X509Certificate ca) {
        return new TlsContexts(ca, Revocations.none(), HandshakeClientCheck.none());
    }

    /** Contexts trusting {@code ca} and refusing peers that {@code revocations} lists (e.g. a {@link RevocationList}). */
    public static TlsContexts trusting(X509Certificate ca, Revocations revocations) {
        return new TlsContexts(ca, revocations, HandshakeClientCheck.none());
    }

    /** As above; server contexts also let {@code clientCheck} refuse a client during the handshake. */
    public static TlsContexts trusting(X509Certificate ca, Revocations revocations, HandshakeClientCheck clientCheck) {
        return new TlsContexts(ca, revocations, clientCheck);
    }

    /** A server context presenting {@code identity} and requiring a client certificate from the CA. */
    public SslContext server(TlsIdentity identity) {
        SslContextBuilder builder = SslContextBuilder.forServer(identity.privateKey(), identity.chain())
                .clientAuth(ClientAuth.REQUIRE);
        return build(builder, "server");
    }

    /** Server contexts per SNI name, with certificates issued on demand: give it to Netty's {@code SniHandler}. */
    public SniServerContexts server(OnDemandServerCertificates certificates) {
        return new SniServerContexts(certificates, this::server);
    }

    /**
     * A client context presenting {@code identity} (the proxy's, or {@code proxy connect}'s, client
     * certificate) and verifying the server's certificate and name.
     */
    public SslContext client(TlsIdentity identity) {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .keyManager(identity.privateKey(), identity.chain())
                .endpointIdentificationAlgorithm("HTTPS");
        return build(builder, "client");
    }

    private SslContext build(SslContextBuilder builder, String side) {
        try {
            return builder
                    .sslProvider(SslProvider.JDK)
                    .trustManager(trustManager)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException e) {
            throw new TlsSetupException("cannot set up the TLS " + side + " context: " + e.getMessage(), e);
        }
    }
}
