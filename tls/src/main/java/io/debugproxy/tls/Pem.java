package io.debugproxy.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM encoding and decoding of certificates, private keys (PKCS#8) and CRLs. */
final class Pem {
    private Pem() {
    }

    static byte[] certificate(X509Certificate certificate) {
        return encode("CERTIFICATE", Keys.der(certificate));
    }

    static byte[] privateKey(PrivateKey key) {
        return encode("PRIVATE KEY", key.getEncoded());
    }

    static byte[] crl(X509CRL crl) {
        try {
            return encode("X509 CRL", crl.getEncoded());
        } catch (CRLException e) {
            throw new IllegalStateException("encoding CRL", e);
        }
    }

    static X509Certificate readCertificate(Path file) {
        List<X509Certificate> certificates = readCertificates(file);
        if (certificates.isEmpty()) {
            throw new TlsSetupException(file + " contains no PEM certificate (expected '-----BEGIN CERTIFICATE-----')");
        }
        return certificates.get(0);
    }

    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> result = new ArrayList<>();
        for (Object object : readObjects(file)) {
            if (object instanceof X509CertificateHolder holder) {
                result.add(toCertificate(holder, file));
            } else if (isPrivateKey(object)) {
                throw new TlsSetupException(file + " contains a private key, not a certificate;"
                        + " certificates are the files without '-key' in their name");
            }
        }
        return result;
    }

    static PrivateKey readPrivateKey(Path file) {
        for (Object object : readObjects(file)) {
            try {
                if (object instanceof PrivateKeyInfo info) {
                    return new JcaPEMKeyConverter().getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
                }
            } catch (IOException e) {
                throw new TlsSetupException(file + " holds a private key this Java runtime cannot read: " + e.getMessage(), e);
            }
            if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new TlsSetupException(file + " holds a passphrase-protected key, which is not supported;"
                        + " store it unencrypted with mode 0600");
            }
        }
        throw new TlsSetupException(file + " contains no PEM private key (expected '-----BEGIN PRIVATE KEY-----')");
    }

    static X509CRL readCrl(Path file) {
        for (Object object : readObjects(file)) {
            if (object instanceof X509CRLHolder holder) {
                try {
                    return new JcaX509CRLConverter().getCRL(holder);
                } catch (CRLException e) {
                    throw new TlsSetupException(file + " holds a CRL that cannot be decoded: " + e.getMessage(), e);
                }
            }
        }
        throw new TlsSetupException(file + " contains no PEM CRL (expected '-----BEGIN X509 CRL-----');"
                + " write one with `proxy certs crl`");
    }

    static X509Certificate toCertificate(X509CertificateHolder holder, Object source) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new TlsSetupException(source + " holds a certificate that cannot be decoded: " + e.getMessage(), e);
        }
    }

    private static boolean isPrivateKey(Object object) {
        return object instanceof PrivateKeyInfo || object instanceof PEMKeyPair
                || object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo;
    }

    private static List<Object> readObjects(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(file + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new TlsSetupException(file + " is not a PEM file (it holds binary data); if it is a DER certificate,"
                    + " convert it with `openssl x509 -inform der -in " + file + " -out " + file + ".pem` and use that", e);
        } catch (IOException e) {
            throw new TlsSetupException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(new StringReader(text), file);
    }

    private static List<Object> parse(Reader reader, Path file) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsSetupException(file + " is not valid PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    private static byte[] encode(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding to a string", e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
