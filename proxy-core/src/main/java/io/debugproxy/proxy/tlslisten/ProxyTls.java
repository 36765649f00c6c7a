package io.debugproxy.proxy.tlslisten;

import io.debugproxy.proxy.route.HostnameRoutes;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.proxy.upstream.ProxyClientIdentity;
import io.debugproxy.proxy.upstream.RouteUpstreams;
import io.debugproxy.tls.CertificateAuthority;
import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.ClientCertificateCheck;
import io.debugproxy.tls.OnDemandServerCertificates;
import io.debugproxy.tls.RevocationList;
import io.debugproxy.tls.SniServerContexts;
import io.debugproxy.tls.TlsContexts;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.util.Objects;

/**
 * The TLS side of a running proxy, loaded once from the certs directory: the CA and its CRL
 * (re-read when it changes), server certificates issued on demand for the hostnames of the current
 * route table only, who may use which route, and the proxy's own client certificate for TLS upstreams.
 */
public final class ProxyTls {

    private final RouteTablePublisher routes;
    private final SniServerContexts serverContexts;
    private final AdmissionPolicy admission;
    private final ProxyClientIdentity clientIdentity;

    private ProxyTls(RouteTablePublisher routes, SniServerContexts serverContexts, AdmissionPolicy admission,
                     ProxyClientIdentity clientIdentity) {
        this.routes = routes;
        this.serverContexts = serverContexts;
        this.admission = admission;
        this.clientIdentity = clientIdentity;
    }

    /**
     * Loads the CA (refusing a key others can read) and {@code crl.pem} from {@code certs}.
     *
     * @throws io.debugproxy.tls.TlsSetupException saying what to fix when the directory is not usable
     */
    public static ProxyTls load(CertsDirectory certs, RouteTablePublisher routes, Clock clock) {
        return load(certs, routes, clock, ProxyClientIdentity.DEFAULT_NAME);
    }

    /**
     * As above; the proxy's own client certificate for TLS upstreams is named {@code clientName}
     * (what another proxy's allow-lists see, so that two edges can be told apart).
     */
    public static ProxyTls load(CertsDirectory certs, RouteTablePublisher routes, Clock clock, String clientName) {
        Objects.requireNonNull(routes, "routes");
        CertificateAuthority ca = certs.loadAuthority();
        RevocationList revocations = certs.revocationList();
        HostnameRoutes hosts = new HostnameRoutes(routes);
        AdmissionPolicy admission = new AdmissionPolicy(hosts,
                new ClientCertificateCheck(ca.certificate(), revocations, clock));
        TlsContexts contexts = TlsContexts.trusting(ca.certificate(), revocations, new AdmissionDuringHandshake(admission));
        OnDemandServerCertificates serverCertificates = OnDemandServerCertificates.builder(ca)
                .allowedNames(hosts::serves)
                .build();
        ProxyClientIdentity identity = new ProxyClientIdentity(ca, contexts, clientName,
                ProxyClientIdentity.DEFAULT_VALIDITY, clock);
        return new ProxyTls(routes, contexts.server(serverCertificates), admission, identity);
    }

    /** How routes reach their upstreams: TLS ones with the proxy's own client certificate. */
    public RouteUpstreams upstreams() {
        return RouteUpstreams.withCredentials(routes, clientIdentity);
    }

    /** The SNI-routed mutual-TLS listener (not started). */
    public MutualTlsListener listener(EventLoopGroup group, TlsListenerSettings settings, RouteUpstreams upstreams) {
        return listener(group, settings, upstreams, new TlsRefusals());
    }

    /** As above, counting refusals in {@code refusals}. */
    public MutualTlsListener listener(EventLoopGroup group, TlsListenerSettings settings, RouteUpstreams upstreams,
                                      TlsRefusals refusals) {
        MutualTlsListener listener = new MutualTlsListener(group, settings, serverContexts, admission, upstreams, refusals);
        routes.subscribe(listener::closeSessionsOfRoutesGone);
        return listener;
    }

    /** The certificate the proxy presents to TLS upstreams. */
    public ProxyClientIdentity clientIdentity() {
        return clientIdentity;
    }
}
