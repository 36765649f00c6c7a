package io.debugproxy.tls;

import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/** What {@code proxy certs inspect} shows about a certificate, relative to the CA of a certs directory. */
public record CertificateSummary(String subject, String issuer, BigInteger serial, List<String> subjectAlternativeNames,
                                 List<String> extendedKeyUsages, Instant notBefore, Instant notAfter, String publicKey,
                                 boolean certificateAuthority, String sha256Fingerprint, Issuer issuedBy,
                                 Revocation revocation) {

    /** Whether the certificate was signed by the directory's CA. */
    public enum Issuer { THIS_CA, ANOTHER_CA, NO_CA_TO_COMPARE }

    /** Whether the directory's index lists the certificate as revoked. */
    public enum Revocation { NOT_REVOKED, REVOKED, UNKNOWN }

    private static final Map<String, String> KEY_PURPOSES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth",
            "1.3.6.1.5.5.7.3.2", "clientAuth",
            "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection",
            "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.3.6.1.5.5.7.3.9", "OCSPSigning");

    public CertificateSummary {
        subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
    }

    /**
     * Summarizes {@code certificate}; {@code ca} may be null when there is no CA to compare with, and
     * {@code index} supplies revocation state for certificates of that CA.
     */
    public static CertificateSummary of(X509Certificate certificate, X509Certificate ca, List<IndexEntry> index) {
        Issuer issuedBy = ca == null ? Issuer.NO_CA_TO_COMPARE : signedBy(certificate, ca) ? Issuer.THIS_CA : Issuer.ANOTHER_CA;
        Revocation revocation = Revocation.UNKNOWN;
        if (issuedBy == Issuer.THIS_CA) {
            boolean revoked = index.stream().anyMatch(e -> e.serial().equals(certificate.getSerialNumber()) && e.revoked());
            revocation = revoked ? Revocation.REVOKED : Revocation.NOT_REVOKED;
        }
        return new CertificateSummary(
                certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                certificate.getSerialNumber(),
                subjectAlternativeNames(certificate),
                extendedKeyUsages(certificate),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                Keys.describe(certificate.getPublicKey()),
                certificate.getBasicConstraints() >= 0,
                Keys.fingerprint(certificate),
                issuedBy,
                revocation);
    }

    /** Aligned lines for a terminal. */
    public String render(Instant now) {
        StringBuilder out = new StringBuilder();
        line(out, "Subject", subject + (certificateAuthority ? "  (a CA certificate)" : ""));
        line(out, "Issuer", issuer + switch (issuedBy) {
            case THIS_CA -> "  (this CA)";
            case ANOTHER_CA -> "  (NOT this directory's CA)";
            case NO_CA_TO_COMPARE -> "";
        });
        line(out, "Serial", SerialNumbers.hex(serial));
        line(out, "Names (SAN)", subjectAlternativeNames.isEmpty() ? "none" : String.join(", ", subjectAlternativeNames));
        line(out, "Usage (EKU)", extendedKeyUsages.isEmpty() ? "any" : String.join(", ", extendedKeyUsages));
        line(out, "Valid", notBefore + " to " + notAfter + "  ("
                + (revocation == Revocation.REVOKED ? "revoked" : validityNote(now)) + ")");
        line(out, "Public key", publicKey);
        line(out, "Revoked", switch (revocation) {
            case REVOKED -> "YES";
            case NOT_REVOKED -> "no";
            case UNKNOWN -> "unknown (not issued by this directory's CA)";
        });
        line(out, "SHA-256", sha256Fingerprint);
        return out.toString();
    }

    private String validityNote(Instant now) {
        if (now.isBefore(notBefore)) {
            return "not valid yet";
        }
        if (now.isAfter(notAfter)) {
            return "EXPIRED " + span(Duration.between(notAfter, now)) + " ago";
        }
        return "valid, " + span(Duration.between(now, notAfter)) + " left";
    }

    /**
     * Rounded, not truncated: a 30-day certificate inspected seconds after issue has 30 days left, not
     * 29. Under a day, hours say more than "0 days".
     */
    static String span(Duration duration) {
        long hours = Math.round(duration.toMinutes() / 60.0);
        if (hours < 1) {
            return "less than an hour";
        }
        if (hours < 24) {
            return hours == 1 ? "1 hour" : hours + " hours";
        }
        long days = Math.round(duration.toMinutes() / (24 * 60.0));
        return days == 1 ? "1 day" : days + " days";
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-13s %s%n", label + ":", value));
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    static List<String> subjectAlternativeNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        Collection<List<?>> altNames;
        try {
            altNames = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new TlsSetupException("the certificate '" + certificate.getSubjectX500Principal().getName()
                    + "' has a malformed subjectAltName extension: " + e.getMessage(), e);
        }
        if (altNames == null) {
            return names;
        }
        for (List<?> altName : altNames) {
            int type = (Integer) altName.get(0);
            Object value = altName.get(1);
            String prefix = switch (type) {
                case 1 -> "email:";
                case 2 -> "DNS:";
                case 6 -> "URI:";
                case 7 -> "IP:";
                default -> "type" + type + ":";
            };
            names.add(prefix + (type == 7 ? Names.ipString(Names.ipAddress(String.valueOf(value), "SAN")) : value));
        }
        return names;
    }

    static List<String> extendedKeyUsages(X509Certificate certificate) {
        try {
            List<String> oids = certificate.getExtendedKeyUsage();
            if (oids == null) {
                return List.of();
            }
            return oids.stream().map(oid -> KEY_PURPOSES.getOrDefault(oid, oid)).toList();
        } catch (CertificateParsingException e) {
            throw new TlsSetupException("the certificate '" + certificate.getSubjectX500Principal().getName()
                    + "' has a malformed extendedKeyUsage extension: " + e.getMessage(), e);
        }
    }
}
