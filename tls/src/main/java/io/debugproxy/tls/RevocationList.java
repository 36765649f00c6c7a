package io.debugproxy.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA's CRL ({@code crl.pem}), re-read whenever the file changes. Each call costs one {@code stat};
 * the file is parsed again only when its identity, modification time or size differ. A CRL that cannot
 * be read or is not signed by the CA is ignored with a warning and the last good one stays in force;
 * so does the last good one when the file disappears.
 * Thread-safe.
 */
public final class RevocationList implements Revocations {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);

    /** The attributes that tell a rewritten file apart: atomic renames give it a new file key. */
    private record Stamp(Object fileKey, FileTime modified, long size) {
    }

    /** The last good serials, and the stamp of the file version last looked at (good or not). */
    private record State(Stamp seen, Set<BigInteger> serials) {
    }

    private final Path file;
    private final X509Certificate ca;
    private final AtomicReference<State> state;

    private RevocationList(Path file, X509Certificate ca, State initial) {
        this.file = file;
        this.ca = ca;
        this.state = new AtomicReference<>(initial);
    }

    /** Loads {@code crlFile}, which must exist and be signed by {@code ca}. */
    public static RevocationList load(Path crlFile, X509Certificate ca) {
        Stamp stamp = stamp(crlFile);
        if (stamp == null) {
            throw new TlsSetupException("the CRL " + crlFile + " does not exist; write it with `proxy certs crl --dir "
                    + crlFile.toAbsolutePath().getParent() + "`");
        }
        return new RevocationList(crlFile, ca, new State(stamp, parse(crlFile, ca)));
    }

    @Override
    public boolean isRevoked(X509Certificate certificate) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        return current().serials().contains(certificate.getSerialNumber());
    }

    /** Number of revoked serials in force. */
    public int size() {
        return current().serials().size();
    }

    private State current() {
        State known = state.get();
        Stamp now = stamp(file);
        if (now == null || now.equals(known.seen())) {
            return known;
        }
        State next;
        try {
            Set<BigInteger> serials = parse(file, ca);
            next = new State(now, serials);
            LOG.info("event=crl_reloaded file={} revoked={}", file, serials.size());
        } catch (TlsSetupException e) {
            next = new State(now, known.serials());
            LOG.warn("event=crl_reload_failed file={} keeping_revoked={} error=\"{}\"", file, known.serials().size(), e.getMessage());
        }
        state.compareAndSet(known, next);
        return state.get();
    }

    private static Set<BigInteger> parse(Path file, X509Certificate ca) {
        X509CRL crl = Pem.readCrl(file);
        if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new TlsSetupException("the CRL " + file + " was issued by '" + crl.getIssuerX500Principal().getName()
                    + "', not by the CA '" + ca.getSubjectX500Principal().getName() + "'; rewrite it with `proxy certs crl`");
        }
        try {
            crl.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("the CRL " + file + " is not signed by the CA; rewrite it with `proxy certs crl`", e);
        }
        Set<BigInteger> serials = new HashSet<>();
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        if (entries != null) {
            entries.forEach(entry -> serials.add(entry.getSerialNumber()));
        }
        return Set.copyOf(serials);
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(Objects.requireNonNullElse(attributes.fileKey(), "none"), attributes.lastModifiedTime(),
                    attributes.size());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "RevocationList[" + file + "]";
    }
}
