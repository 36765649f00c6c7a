package io.debugproxy.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Signs certificates with a CA's key while skipping every check the CA would make: an attacker's view. */
final class Forge {
    private Forge() {
    }

    static TlsIdentity serverLeaf(CertificateAuthority ca, String dnsName) throws Exception {
        return serverLeaf(ca, dnsName, null);
    }

    /** As {@link #serverLeaf(CertificateAuthority, String)}, with an IP address SAN as well when {@code ip} is not null. */
    static TlsIdentity serverLeaf(CertificateAuthority ca, String dnsName, String ip) throws Exception {
        KeyPair keys = Keys.generate(KeyType.ECDSA_P256, new SecureRandom());
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(),
                BigInteger.valueOf(new SecureRandom().nextInt(Integer.MAX_VALUE) + 1L),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86_400)),
                new X500Name("CN=" + dnsName), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        GeneralName dns = new GeneralName(GeneralName.dNSName, dnsName);
        builder.addExtension(Extension.subjectAlternativeName, false, ip == null
                ? new GeneralNames(dns)
                : new GeneralNames(new GeneralName[] {dns, new GeneralName(GeneralName.iPAddress, ip)}));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.privateKey())));
        return new TlsIdentity(keys.getPrivate(), List.of(certificate));
    }
}
