package io.debugproxy.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/** PKCS#12 bundles of a client certificate and key (for IDEs and keystores), and their password files. */
final class Pkcs12 {
    /** A PFX is a DER SEQUENCE whose first element is the version, always 3 (RFC 7292). */
    private static final int PFX_VERSION = 3;

    private Pkcs12() {
    }

    /** A bundle holding {@code identity} under {@code alias}, with the CA in its chain. */
    static byte[] bundle(String alias, TlsIdentity identity, X509Certificate ca, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, identity.privateKey(), password, new X509Certificate[] {identity.certificate(), ca});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("building a PKCS#12 bundle", e);
        }
    }

    /**
     * True for a {@code .p12}/{@code .pfx} name or DER content shaped like a PFX; a DER certificate
     * also starts with a SEQUENCE, so the version field is what tells them apart.
     */
    static boolean isBundle(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return true;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return false; // reading it as PEM reports the problem in PEM terms
        }
        if (bytes.length == 0 || bytes[0] != 0x30) {
            return false;
        }
        try {
            ASN1Sequence pfx = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(bytes));
            return pfx.size() >= 2 && pfx.getObjectAt(0) instanceof ASN1Integer version
                    && version.hasValue(PFX_VERSION);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Where {@code proxy certs issue client --p12} writes the generated password of {@code bundle}. */
    static Path passwordFileBeside(Path bundle) {
        return bundle.resolveSibling(bundle.getFileName() + ".password");
    }

    /** The end-entity certificate of {@code file}: the first certificate of its key entry, else its first certificate. */
    static X509Certificate readCertificate(Path file, Path passwordFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(file + " does not exist", e);
        } catch (IOException e) {
            throw new TlsSetupException("cannot read " + file + ": " + e.getMessage(), e);
        }
        char[] password = readPassword(passwordFile);
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsSetupException("the password in " + passwordFile + " does not open " + file
                        + "; pass the right one with --password-file FILE", e);
            }
            throw notPkcs12(file, e);
        } catch (GeneralSecurityException e) {
            throw notPkcs12(file, e);
        } finally {
            Arrays.fill(password, '\0');
        }
        return firstCertificate(store, file);
    }

    /** The first line of a password file; the line break {@code issue} writes is not part of the password. */
    static char[] readPassword(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException("the password file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new TlsSetupException("cannot read the password file " + file + ": " + e.getMessage(), e);
        }
        String firstLine = text.lines().findFirst().orElse("");
        if (firstLine.isEmpty()) {
            throw new TlsSetupException("the password file " + file + " is empty; put the PKCS#12 password on its first line");
        }
        return firstLine.toCharArray();
    }

    private static TlsSetupException notPkcs12(Path file, Exception cause) {
        return new TlsSetupException(file + " is not a valid PKCS#12 file (it cannot be decoded); inspect the PEM"
                + " certificate instead, or re-create the bundle with `proxy certs issue client NAME --p12 --force`", cause);
    }

    private static X509Certificate firstCertificate(KeyStore store, Path file) {
        try {
            X509Certificate any = null;
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.getCertificateChain(alias);
                if (chain != null && chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                    return leaf;
                }
                if (any == null && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    any = certificate;
                }
            }
            if (any == null) {
                throw new TlsSetupException(file + " is a PKCS#12 file without a certificate");
            }
            return any;
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException("reading a loaded PKCS#12 keystore", e);
        }
    }
}
