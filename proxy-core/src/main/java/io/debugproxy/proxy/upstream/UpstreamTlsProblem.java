package io.debugproxy.proxy.upstream;

import java.util.Objects;

/**
 * Why a TLS upstream did not carry a session, in a sentence for the person at the keyboard.
 *
 * @param kind    what went wrong
 * @param alert   the TLS alert the upstream sent (e.g. {@code certificate_unknown}), or null
 * @param message what happened and what to do, naming the client certificate and the server
 */
public record UpstreamTlsProblem(Kind kind, String alert, String message) {

    /** What went wrong, from this side's point of view. */
    public enum Kind {
        /** The upstream refused our client certificate (alert during or right after the handshake). */
        CLIENT_CERTIFICATE_REFUSED,
        /** The upstream has no route for the name we asked for (SNI). */
        UNKNOWN_SERVER_NAME,
        /** The upstream's certificate did not verify against the CA or the expected name. */
        SERVER_NOT_TRUSTED,
        /**
         * The upstream completed the handshake, then closed without an alert before sending a byte: an
         * unreachable target, or a resumed session refused after its handshake.
         */
        CLOSED_AFTER_HANDSHAKE,
        /** Any other handshake failure: no common protocol, connection lost, timeout. */
        HANDSHAKE_FAILED
    }

    public UpstreamTlsProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
