package io.debugproxy.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server certificates for SNI names, issued from the CA in memory (never written to disk), cached per
 * name and re-issued once less than a third of their lifetime is left. Thread-safe.
 */
public final class OnDemandServerCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(OnDemandServerCertificates.class);

    private final CertificateAuthority ca;
    private final Duration validity;
    private final Predicate<String> allowedNames;
    private final int maxCached;
    private final String defaultName;
    private final Map<String, TlsIdentity> cache = new ConcurrentHashMap<>();

    private OnDemandServerCertificates(Builder builder) {
        this.ca = builder.ca;
        this.validity = builder.validity;
        this.allowedNames = builder.allowedNames;
        this.maxCached = builder.maxCached;
        this.defaultName = builder.defaultName;
    }

    /** Starts a builder issuing from {@code ca}. */
    public static Builder builder(CertificateAuthority ca) {
        return new Builder(ca);
    }

    /** The name used when a client sends no SNI. */
    public String defaultName() {
        return defaultName;
    }

    /**
     * A certificate for {@code sniName} ({@link #defaultName()} when null), from the cache when it is
     * fresh enough. Throws {@link TlsSetupException} for names that are invalid, not allowed, or outside
     * the CA's constraints.
     */
    public TlsIdentity certificateFor(String sniName) {
        String name = Names.dnsName(sniName == null ? defaultName : sniName, false, "SNI name");
        if (!allowedNames.test(name)) {
            throw new TlsSetupException("no debug route serves the TLS name '" + name + "'; check `proxy routes`"
                    + " for the host names this proxy knows");
        }
        TlsIdentity current = cache.get(name);
        if (current != null && fresh(current)) {
            return current;
        }
        if (current == null) {
            makeRoom();
        }
        return cache.compute(name, (key, existing) -> existing != null && fresh(existing) ? existing : issue(key));
    }

    /** How many names have a cached certificate. */
    public int cachedCount() {
        return cache.size();
    }

    private TlsIdentity issue(String name) {
        TlsIdentity identity = ca.issue(LeafRequest.serverForSni(name, validity));
        LOG.info("event=server_certificate_issued name={} serial={} not_after={}", name,
                SerialNumbers.hex(identity.certificate().getSerialNumber()), identity.certificate().getNotAfter().toInstant());
        return identity;
    }

    private boolean fresh(TlsIdentity identity) {
        Instant notBefore = identity.certificate().getNotBefore().toInstant();
        Instant notAfter = identity.certificate().getNotAfter().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        return Duration.between(ca.clock().instant(), notAfter).compareTo(lifetime.dividedBy(3)) > 0;
    }

    /** Bounds memory when clients send many names: drops the certificate closest to expiry. */
    private void makeRoom() {
        while (cache.size() >= maxCached) {
            cache.entrySet().stream()
                    .min(Comparator.comparing(e -> e.getValue().certificate().getNotAfter()))
                    .ifPresent(oldest -> cache.remove(oldest.getKey(), oldest.getValue()));
        }
    }

    /** Options of {@link OnDemandServerCertificates}. */
    public static final class Builder {
        private final CertificateAuthority ca;
        private Duration validity = Duration.ofDays(7);
        private Predicate<String> allowedNames = name -> true;
        private int maxCached = 1024;
        private String defaultName = "localhost";

        private Builder(CertificateAuthority ca) {
            this.ca = ca;
        }

        /** Lifetime of each certificate; default 7 days. */
        public Builder validity(Duration value) {
            if (value.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new TlsSetupException("on-demand certificates must be valid for at least a minute");
            }
            this.validity = value;
            return this;
        }

        /**
         * Which SNI names may get a certificate, typically the route table's host names; default: any name
         * the CA may certify. Names arrive lower-cased.
         */
        public Builder allowedNames(Predicate<String> value) {
            this.allowedNames = value;
            return this;
        }

        /** Most names kept at once; default 1024. */
        public Builder maxCached(int value) {
            if (value < 1) {
                throw new TlsSetupException("the certificate cache must hold at least one name");
            }
            this.maxCached = value;
            return this;
        }

        /** Name used for clients that send no SNI; default {@code localhost}. */
        public Builder defaultName(String value) {
            this.defaultName = Names.dnsName(value, false, "default TLS name");
            return this;
        }

        public OnDemandServerCertificates build() {
            return new OnDemandServerCertificates(this);
        }
    }
}
