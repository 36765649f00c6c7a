package io.debugproxy.proxy.tlslisten;

import io.debugproxy.tls.ClientCertificateCheck;
import java.util.Locale;

/** Why the TLS listener turned a connection away before it reached a route. */
public enum Refusal {
    /** The first bytes were not a TLS handshake record. */
    NOT_TLS(false, "this port speaks mutual TLS only; use `proxy connect`, or a route's plain port on the proxy host"),
    /** The ClientHello was longer than the listener accepts. */
    CLIENT_HELLO_TOO_LARGE(false, ""),
    /** The ClientHello named no server (SNI), so no route could be chosen. */
    NO_SNI(false, "connect with the route's host name, e.g. <route>.debug.localhost"),
    /** No usable route answers to the SNI name. */
    UNKNOWN_SNI(false, "`proxy routes` lists the host names of the usable routes"),
    /** The handshake did not complete in time (silent or slow client). */
    HANDSHAKE_TIMEOUT(false, ""),
    /** The client offered only TLS versions below 1.2. */
    UNSUPPORTED_PROTOCOL(false, "the proxy accepts TLS 1.2 and 1.3 only"),
    /** No AEAD cipher suite in common. */
    NO_COMMON_CIPHER(false, "the proxy accepts AEAD cipher suites with forward secrecy only"),
    /** The client presented no certificate. */
    NO_CLIENT_CERTIFICATE(true, "issue one with `proxy certs issue client NAME` and connect with `proxy connect --client NAME`"),
    /** The client certificate was not issued by this proxy's CA. */
    WRONG_CA(true, "the client certificate was not issued by this proxy's CA; copy the certs directory the proxy uses,"
            + " or issue one there with `proxy certs issue client NAME`"),
    EXPIRED(true, "the client certificate has expired; issue a new one with `proxy certs issue client NAME --force`"),
    NOT_YET_VALID(true, "the client certificate is not valid yet; check the clocks of both machines"),
    REVOKED(true, "the client certificate has been revoked (crl.pem); issue a new one if that was a mistake"),
    /** The certificate lacks the clientAuth extended key usage (e.g. a server certificate). */
    NOT_FOR_CLIENT_AUTH(true, "it is not a client certificate (no clientAuth key usage); issue one with"
            + " `proxy certs issue client NAME`"),
    /** The certificate names something the CA's name constraints forbid. */
    OUTSIDE_CA_CONSTRAINTS(true, "the certificate names something the CA may not certify"),
    /** A valid client that is not in the route's allow-list. */
    NOT_ALLOWED_ON_ROUTE(true, ""),
    /** The route went away (or into error) during the handshake. */
    ROUTE_GONE(false, ""),
    /** The client aborted the handshake with an alert (e.g. it did not trust the proxy's certificate). */
    CLIENT_ABORTED(false, "the client does not trust this proxy's certificate? it needs the CA's ca.pem"),
    /** The client closed the connection during the handshake. */
    CLIENT_CLOSED(false, ""),
    /** Any other handshake failure. */
    HANDSHAKE_FAILED(false, "");

    private final boolean aboutClientIdentity;
    private final String hint;

    Refusal(boolean aboutClientIdentity, String hint) {
        this.aboutClientIdentity = aboutClientIdentity;
        this.hint = hint;
    }

    /** What the person at the other end can do about it; empty when the detail says it all. */
    String hint() {
        return hint;
    }

    /** Whether a person with a certificate needs to act (logged as a warning), rather than noise from the network. */
    public boolean aboutClientIdentity() {
        return aboutClientIdentity;
    }

    /** The value of {@code reason=} in logs, e.g. {@code not_allowed_on_route}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The same verdict as the tls module's certificate check gives it. */
    static Refusal of(ClientCertificateCheck.Reason reason) {
        return switch (reason) {
            case NO_CERTIFICATE -> NO_CLIENT_CERTIFICATE;
            case WRONG_CA -> WRONG_CA;
            case REVOKED -> REVOKED;
            case EXPIRED -> EXPIRED;
            case NOT_YET_VALID -> NOT_YET_VALID;
            case NOT_FOR_CLIENT_AUTH -> NOT_FOR_CLIENT_AUTH;
        };
    }
}
