package io.debugproxy.proxy.tlslisten;

import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.route.HostnameRoutes;
import io.debugproxy.tls.ClientCertificateCheck;
import java.security.cert.Certificate;
import java.util.Objects;

/**
 * Decides whether the client may use the route its SNI name selects: the certificate must pass
 * {@link ClientCertificateCheck} (CA, validity, CRL as of now, clientAuth), and its name must be in the
 * route's allow-list unless that list is empty. Asked during a full handshake
 * ({@link AdmissionDuringHandshake}) and again once any handshake, a resumed one included, has completed.
 */
public final class AdmissionPolicy {

    /** The outcome for one connection. */
    public sealed interface Decision permits Admitted, Refused {
    }

    /** The client may use {@code route}. */
    public record Admitted(RouteSpec route, String client) implements Decision {
    }

    /** The client may not; {@code client} and {@code route} are null when not known. */
    public record Refused(Refusal reason, String client, String route, String detail) implements Decision {
    }

    private final HostnameRoutes hosts;
    private final ClientCertificateCheck certificates;

    public AdmissionPolicy(HostnameRoutes hosts, ClientCertificateCheck certificates) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
    }

    /**
     * @param sniName          the server name the client asked for
     * @param peerCertificates the client's chain from the TLS session, leaf first; null or empty when none
     */
    public Decision decide(String sniName, Certificate[] peerCertificates) {
        ClientCertificateCheck.Verdict verdict = certificates.check(peerCertificates);
        if (verdict instanceof ClientCertificateCheck.Refused refused) {
            return new Refused(Refusal.of(refused.reason()), null, null, refused.message());
        }
        String client = ((ClientCertificateCheck.Accepted) verdict).clientName();
        RouteSpec route = hosts.route(sniName).orElse(null);
        if (route == null) {
            return new Refused(Refusal.ROUTE_GONE, client, null,
                    "no usable route answers to '" + sniName + "' any more; see `proxy routes`");
        }
        if (!route.clients().isEmpty() && !route.clients().contains(client)) {
            return new Refused(Refusal.NOT_ALLOWED_ON_ROUTE, client, route.name(), "client '" + client
                    + "' is not among the clients allowed on route " + route.name() + " " + route.clients()
                    + "; add it to the label debugproxy.clients (or routes[].clients) to let it debug this route");
        }
        return new Admitted(route, client);
    }
}
