package io.debugproxy.proxy.upstream;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the TLS alert a peer sent out of the JDK's exception messages ("Received fatal alert: bad_certificate"). */
final class TlsAlerts {

    private static final Pattern RECEIVED = Pattern.compile("Received fatal alert: ([a-z_0-9]+)");

    private TlsAlerts() {
    }

    /** The alert the peer sent, if anything in {@code failure}'s cause chain reports one. */
    static Optional<String> received(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = RECEIVED.matcher(t.getMessage());
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the alert means "your certificate is not acceptable" rather than a protocol mismatch. */
    static boolean aboutClientCertificate(String alert) {
        return switch (alert) {
            case "bad_certificate", "unsupported_certificate", "certificate_revoked", "certificate_expired",
                 "certificate_unknown", "unknown_ca", "access_denied", "certificate_required" -> true;
            default -> false;
        };
    }

    /** What an alert about our certificate means, in words. */
    static String meaning(String alert) {
        return switch (alert) {
            case "certificate_revoked" -> "it has been revoked";
            case "certificate_expired" -> "it has expired, or is not valid yet, by the proxy's clock";
            case "unknown_ca" -> "it was not issued by the proxy's CA";
            case "certificate_required" -> "no client certificate was sent";
            case "unsupported_certificate" -> "it is not a client certificate (no clientAuth key usage)";
            case "access_denied" -> "it may not use this route";
            default -> "the proxy does not accept it (TLS alert " + alert + ")";
        };
    }
}
