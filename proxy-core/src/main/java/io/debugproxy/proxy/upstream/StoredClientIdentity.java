package io.debugproxy.proxy.upstream;

import io.debugproxy.tls.ClientCertificateCheck;
import io.debugproxy.tls.TlsContexts;
import io.debugproxy.tls.TlsIdentity;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.Optional;

/**
 * A client certificate loaded from the certs directory ({@code proxy connect --client NAME}), checked
 * here against the CA and the local CRL so that a refusal can be explained.
 */
public final class StoredClientIdentity implements UpstreamCredentials {

    private final String name;
    private final TlsIdentity identity;
    private final SslContext context;
    private final ClientCertificateCheck check;

    public StoredClientIdentity(String name, TlsIdentity identity, TlsContexts contexts, ClientCertificateCheck check) {
        this.name = Objects.requireNonNull(name, "name");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.context = contexts.client(identity);
        this.check = Objects.requireNonNull(check, "check");
    }

    @Override
    public String clientName() {
        return name;
    }

    @Override
    public SslContext sslContext() {
        return context;
    }

    @Override
    public Optional<String> localProblem() {
        if (check.check(identity.chain()) instanceof ClientCertificateCheck.Refused refused) {
            return Optional.of(refused.message());
        }
        return Optional.empty();
    }
}
