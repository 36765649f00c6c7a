package io.debugproxy.config.traefik;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The part of Traefik's dynamic configuration that Docker labels produce: HTTP routers,
 * services and middlewares, TCP and UDP routers and services, by name (sorted, as Traefik's API
 * lists them). Each router and service also records the container it came from, which is not
 * part of Traefik's shape but lets messages name it.
 */
public record DynamicConfig(
        Map<String, HttpRouter> httpRouters,
        Map<String, HttpService> httpServices,
        Map<String, Map<String, Object>> httpMiddlewares,
        Map<String, TcpRouter> tcpRouters,
        Map<String, TcpService> tcpServices,
        Map<String, UdpRouter> udpRouters,
        Map<String, UdpService> udpServices) {

    public DynamicConfig {
        httpRouters = sorted(httpRouters);
        httpServices = sorted(httpServices);
        httpMiddlewares = sorted(httpMiddlewares);
        tcpRouters = sorted(tcpRouters);
        tcpServices = sorted(tcpServices);
        udpRouters = sorted(udpRouters);
        udpServices = sorted(udpServices);
    }

    public static DynamicConfig empty() {
        return new DynamicConfig(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * TLS of a router ({@code tls=true} or any {@code tls.*} option).
     *
     * @param passthrough  TCP only: forward the TLS stream untouched, routed by SNI
     * @param options      name of a TLS options set, or empty
     * @param certResolver name of a certificate resolver, or empty
     * @param domains      {@code tls.domains[n]}: the names certificates are requested for, in index order
     */
    public record RouterTls(boolean passthrough, String options, String certResolver, List<TlsDomain> domains) {
        public RouterTls {
            options = options == null ? "" : options;
            certResolver = certResolver == null ? "" : certResolver;
            domains = List.copyOf(domains);
        }

        public RouterTls(boolean passthrough, String options, String certResolver) {
            this(passthrough, options, certResolver, List.of());
        }
    }

    /**
     * One of a router's {@code tls.domains}.
     *
     * @param main the main name of the certificate, or empty
     * @param sans its other names
     */
    public record TlsDomain(String main, List<String> sans) {
        public TlsDomain {
            main = main == null ? "" : main;
            sans = List.copyOf(sans);
        }
    }

    /**
     * An HTTP router.
     *
     * @param rule       the rule, the default rule when no label sets one
     * @param ruleSyntax {@code v2}, {@code v3} or empty when not set
     * @param priority   the priority label, or null when absent (Traefik then uses the rule length)
     * @param tls        null when the router does not terminate TLS
     * @param container  the container that defined it
     * @param ruleSource the label the rule came from, or {@code defaultRule} for the provider's default
     */
    public record HttpRouter(String rule, String ruleSyntax, List<String> entryPoints, List<String> middlewares,
                             String service, Long priority, RouterTls tls, String container, String ruleSource) {
        public HttpRouter {
            Objects.requireNonNull(rule, "rule");
            ruleSyntax = ruleSyntax == null ? "" : ruleSyntax;
            entryPoints = List.copyOf(entryPoints);
            middlewares = List.copyOf(middlewares);
            Objects.requireNonNull(service, "service");
        }

        /** Equal as Traefik compares routers defined by several containers: the origin does not count. */
        public boolean sameAs(HttpRouter o) {
            return rule.equals(o.rule) && ruleSyntax.equals(o.ruleSyntax) && entryPoints.equals(o.entryPoints)
                    && middlewares.equals(o.middlewares) && service.equals(o.service)
                    && Objects.equals(priority, o.priority) && Objects.equals(tls, o.tls);
        }
    }

    /**
     * An HTTP service: a load balancer over server URLs.
     *
     * @param urls           one per container that joins the service
     * @param passHostHeader Traefik's default is true
     * @param options        other load-balancer options as written in labels (sticky, healthCheck, ...)
     * @param containers     containers whose servers the service holds
     */
    public record HttpService(List<String> urls, boolean passHostHeader, Map<String, Object> options,
                              List<String> containers) {
        public HttpService {
            urls = List.copyOf(urls);
            options = sorted(options);
            containers = List.copyOf(containers);
        }

        /** Whether another container's definition can merge into this one: all but the servers equal. */
        public boolean mergeableWith(HttpService o) {
            return passHostHeader == o.passHostHeader && options.equals(o.options);
        }
    }

    /** A TCP router; see {@link HttpRouter} for the fields. */
    public record TcpRouter(String rule, String ruleSyntax, List<String> entryPoints, String service, Long priority,
                            RouterTls tls, String container, String ruleSource) {
        public TcpRouter {
            Objects.requireNonNull(rule, "rule");
            ruleSyntax = ruleSyntax == null ? "" : ruleSyntax;
            entryPoints = List.copyOf(entryPoints);
            Objects.requireNonNull(service, "service");
        }

        public boolean sameAs(TcpRouter o) {
            return rule.equals(o.rule) && ruleSyntax.equals(o.ruleSyntax) && entryPoints.equals(o.entryPoints)
                    && service.equals(o.service) && Objects.equals(priority, o.priority) && Objects.equals(tls, o.tls);
        }
    }

    /**
     * A TCP service: a load balancer over {@code host:port} addresses.
     *
     * @param options other load-balancer options as written in labels
     */
    public record TcpService(List<String> addresses, Map<String, Object> options, List<String> containers) {
        public TcpService {
            addresses = List.copyOf(addresses);
            options = sorted(options);
            containers = List.copyOf(containers);
        }

        public boolean mergeableWith(TcpService o) {
            return options.equals(o.options);
        }
    }

    /** A UDP router: UDP has no rules, only entry points and a service. */
    public record UdpRouter(List<String> entryPoints, String service, String container) {
        public UdpRouter {
            entryPoints = List.copyOf(entryPoints);
            Objects.requireNonNull(service, "service");
        }

        public boolean sameAs(UdpRouter o) {
            return entryPoints.equals(o.entryPoints) && service.equals(o.service);
        }
    }

    /** A UDP service: a load balancer over {@code host:port} addresses. */
    public record UdpService(List<String> addresses, List<String> containers) {
        public UdpService {
            addresses = List.copyOf(addresses);
            containers = List.copyOf(containers);
        }
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
