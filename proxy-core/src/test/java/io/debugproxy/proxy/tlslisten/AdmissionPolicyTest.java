package io.debugproxy.proxy.tlslisten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.route.HostnameRoutes;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.tls.ClientCertificateCheck;
import io.debugproxy.tls.TlsIdentity;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may use which route once a handshake is done: no network, just the decision. */
class AdmissionPolicyTest {

    private static final HostPort DELVE = new HostPort("10.0.0.5", 2345);

    @TempDir
    Path temp;

    TestPki pki;
    RouteTablePublisher routes;
    AdmissionPolicy policy;

    @BeforeEach
    void setUp() {
        pki = new TestPki(temp);
        routes = new RouteTablePublisher();
        routes.publish(RouteTable.of(List.of(
                RouteSpec.ok("api", "api-1", "c1", DELVE, List.of("api.debug.localhost", "api.localhost"), null, List.of()),
                RouteSpec.ok("pay", "pay-1", "c2", DELVE, List.of("pay.debug.localhost"), null, List.of("alice")),
                RouteSpec.failed("broken", "broken-1", "c3", "bad label"))));
        policy = new AdmissionPolicy(new HostnameRoutes(routes),
                new ClientCertificateCheck(pki.ca(), pki.certs.revocationList(), Clock.systemUTC()));
    }

    private static Certificate[] chain(TlsIdentity identity) {
        return identity.chain().toArray(Certificate[]::new);
    }

    @Test
    void admitsAnyClientOfTheCaToARouteWithoutAllowList() {
        AdmissionPolicy.Decision decision = policy.decide("api.debug.localhost", chain(pki.client("bob")));
        AdmissionPolicy.Admitted admitted = assertInstanceOf(AdmissionPolicy.Admitted.class, decision);
        assertEquals("api", admitted.route().name());
        assertEquals("bob", admitted.client());
    }

    @Test
    void findsTheRouteByAnyOfItsHostsInAnyCase() {
        AdmissionPolicy.Decision decision = policy.decide("API.LOCALHOST", chain(pki.client("bob")));
        assertEquals("api", assertInstanceOf(AdmissionPolicy.Admitted.class, decision).route().name());
    }

    @Test
    void admitsAClientNamedInTheAllowList() {
        assertInstanceOf(AdmissionPolicy.Admitted.class, policy.decide("pay.debug.localhost", chain(pki.client("alice"))));
    }

    @Test
    void refusesAClientMissingFromTheAllowListNamingBothAndTheFix() {
        AdmissionPolicy.Refused refused = assertInstanceOf(AdmissionPolicy.Refused.class,
                policy.decide("pay.debug.localhost", chain(pki.client("bob"))));
        assertEquals(Refusal.NOT_ALLOWED_ON_ROUTE, refused.reason());
        assertEquals("bob", refused.client());
        assertEquals("pay", refused.route());
        assertTrue(refused.detail().contains("debugproxy.clients"), refused.detail());
    }

    @Test
    void refusesANameWhoseRouteIsGoneOrInError() {
        Certificate[] bob = chain(pki.client("bob"));
        assertEquals(Refusal.ROUTE_GONE, assertInstanceOf(AdmissionPolicy.Refused.class,
                policy.decide("broken.debug.localhost", bob)).reason());
        routes.publish(RouteTable.empty());
        assertEquals(Refusal.ROUTE_GONE, assertInstanceOf(AdmissionPolicy.Refused.class,
                policy.decide("api.debug.localhost", bob)).reason());
    }

    @Test
    void judgesTheCertificateBeforeTheRoute() {
        AdmissionPolicy.Refused refused = assertInstanceOf(AdmissionPolicy.Refused.class,
                policy.decide("nope.debug.localhost", chain(pki.expiredClient("alice"))));
        assertEquals(Refusal.EXPIRED, refused.reason());
    }

    @Test
    void refusesASessionWithoutPeerCertificate() {
        assertEquals(Refusal.NO_CLIENT_CERTIFICATE, assertInstanceOf(AdmissionPolicy.Refused.class,
                policy.decide("api.debug.localhost", null)).reason());
    }
}
