package io.debugproxy.proxy.tlslisten;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Names the reason of a failed server-side handshake from what the JDK and Netty threw: the trust
 * manager refuses bad client certificates, and clients a route does not allow, during the handshake,
 * so this is where their reasons come from.
 */
final class HandshakeFailures {

    /**
     * A classified failure: the reason and the most telling message of the cause chain; the client's
     * certificate name and the route when the admission policy refused it, else null.
     */
    record Classified(Refusal reason, String client, String route, String detail) {

        /** The detail followed by what to do about it. */
        String explained() {
            return reason.hint().isEmpty() ? detail : detail + "; " + reason.hint();
        }
    }

    private HandshakeFailures() {
    }

    static Classified classify(Throwable failure) {
        RefusedInHandshake admission = find(failure, RefusedInHandshake.class);
        if (admission != null) {
            AdmissionPolicy.Refused refused = admission.refused();
            return new Classified(refused.reason(), refused.client(), refused.route(), refused.detail());
        }
        String detail = detail(failure);
        String all = messages(failure).toLowerCase(Locale.ROOT);
        Refusal reason;
        if (has(failure, TooLongFrameException.class)) {
            reason = Refusal.CLIENT_HELLO_TOO_LARGE;
        } else if (has(failure, NotSslRecordException.class)) {
            reason = Refusal.NOT_TLS;
        } else if (has(failure, SslHandshakeTimeoutException.class)) {
            reason = Refusal.HANDSHAKE_TIMEOUT;
        } else if (has(failure, CertificateExpiredException.class) || validatorReason(failure, "EXPIRED")) {
            reason = Refusal.EXPIRED;
        } else if (has(failure, CertificateNotYetValidException.class) || validatorReason(failure, "NOT_YET_VALID")) {
            reason = Refusal.NOT_YET_VALID;
        } else if (all.contains("has been revoked") || validatorReason(failure, "REVOKED")) {
            reason = Refusal.REVOKED;
        } else if (all.contains("extended key usage") || all.contains("keyusage does not") || all.contains("key usage")) {
            reason = Refusal.NOT_FOR_CLIENT_AUTH;
        } else if (all.contains("name constraints")) {
            reason = Refusal.OUTSIDE_CA_CONSTRAINTS;
        } else if (all.contains("pkix path") || all.contains("certification path") || all.contains("signature check failed")
                || all.contains("trust anchor")) {
            reason = Refusal.WRONG_CA;
        } else if (all.contains("empty client certificate chain") || all.contains("empty server certificate chain")
                || all.contains("certificate_required") || all.contains("peer not authenticated")) {
            reason = Refusal.NO_CLIENT_CERTIFICATE;
        } else if (all.contains("protocol") && (all.contains("not accepted") || all.contains("not enabled")
                || all.contains("not supported") || all.contains("protocol_version"))) {
            reason = Refusal.UNSUPPORTED_PROTOCOL;
        } else if (all.contains("no cipher suites in common") || all.contains("no appropriate cipher")) {
            reason = Refusal.NO_COMMON_CIPHER;
        } else if (all.contains("received fatal alert")) {
            reason = Refusal.CLIENT_ABORTED;
        } else if (has(failure, ClosedChannelException.class) || all.contains("closed") || all.contains("connection reset")) {
            reason = Refusal.CLIENT_CLOSED;
        } else {
            reason = Refusal.HANDSHAKE_FAILED;
        }
        return new Classified(reason, null, null, detail);
    }

    private static boolean validatorReason(Throwable failure, String reasonName) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException invalid && invalid.getReason() != null
                    && invalid.getReason().toString().equals(reasonName)) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        return find(failure, type) != null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    /** The deepest message, which usually says what was wrong rather than that something was. */
    private static String detail(Throwable failure) {
        String detail = failure.toString();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                detail = t.getMessage();
            }
        }
        return detail;
    }
}
