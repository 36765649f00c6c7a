package io.debugproxy.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A loaded certificate authority (certificate and private key) that issues leaf certificates and CRLs
 * in memory. Thread-safe. Persisting anything is {@link CertsDirectory}'s job.
 */
public final class CertificateAuthority {
    /** Leaves start a little in the past so a peer whose clock lags slightly still accepts them. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final Duration CRL_LIFETIME = Duration.ofDays(30);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final PermittedNames permittedNames;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, PermittedNames permittedNames, Clock clock) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.permittedNames = permittedNames;
        this.clock = clock;
    }

    /** Creates a new CA: basicConstraints CA with pathLen 0, critical name constraints. */
    public static CertificateAuthority create(CaOptions options) {
        return create(options, Clock.systemUTC());
    }

    /** As {@link #create(CaOptions)}, reading time from {@code clock}. */
    public static CertificateAuthority create(CaOptions options, Clock clock) {
        SecureRandom random = new SecureRandom();
        KeyPair keys = Keys.generate(options.keyType(), random);
        Instant now = clock.instant();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "debugproxy")
                .addRDN(BCStyle.CN, options.commonName())
                .build();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(options.validity())), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.nameConstraints, true, options.permittedNames().toExtension());
            X509Certificate certificate = sign(builder, keys.getPrivate(), keys.getPublic(), random);
            return new CertificateAuthority(certificate, keys.getPrivate(), options.permittedNames(), clock);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("building the CA certificate", e);
        }
    }

    /** Wraps an existing CA certificate and key, checking that they belong together and form a usable CA. */
    static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey, Clock clock) {
        if (certificate.getBasicConstraints() < 0) {
            throw new TlsSetupException("'" + certificate.getSubjectX500Principal().getName()
                    + "' is not a CA certificate (no basicConstraints CA:true)");
        }
        if (!Keys.matches(privateKey, certificate.getPublicKey())) {
            throw new TlsSetupException("the CA private key does not belong to the CA certificate '"
                    + certificate.getSubjectX500Principal().getName() + "'; restore the matching ca-key.pem"
                    + " or re-create the CA with `proxy certs init --force`");
        }
        return new CertificateAuthority(certificate, privateKey, PermittedNames.fromCertificate(certificate), clock);
    }

    /** A copy reading time from another clock (issuing backdated or future certificates in tests). */
    CertificateAuthority withClock(Clock other) {
        return new CertificateAuthority(certificate, privateKey, permittedNames, other);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PermittedNames permittedNames() {
        return permittedNames;
    }

    Clock clock() {
        return clock;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Refuses a request the CA's name constraints would make unverifiable, or that would outlive the CA.
     * Called by {@link #issue} before signing.
     */
    public void checkPermitted(LeafRequest request) {
        for (String dns : request.dnsNames()) {
            if (!permittedNames.permitsDns(dns)) {
                throw outside("DNS name '" + dns + "'");
            }
        }
        for (InetAddress ip : request.ipAddresses()) {
            if (!permittedNames.permitsIp(ip)) {
                throw outside("IP address " + Names.ipString(ip));
            }
        }
        Instant notAfter = clock.instant().plus(request.validity());
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            throw new TlsSetupException("a " + request.kind() + " certificate valid until "
                    + notAfter.truncatedTo(ChronoUnit.SECONDS) + " would outlive the CA, which expires " + certificate.getNotAfter().toInstant()
                    + "; ask for fewer --days or re-create the CA");
        }
    }

    /** Issues a leaf certificate with a fresh key of the CA's key type. */
    public TlsIdentity issue(LeafRequest request) {
        checkPermitted(request);
        KeyPair keys = Keys.generate(Keys.typeOf(certificate.getPublicKey()), random);
        Instant now = clock.instant();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, request.name()).build();
        boolean rsa = "RSA".equals(keys.getPublic().getAlgorithm());
        int keyUsage = KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : 0);
        KeyPurposeId purpose = request.kind() == CertificateKind.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth;
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(request.validity())),
                    toX500Principal(subject), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate.getPublicKey()));
            GeneralNames altNames = subjectAltNames(request);
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            X509Certificate leaf = sign(builder, privateKey, certificate.getPublicKey(), random);
            return new TlsIdentity(keys.getPrivate(), List.of(leaf));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("building a " + request.kind() + " certificate", e);
        }
    }

    /** A CRL signed by this CA listing {@code revoked}, valid for 30 days. */
    X509CRL crl(Collection<IndexEntry> revoked) {
        Instant now = clock.instant();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(CRL_LIFETIME)));
        for (IndexEntry entry : revoked) {
            if (entry.revokedAt() != null) {
                builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), 0);
            }
        }
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.toEpochMilli())));
            ContentSigner signer = signer(privateKey, certificate.getPublicKey(), random);
            return new JcaX509CRLConverter().getCRL(builder.build(signer));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("building the CRL", e);
        }
    }

    private TlsSetupException outside(String what) {
        return new TlsSetupException(what + " is outside the names this CA may certify (" + permittedNames.describe()
                + "); use a name under one of them, or re-create the CA with `proxy certs init --force --permit <name>`"
                + " (which invalidates every certificate it issued)");
    }

    private static GeneralNames subjectAltNames(LeafRequest request) {
        List<GeneralName> names = new ArrayList<>();
        request.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        request.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress()))));
        return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static javax.security.auth.x500.X500Principal toX500Principal(X500Name name) {
        try {
            return new javax.security.auth.x500.X500Principal(name.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("encoding subject name", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, PublicKey signerPublicKey,
                                        SecureRandom random) throws CertificateException {
        X509CertificateHolder holder = builder.build(signer(key, signerPublicKey, random));
        return Pem.toCertificate(holder, "a freshly signed certificate");
    }

    private static ContentSigner signer(PrivateKey key, PublicKey signerPublicKey, SecureRandom random) {
        try {
            return new JcaContentSignerBuilder(Keys.signatureAlgorithm(signerPublicKey)).setSecureRandom(random).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("creating a signer for " + key.getAlgorithm(), e);
        }
    }

    /** Random positive 128-bit serial: unpredictable, and well under the 20-octet limit. */
    private static BigInteger serial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(128, random);
        } while (serial.signum() == 0);
        return serial;
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
