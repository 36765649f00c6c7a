package io.debugproxy.proxy.tlslisten;

import io.debugproxy.tls.HandshakeClientCheck;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

/**
 * Asks the {@link AdmissionPolicy} from inside a full handshake, once the CA's own checks have passed,
 * about the route the client's SNI names. A refusal fails the handshake with a fatal alert the client
 * reads (the JDK sends certificate_unknown for any client certificate its trust manager refuses);
 * after the handshake, all the server could do is close, which a client cannot tell from an
 * unreachable Delve. A resumed session does not go through the trust manager: {@link RouteAdmission}
 * decides again once every handshake has completed.
 */
final class AdmissionDuringHandshake implements HandshakeClientCheck {

    private final AdmissionPolicy policy;

    AdmissionDuringHandshake(AdmissionPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public void check(X509Certificate[] chain, SSLSession handshakeSession) throws CertificateException {
        String sniName = requestedHostName(handshakeSession);
        if (sniName == null) {
            return; // the SNI handler refuses a ClientHello without a name before any handshake starts
        }
        if (policy.decide(sniName, chain) instanceof AdmissionPolicy.Refused refused
                && refused.reason() != Refusal.ROUTE_GONE) {
            // A route that left the table is no fault of the certificate, and an alert about the
            // certificate would say it is; the check after the handshake closes that connection.
            throw new RefusedInHandshake(refused);
        }
    }

    private static String requestedHostName(SSLSession handshakeSession) {
        if (handshakeSession instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }
}
