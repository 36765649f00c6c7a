package io.debugproxy.proxy.upstream;

import io.debugproxy.tls.CertificateAuthority;
import io.debugproxy.tls.LeafRequest;
import io.debugproxy.tls.SerialNumbers;
import io.debugproxy.tls.TlsContexts;
import io.debugproxy.tls.TlsIdentity;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's own client certificate for TLS upstreams: issued from the CA in memory (never written
 * to disk, never in the index), and re-issued once less than a third of its lifetime is left.
 * Thread-safe.
 */
public final class ProxyClientIdentity implements UpstreamCredentials {

    /** The name upstream allow-lists see for a chained debugproxy. */
    public static final String DEFAULT_NAME = "debugproxy";
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(ProxyClientIdentity.class);

    private record Current(TlsIdentity identity, SslContext context) {
    }

    private final CertificateAuthority ca;
    private final TlsContexts contexts;
    private final String name;
    private final Duration validity;
    private final Clock clock;
    private volatile Current current;

    /** Issues the first certificate at once, so that a CA that cannot issue it fails at start-up. */
    public ProxyClientIdentity(CertificateAuthority ca, TlsContexts contexts, String name, Duration validity, Clock clock) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.name = Objects.requireNonNull(name, "name");
        this.validity = Objects.requireNonNull(validity, "validity");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = issue();
    }

    /** {@value #DEFAULT_NAME}, valid 7 days, system clock. */
    public static ProxyClientIdentity issuedBy(CertificateAuthority ca, TlsContexts contexts) {
        return new ProxyClientIdentity(ca, contexts, DEFAULT_NAME, DEFAULT_VALIDITY, Clock.systemUTC());
    }

    @Override
    public String clientName() {
        return name;
    }

    @Override
    public SslContext sslContext() {
        Current known = current;
        if (fresh(known.identity())) {
            return known.context();
        }
        synchronized (this) {
            if (!fresh(current.identity())) {
                current = issue();
            }
            return current.context();
        }
    }

    /** Issued by this proxy's CA moments ago: nothing to find wrong with it locally. */
    @Override
    public Optional<String> localProblem() {
        return Optional.empty();
    }

    private Current issue() {
        TlsIdentity identity = ca.issue(LeafRequest.client(name, validity));
        log.info("event=proxy_client_certificate_issued name={} serial={} not_after={}", name,
                SerialNumbers.hex(identity.certificate().getSerialNumber()), identity.certificate().getNotAfter().toInstant());
        return new Current(identity, contexts.client(identity));
    }

    private boolean fresh(TlsIdentity identity) {
        Instant notBefore = identity.certificate().getNotBefore().toInstant();
        Instant notAfter = identity.certificate().getNotAfter().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        return Duration.between(clock.instant(), notAfter).compareTo(lifetime.dividedBy(3)) > 0;
    }
}
