package io.debugproxy.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A private key and its certificate chain (leaf first): what one side of a TLS connection presents. */
public record TlsIdentity(PrivateKey privateKey, List<X509Certificate> chain) {

    public TlsIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs at least its own certificate");
        }
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "TlsIdentity[" + certificate().getSubjectX500Principal().getName()
                + ", serial=" + SerialNumbers.hex(certificate().getSerialNumber()) + "]";
    }
}
