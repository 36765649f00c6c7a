package io.debugproxy.tls;

import java.nio.file.Path;

/**
 * How {@link CertsDirectory#issue} writes a certificate: whether it may replace an existing one of the
 * same name, and whether to add a PKCS#12 bundle (password generated, or read from
 * {@code pkcs12PasswordFile} when that is not null).
 */
public record IssueOptions(boolean replaceExisting, boolean pkcs12, Path pkcs12PasswordFile) {

    public IssueOptions {
        if (pkcs12PasswordFile != null && !pkcs12) {
            throw new TlsSetupException("--password-file only applies together with --p12");
        }
    }

    /** PEM only, never replacing an existing certificate. */
    public static IssueOptions defaults() {
        return new IssueOptions(false, false, null);
    }

    public IssueOptions replacingExisting() {
        return new IssueOptions(true, pkcs12, pkcs12PasswordFile);
    }

    /** Adds a PKCS#12 bundle with a generated password written beside it. */
    public IssueOptions withPkcs12() {
        return new IssueOptions(replaceExisting, true, null);
    }

    /** Adds a PKCS#12 bundle protected by the first line of {@code passwordFile}. */
    public IssueOptions withPkcs12(Path passwordFile) {
        return new IssueOptions(replaceExisting, true, passwordFile);
    }
}
