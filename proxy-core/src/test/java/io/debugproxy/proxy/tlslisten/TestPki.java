package io.debugproxy.proxy.tlslisten;

import io.debugproxy.tls.CaOptions;
import io.debugproxy.tls.CertificateKind;
import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.IssueOptions;
import io.debugproxy.tls.LeafRequest;
import io.debugproxy.tls.TlsIdentity;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real certs directory (as {@code proxy certs init} makes it) plus the certificates an attacker or
 * an unlucky user would present: from another CA, expired, not yet valid, a server certificate.
 * Everything can be written as PEM for {@code openssl s_client}.
 */
public final class TestPki {

    public final CertsDirectory certs;
    private final Path dir;

    public TestPki(Path dir) {
        this.dir = dir;
        this.certs = CertsDirectory.at(dir.resolve("certs"));
        certs.init(CaOptions.defaults(), false);
    }

    /** A valid client certificate of this CA, written to the directory as {@code proxy certs issue client} does. */
    public TlsIdentity client(String name) {
        certs.issue(LeafRequest.client(name, Duration.ofDays(30)), IssueOptions.defaults());
        return certs.loadIdentity(CertificateKind.CLIENT, name);
    }

    /** A serverAuth-only certificate of this CA. */
    public TlsIdentity server(String name) {
        certs.issue(LeafRequest.server(name, List.of(), List.of(), Duration.ofDays(30)), IssueOptions.defaults());
        return certs.loadIdentity(CertificateKind.SERVER, name);
    }

    /** A client certificate from a different CA with the same name and constraints. */
    public TlsIdentity clientOfAnotherCa(String name) {
        CertsDirectory other = CertsDirectory.at(dir.resolve("other-ca-" + name));
        other.init(CaOptions.defaults(), false);
        other.issue(LeafRequest.client(name, Duration.ofDays(30)), IssueOptions.defaults());
        return other.loadIdentity(CertificateKind.CLIENT, name);
    }

    /** A client certificate signed by this CA, valid from {@code notBefore} to {@code notAfter}. */
    public TlsIdentity forgedClient(String name, Instant notBefore, Instant notAfter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X509Certificate ca = certs.caCertificate();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    new X500Name("CN=" + name), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey())));
            return new TlsIdentity(keys.getPrivate(), List.of(leaf));
        } catch (Exception e) {
            throw new IllegalStateException("forging a client certificate", e);
        }
    }

    public TlsIdentity expiredClient(String name) {
        Instant now = Instant.now();
        return forgedClient(name, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    }

    public TlsIdentity notYetValidClient(String name) {
        Instant now = Instant.now();
        return forgedClient(name, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    public X509Certificate ca() {
        return certs.caCertificate();
    }

    public Path caFile() {
        return certs.caCertificateFile();
    }

    /** Writes {@code identity} as {@code <name>.pem} and {@code <name>-key.pem}; returns the certificate file. */
    public Path writePem(String name, TlsIdentity identity) {
        try {
            Path pems = Files.createDirectories(dir.resolve("pem"));
            Files.writeString(pems.resolve(name + ".pem"), pem("CERTIFICATE", identity.certificate().getEncoded()));
            Files.writeString(pems.resolve(name + "-key.pem"), pem("PRIVATE KEY", identity.privateKey().getEncoded()));
            return pems.resolve(name + ".pem");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key file {@link #writePem} wrote beside {@code certificateFile}. */
    public static Path keyFileOf(Path certificateFile) {
        String name = certificateFile.getFileName().toString().replaceFirst("\\.pem$", "-key.pem");
        return certificateFile.resolveSibling(name);
    }

    private PrivateKey caKey() throws IOException {
        try (Reader reader = Files.newBufferedReader(certs.caKeyFile()); PEMParser parser = new PEMParser(reader)) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
    }

    /** PEM as OpenSSL reads it: PKCS#8 for keys. */
    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
