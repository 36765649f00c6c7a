package io.debugproxy.tls;

import java.util.Locale;

/** What a leaf certificate is for; also the name of its subdirectory in the certs directory. */
public enum CertificateKind {
    SERVER("server"),
    CLIENT("client");

    private final String directoryName;

    CertificateKind(String directoryName) {
        this.directoryName = directoryName;
    }

    /** {@code server} or {@code client}: used for the subdirectory and in {@code index.json}. */
    public String directoryName() {
        return directoryName;
    }

    /** Parses {@code server} or {@code client} (any case). */
    public static CertificateKind parse(String text) {
        String normalized = text.trim().toLowerCase(Locale.ROOT);
        for (CertificateKind kind : values()) {
            if (kind.directoryName.equals(normalized)) {
                return kind;
            }
        }
        throw new TlsSetupException("unknown certificate kind '" + text + "'; use 'server' or 'client'");
    }

    @Override
    public String toString() {
        return directoryName;
    }
}
