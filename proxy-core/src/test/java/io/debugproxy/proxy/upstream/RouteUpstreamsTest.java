package io.debugproxy.proxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.route.Upstream;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which pipeline each route's upstream gets, without a network. */
class RouteUpstreamsTest {

    private static final HostPort TARGET = new HostPort("10.0.0.5", 2346);

    private static final UpstreamCredentials CREDENTIALS = new UpstreamCredentials() {
        @Override
        public String clientName() {
            return "debugproxy";
        }

        @Override
        public SslContext sslContext() {
            throw new UnsupportedOperationException("not dialed in these tests");
        }

        @Override
        public Optional<String> localProblem() {
            return Optional.empty();
        }
    };

    private static RouteSpec route(Upstream upstream) {
        return RouteSpec.ok("edge", null, null, TARGET, List.of("edge.debug.localhost", "edge.localhost"), null, List.of())
                .withUpstream(upstream);
    }

    private final RouteTablePublisher routes = new RouteTablePublisher();

    @Test
    void plainRoutesGetNothingInFrontOfTheRelay() {
        assertSame(UpstreamPipeline.PLAIN, RouteUpstreams.withCredentials(routes, CREDENTIALS).forRoute(route(Upstream.PLAIN)));
    }

    @Test
    void tlsRoutesVerifyTheirFirstHostUnlessGivenAServerName() {
        RouteUpstreams upstreams = RouteUpstreams.withCredentials(routes, CREDENTIALS);
        assertEquals("edge.debug.localhost",
                assertInstanceOf(MutualTlsUpstream.class, upstreams.forRoute(route(Upstream.mutualTls()))).serverName());
        assertEquals("b.debug.localhost", assertInstanceOf(MutualTlsUpstream.class,
                upstreams.forRoute(route(Upstream.mutualTls("b.debug.localhost")))).serverName());
    }

    @Test
    void withoutACaATlsRouteIsClosedAsSoonAsItConnects() {
        routes.publish(RouteTable.of(List.of(route(Upstream.mutualTls()))));
        EmbeddedChannel upstream = new EmbeddedChannel();
        RouteUpstreams.plainOnly(routes).forRouteNamed("edge").prepare(upstream, TARGET);
        upstream.pipeline().fireChannelActive();
        assertFalse(upstream.isOpen(), "nothing may be written to a TLS upstream in plain text");
    }

    @Test
    void aRouteListenerFollowsItsRouteFromPlainToTls() {
        RouteUpstreams upstreams = RouteUpstreams.plainOnly(routes);
        routes.publish(RouteTable.of(List.of(route(Upstream.PLAIN))));
        EmbeddedChannel plain = new EmbeddedChannel();
        upstreams.forRouteNamed("edge").prepare(plain, TARGET);
        plain.pipeline().fireChannelActive();
        assertTrue(plain.isOpen());

        routes.publish(RouteTable.of(List.of(route(Upstream.mutualTls()))));
        EmbeddedChannel tls = new EmbeddedChannel();
        upstreams.forRouteNamed("edge").prepare(tls, TARGET);
        tls.pipeline().fireChannelActive();
        assertFalse(tls.isOpen());
    }
}
