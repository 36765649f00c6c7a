package io.debugproxy.tls;

import java.time.Duration;

/** How to create a CA: its name, key type, permitted names and lifetime. */
public record CaOptions(String commonName, KeyType keyType, PermittedNames permittedNames, Duration validity) {

    public static final String DEFAULT_COMMON_NAME = "debugproxy CA";
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);
    /** Upper bound for any lifetime: far beyond need, and keeps date arithmetic away from overflow. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(36500);

    public CaOptions {
        if (commonName == null || commonName.isBlank()) {
            throw new TlsSetupException("the CA name must not be empty (--name)");
        }
        if (validity.compareTo(Duration.ofDays(1)) < 0) {
            throw new TlsSetupException("the CA must be valid for at least one day (--days)");
        }
        if (validity.compareTo(MAX_VALIDITY) > 0) {
            throw new TlsSetupException("the CA cannot be valid for more than " + MAX_VALIDITY.toDays() + " days (--days)");
        }
        commonName = commonName.trim();
    }

    /** ECDSA P-256, default permitted names, ten years. */
    public static CaOptions defaults() {
        return new CaOptions(DEFAULT_COMMON_NAME, KeyType.ECDSA_P256, PermittedNames.defaults(), DEFAULT_VALIDITY);
    }

    public CaOptions withKeyType(KeyType type) {
        return new CaOptions(commonName, type, permittedNames, validity);
    }

    public CaOptions withCommonName(String name) {
        return new CaOptions(name, keyType, permittedNames, validity);
    }

    public CaOptions withPermittedNames(PermittedNames names) {
        return new CaOptions(commonName, keyType, names, validity);
    }

    public CaOptions withValidity(Duration duration) {
        return new CaOptions(commonName, keyType, permittedNames, duration);
    }
}
