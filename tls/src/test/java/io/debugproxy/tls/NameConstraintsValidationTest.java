package io.debugproxy.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * The CA's name constraints hold even against its own key: a certificate signed outside them does not
 * validate. The CA certificate is the last path element and the anchor is its bare key, because PKIX
 * implementations skip the constraints of an anchor's own certificate.
 */
class NameConstraintsValidationTest {
    private final CertificateAuthority ca = CertificateAuthority.create(CaOptions.defaults());

    private void pkixValidate(X509Certificate leaf, java.security.Provider provider) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(
                new TrustAnchor(ca.certificate().getSubjectX500Principal(), ca.certificate().getPublicKey(), null)));
        parameters.setRevocationEnabled(false);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        CertPathValidator validator = provider == null
                ? CertPathValidator.getInstance("PKIX") : CertPathValidator.getInstance("PKIX", provider);
        validator.validate(factory.generateCertPath(List.of(leaf, ca.certificate())), parameters);
    }

    @Test
    void forgedCertificateOutsideTheConstraintsFailsJdkPkixValidation() throws Exception {
        X509Certificate forged = Forge.serverLeaf(ca, "bank.example.com").certificate();

        assertThrows(CertPathValidatorException.class, () -> pkixValidate(forged, null));
    }

    @Test
    void forgedCertificateOutsideTheConstraintsFailsBouncyCastlePkixValidation() throws Exception {
        X509Certificate forged = Forge.serverLeaf(ca, "bank.example.com").certificate();

        assertThrows(CertPathValidatorException.class, () -> pkixValidate(forged, new BouncyCastleProvider()));
    }

    @Test
    void forgedCertificateInsideTheConstraintsValidates() throws Exception {
        X509Certificate inside = Forge.serverLeaf(ca, "api.debug.localhost").certificate();

        assertDoesNotThrow(() -> pkixValidate(inside, null));
        assertDoesNotThrow(() -> pkixValidate(inside, new BouncyCastleProvider()));
    }

    @Test
    void anAddressFamilyWithoutAPermittedRangeIsExcludedEntirely() throws Exception {
        CertificateAuthority ipv4Only = CertificateAuthority.create(CaOptions.defaults()
                .withPermittedNames(PermittedNames.parse(List.of("localhost", "10.0.0.0/8"))));
        CaTrustManager trust = new CaTrustManager(ipv4Only.certificate(), Revocations.none());

        X509Certificate ipv6 = Forge.serverLeaf(ipv4Only, "api.localhost", "fd00::1").certificate();
        X509Certificate ipv4 = Forge.serverLeaf(ipv4Only, "api.localhost", "10.1.2.3").certificate();

        assertThrows(CertificateException.class, () -> trust.validateWithinConstraints(ipv6));
        assertDoesNotThrow(() -> trust.validateWithinConstraints(ipv4));
    }

    @Test
    void trustManagerRejectsAForgedServerCertificate() throws Exception {
        CaTrustManager trust = new CaTrustManager(ca.certificate(), Revocations.none());
        X509Certificate forged = Forge.serverLeaf(ca, "bank.example.com").certificate();

        assertThrows(CertificateException.class, () -> trust.checkServerTrusted(new X509Certificate[] {forged}, "ECDHE_ECDSA"));
    }

    @Test
    void trustManagerAcceptsIssuedClientCertificatesWhoseCommonNameIsNotADomain() {
        CaTrustManager trust = new CaTrustManager(ca.certificate(), Revocations.none());
        X509Certificate alice = ca.issue(LeafRequest.client("alice", Duration.ofDays(1))).certificate();

        assertDoesNotThrow(() -> trust.checkClientTrusted(new X509Certificate[] {alice}, "ECDHE_ECDSA"));
    }
}
