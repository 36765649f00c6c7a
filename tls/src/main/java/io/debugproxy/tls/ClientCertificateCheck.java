package io.debugproxy.tls;

import java.math.BigInteger;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Decides whether a client's certificate chain may use a debug route: signed by our CA, valid now,
 * not revoked, and meant for client authentication. The proxy calls it once the TLS handshake has
 * completed and before it relays any byte.
 */
public final class ClientCertificateCheck {

    /** The outcome of a check. */
    public sealed interface Verdict permits Accepted, Refused {
        boolean accepted();
    }

    /** The client may proceed; {@code clientName} is its certificate's common name (what ACLs name). */
    public record Accepted(String clientName, BigInteger serial) implements Verdict {
        @Override
        public boolean accepted() {
            return true;
        }
    }

    /** The client is refused; {@code message} is a sentence fit for a log line. */
    public record Refused(Reason reason, String message) implements Verdict {
        @Override
        public boolean accepted() {
            return false;
        }
    }

    /** Why a client certificate was refused. */
    public enum Reason { NO_CERTIFICATE, WRONG_CA, REVOKED, EXPIRED, NOT_YET_VALID, NOT_FOR_CLIENT_AUTH }

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate ca;
    private final Revocations revocations;
    private final Clock clock;

    public ClientCertificateCheck(X509Certificate ca, Revocations revocations, Clock clock) {
        this.ca = ca;
        this.revocations = revocations;
        this.clock = clock;
    }

    /** Checks {@code SSLSession.getPeerCertificates()}; null or empty means the client sent none. */
    public Verdict check(Certificate[] peerCertificates) {
        return check(peerCertificates == null ? List.of() : Arrays.asList(peerCertificates));
    }

    /** Checks a peer chain, leaf first. */
    public Verdict check(List<? extends Certificate> chain) {
        if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
            return new Refused(Reason.NO_CERTIFICATE, "the client presented no X.509 certificate");
        }
        String name = commonName(leaf);
        String who = "client certificate '" + name + "' (serial " + SerialNumbers.hex(leaf.getSerialNumber()) + ")";
        if (!CertificateSummary.signedBy(leaf, ca)) {
            return new Refused(Reason.WRONG_CA, who + " was not issued by this proxy's CA '"
                    + ca.getSubjectX500Principal().getName() + "'");
        }
        if (revocations.isRevoked(leaf)) {
            return new Refused(Reason.REVOKED, who + " has been revoked");
        }
        Instant now = clock.instant();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            return new Refused(Reason.EXPIRED, who + " expired at " + leaf.getNotAfter().toInstant()
                    + "; issue a new one with `proxy certs issue client " + name + " --force`");
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            return new Refused(Reason.NOT_YET_VALID, who + " is not valid before " + leaf.getNotBefore().toInstant()
                    + "; check the clocks of both machines");
        }
        if (!hasClientAuth(leaf)) {
            return new Refused(Reason.NOT_FOR_CLIENT_AUTH, who + " is not a client certificate (no clientAuth extended"
                    + " key usage); issue one with `proxy certs issue client NAME`");
        }
        return new Accepted(name, leaf.getSerialNumber());
    }

    private static boolean hasClientAuth(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages != null && usages.contains(CLIENT_AUTH);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** The subject's common name, or the whole subject when it has none. */
    static String commonName(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] names = subject.getRDNs(BCStyle.CN);
        if (names.length == 0) {
            return certificate.getSubjectX500Principal().getName();
        }
        return IETFUtils.valueToString(names[0].getFirst().getValue());
    }
}
