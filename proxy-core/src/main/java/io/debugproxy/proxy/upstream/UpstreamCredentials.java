package io.debugproxy.proxy.upstream;

import io.netty.handler.ssl.SslContext;
import java.util.Optional;

/**
 * The client certificate presented to TLS upstreams: the proxy's own (issued from its CA) or the
 * one {@code proxy connect} loaded from the certs directory.
 */
public interface UpstreamCredentials {

    /** The certificate's name (its common name): what an upstream's allow-list names. */
    String clientName();

    /** A client context presenting the certificate and verifying upstreams against the CA; may be renewed. */
    SslContext sslContext();

    /**
     * Why an upstream would refuse the certificate, as far as this side can tell (expired, listed in
     * the local CRL, ...); empty when it looks valid here.
     */
    Optional<String> localProblem();
}
