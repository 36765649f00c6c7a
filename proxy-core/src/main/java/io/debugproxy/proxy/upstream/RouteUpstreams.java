package io.debugproxy.proxy.upstream;

import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.route.RouteTablePublisher;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Chooses each route's {@link UpstreamPipeline} from its {@link RouteSpec#upstream()}: plain TCP, or
 * mutual TLS with the proxy's own client certificate, verifying the route's server name (explicit,
 * else the route's first hostname).
 */
public final class RouteUpstreams {

    private final RouteTablePublisher routes;
    private final UpstreamCredentials credentials;
    private final Consumer<UpstreamTlsProblem> problems;

    private RouteUpstreams(RouteTablePublisher routes, UpstreamCredentials credentials, Consumer<UpstreamTlsProblem> problems) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.credentials = credentials;
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    /** TLS upstreams are dialed presenting {@code credentials}. */
    public static RouteUpstreams withCredentials(RouteTablePublisher routes, UpstreamCredentials credentials) {
        return new RouteUpstreams(routes, Objects.requireNonNull(credentials, "credentials"), problem -> { });
    }

    /** Without a CA: routes that need a TLS upstream are refused, with the reason in the log. */
    public static RouteUpstreams plainOnly(RouteTablePublisher routes) {
        return new RouteUpstreams(routes, null, problem -> { });
    }

    /** A copy that also tells {@code listener} why a TLS upstream refused a session. */
    public RouteUpstreams reportingTo(Consumer<UpstreamTlsProblem> listener) {
        return new RouteUpstreams(routes, credentials, listener);
    }

    /** The pipeline for this version of the route. */
    public UpstreamPipeline forRoute(RouteSpec route) {
        if (!route.upstream().tls()) {
            return UpstreamPipeline.PLAIN;
        }
        Optional<String> serverName = route.upstream().serverNameFor(route.hosts());
        if (serverName.isEmpty()) {
            return unavailable(route, "route " + route.name() + " has a TLS upstream but no hostname to verify it by;"
                    + " give routes[].upstream.serverName or a host");
        }
        if (credentials == null) {
            return unavailable(route, "route " + route.name() + " dials its upstream with mutual TLS, but there is no CA"
                    + " to issue the proxy's client certificate; create one with `proxy certs init`");
        }
        return new MutualTlsUpstream(route.name(), serverName.get(), credentials, problems);
    }

    /**
     * The pipeline for whatever the route named {@code name} is when a connection is dialed: a route
     * listener outlives changes of its route (e.g. to a TLS upstream).
     */
    public UpstreamPipeline forRouteNamed(String name) {
        return (upstream, target) -> routes.current().route(name)
                .map(this::forRoute)
                .orElse(UpstreamPipeline.PLAIN)
                .prepare(upstream, target);
    }

    private static UpstreamPipeline unavailable(RouteSpec route, String reason) {
        return (upstream, target) -> upstream.pipeline().addLast("upstream-unavailable",
                new UnavailableUpstream(route.name(), target, reason));
    }
}
