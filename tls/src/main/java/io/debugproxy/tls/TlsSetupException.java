package io.debugproxy.tls;

/**
 * The one error type of the tls module: something about certificates, keys or TLS setup
 * that a person has to fix; the message says what, where, and how.
 */
public final class TlsSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
