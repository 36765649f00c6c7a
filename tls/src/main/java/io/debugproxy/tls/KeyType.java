package io.debugproxy.tls;

import java.util.Locale;

/** Key algorithm for a CA and the certificates it issues. */
public enum KeyType {
    /** ECDSA on NIST P-256: the default, small and fast. */
    ECDSA_P256("ec"),
    /** RSA 3072: for consumers that cannot handle ECDSA. */
    RSA_3072("rsa");

    private final String cliName;

    KeyType(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line: {@code ec} or {@code rsa}. */
    public String cliName() {
        return cliName;
    }

    /** Parses {@code ec}, {@code ecdsa}, {@code p256} or {@code rsa} (any case). */
    public static KeyType parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "ec":
            case "ecdsa":
            case "p256":
            case "p-256":
                return ECDSA_P256;
            case "rsa":
            case "rsa3072":
                return RSA_3072;
            default:
                throw new TlsSetupException("unknown key type '" + text + "'; use 'ec' (ECDSA P-256) or 'rsa' (RSA 3072)");
        }
    }
}
