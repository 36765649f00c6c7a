package io.debugproxy.config.traefik;

import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.traefik.DynamicConfig.HttpRouter;
import io.debugproxy.config.traefik.DynamicConfig.TcpRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.debugproxy.config.traefik.TestContainer.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DockerProviderTest {

    private static final DockerProvider TRAEFIK = new DockerProvider(DockerProviderSettings.defaults());

    /** The configuration as sorted one-line summaries, easy to compare with a table. */
    static List<String> summary(DynamicConfig config) {
        List<String> out = new ArrayList<>();
        config.httpRouters().forEach((n, r) -> out.add("http router " + n + ": " + r.rule() + " -> " + r.service()
                + extras(r.entryPoints(), r.middlewares(), r.tls(), r.priority(), r.ruleSyntax())));
        config.httpServices().forEach((n, s) -> out.add("http service " + n + ": " + String.join(" ", s.urls())
                + (s.passHostHeader() ? "" : " passHostHeader=false") + (s.options().isEmpty() ? "" : " " + s.options())));
        config.httpMiddlewares().forEach((n, m) -> out.add("http middleware " + n + ": " + m));
        config.tcpRouters().forEach((n, r) -> out.add("tcp router " + n + ": " + r.rule() + " -> " + r.service()
                + extras(r.entryPoints(), List.of(), r.tls(), r.priority(), r.ruleSyntax())));
        config.tcpServices().forEach((n, s) -> out.add("tcp service " + n + ": " + String.join(" ", s.addresses())
                + (s.options().isEmpty() ? "" : " " + s.options())));
        config.udpRouters().forEach((n, r) -> out.add("udp router " + n + ": -> " + r.service()
                + extras(r.entryPoints(), List.of(), null, null, "")));
        config.udpServices().forEach((n, s) -> out.add("udp service " + n + ": " + String.join(" ", s.addresses())));
        return out;
    }

    private static String extras(List<String> entryPoints, List<String> middlewares, DynamicConfig.RouterTls tls,
                                 Long priority, String syntax) {
        StringBuilder sb = new StringBuilder();
        if (!entryPoints.isEmpty()) {
            sb.append(" entryPoints=").append(entryPoints);
        }
        if (!middlewares.isEmpty()) {
            sb.append(" middlewares=").append(middlewares);
        }
        if (tls != null) {
            sb.append(" tls").append(tls.passthrough() ? "(passthrough)" : "")
                    .append(tls.certResolver().isEmpty() ? "" : "(certResolver=" + tls.certResolver() + ")")
                    .append(tls.domains().isEmpty() ? "" : "(domains=" + tls.domains().stream()
                            .map(d -> d.main() + d.sans()).toList() + ")");
        }
        if (priority != null) {
            sb.append(" priority=").append(priority);
        }
        if (!syntax.isEmpty()) {
            sb.append(" ruleSyntax=").append(syntax);
        }
        return sb.toString();
    }

    private static DockerProvider.Result build(TestContainer... containers) {
        return build(TRAEFIK, containers);
    }

    private static DockerProvider.Result build(DockerProvider provider, TestContainer... containers) {
        List<ContainerInfo> list = Arrays.stream(containers).map(TestContainer::build).toList();
        return provider.build(list, id -> list.stream().filter(c -> c.id().equals(id) || c.name().equals(id)).findFirst());
    }

    private static String warnings(DockerProvider.Result r) {
        return r.warnings().stream().map(TraefikWarning::message).collect(Collectors.joining("\n"));
    }

    /** Labels in, routers and services out, for behaviour without warnings. */
    static Stream<Arguments> configurations() {
        return Stream.of(
                arguments("compose container without labels: default service and router named <service>-<project>",
                        container("shop-api-1").compose("shop", "api").expose(8080),
                        List.of("http router api-shop: Host(`api-shop`) -> api-shop",
                                "http service api-shop: http://172.18.0.5:8080")),
                arguments("plain container: names normalised from the container name",
                        container("my_app.v2").expose(80),
                        List.of("http router my-app-v2: Host(`my-app-v2`) -> my-app-v2",
                                "http service my-app-v2: http://172.18.0.5:80")),
                arguments("the lowest exposed port", container("api").expose(9090, 8080, 8443),
                        List.of("http router api: Host(`api`) -> api", "http service api: http://172.18.0.5:8080")),
                arguments("the port label beats exposed ports",
                        container("api").expose(8080).label("traefik.http.services.web.loadbalancer.server.port", "3000"),
                        List.of("http router api: Host(`api`) -> web", "http service web: http://172.18.0.5:3000")),
                arguments("a router with a rule and no service binds the only service",
                        container("api").expose(8080).label("traefik.http.routers.r.rule", "Host(`api.localhost`)"),
                        List.of("http router r: Host(`api.localhost`) -> api", "http service api: http://172.18.0.5:8080")),
                arguments("a router without a rule gets the default rule",
                        container("api").expose(8080).label("traefik.http.routers.r.entrypoints", "web"),
                        List.of("http router r: Host(`api`) -> api entryPoints=[web]",
                                "http service api: http://172.18.0.5:8080")),
                arguments("label keys are case-insensitive, names keep their case",
                        container("api").label("traefik.HTTP.Routers.MyRouter.RULE", "Host(`a.localhost`)")
                                .label("traefik.http.services.MySvc.LoadBalancer.Server.Port", "8080"),
                        List.of("http router MyRouter: Host(`a.localhost`) -> MySvc",
                                "http service MySvc: http://172.18.0.5:8080")),
                arguments("two spellings of one router name are one router",
                        container("api").expose(80).label("traefik.http.routers.API.rule", "Host(`a`)")
                                .label("traefik.http.routers.api.entrypoints", "web"),
                        List.of("http router API: Host(`a`) -> api entryPoints=[web]", "http service api: http://172.18.0.5:80")),
                arguments("comma lists are trimmed",
                        container("api").expose(80).label("traefik.http.routers.r.entrypoints", " web , websecure ")
                                .label("traefik.http.routers.r.middlewares", "auth@file, strip"),
                        List.of("http router r: Host(`api`) -> api entryPoints=[web, websecure] middlewares=[auth@file, strip]",
                                "http service api: http://172.18.0.5:80")),
                arguments("tls=true, priority, ruleSyntax",
                        container("api").expose(80).label("traefik.http.routers.r.tls", "true")
                                .label("traefik.http.routers.r.priority", "42")
                                .label("traefik.http.routers.r.rule", "Host(`a`, `b`)")
                                .label("traefik.http.routers.r.ruleSyntax", "v2"),
                        List.of("http router r: Host(`a`, `b`) -> api tls priority=42 ruleSyntax=v2",
                                "http service api: http://172.18.0.5:80")),
                arguments("tls=false: no TLS", container("api").expose(80).label("traefik.http.routers.r.tls", "false"),
                        List.of("http router r: Host(`api`) -> api", "http service api: http://172.18.0.5:80")),
                arguments("a tls option enables TLS",
                        container("api").expose(80).label("traefik.http.routers.r.tls.certresolver", "le"),
                        List.of("http router r: Host(`api`) -> api tls(certResolver=le)",
                                "http service api: http://172.18.0.5:80")),
                arguments("scheme label", container("api").expose(443)
                                .label("traefik.http.services.api.loadbalancer.server.scheme", "https"),
                        List.of("http router api: Host(`api`) -> api", "http service api: https://172.18.0.5:443")),
                arguments("url label is used as is",
                        container("api").label("traefik.http.services.ext.loadbalancer.server.url", "http://backend:9000"),
                        List.of("http router api: Host(`api`) -> ext", "http service ext: http://backend:9000")),
                arguments("passHostHeader and other load-balancer options are kept",
                        container("api").expose(80).label("traefik.http.services.s.loadbalancer.passhostheader", "false")
                                .label("traefik.http.services.s.loadbalancer.sticky.cookie.name", "c")
                                .label("traefik.http.services.s.loadbalancer.sticky.cookie.httponly", "true"),
                        List.of("http router api: Host(`api`) -> s",
                                "http service s: http://172.18.0.5:80 passHostHeader=false {sticky={cookie={name=c,"
                                        + " httpOnly=true}}}")),
                arguments("middlewares in Traefik's shape: documented names, lists as lists",
                        container("api").expose(80).label("traefik.http.middlewares.strip.stripprefix.prefixes", "/api"),
                        List.of("http router api: Host(`api`) -> api", "http service api: http://172.18.0.5:80",
                                "http middleware strip: {stripPrefix={prefixes=[/api]}}")),
                arguments("tls.domains in index order, sans as a list",
                        container("api").expose(80).label("traefik.http.routers.r.tls.domains[1].main", "b.test")
                                .label("traefik.http.routers.r.tls.domains[0].main", "a.test")
                                .label("traefik.http.routers.r.tls.domains[0].sans", "x.a.test, y.a.test"),
                        List.of("http router r: Host(`api`) -> api tls(domains=[a.test[x.a.test, y.a.test], b.test[]])",
                                "http service api: http://172.18.0.5:80")),
                arguments("UDP router bound to the container's only UDP service",
                        container("dns").label("traefik.udp.routers.dns.entrypoints", "dns")
                                .label("traefik.udp.services.resolver.loadbalancer.server.port", "53"),
                        List.of("udp router dns: -> resolver entryPoints=[dns]", "udp service resolver: 172.18.0.5:53")),
                arguments("UDP labels alone: a default UDP service, no HTTP router",
                        container("dns").expose(53).label("traefik.udp.routers.dns.entrypoints", "dns"),
                        List.of("udp router dns: -> dns entryPoints=[dns]", "udp service dns: 172.18.0.5:53")),
                arguments("load-balancer option groups in Traefik's shape",
                        container("api").expose(80).label("traefik.http.services.s.loadbalancer.healthcheck.path", "/up")
                                .label("traefik.http.services.s.loadbalancer.healthcheck.interval", "10s")
                                .label("traefik.http.services.s.loadbalancer.healthcheck.followredirects", "false"),
                        List.of("http router api: Host(`api`) -> s",
                                "http service s: http://172.18.0.5:80 {healthCheck={path=/up, interval=10s,"
                                        + " followRedirects=false}}")),
                arguments("TCP proxy protocol version is a number",
                        container("db").expose(5432).label("traefik.tcp.routers.db.rule", "HostSNI(`*`)")
                                .label("traefik.tcp.services.db.loadbalancer.proxyprotocol.version", "2"),
                        List.of("tcp router db: HostSNI(`*`) -> db", "tcp service db: 172.18.0.5:5432 {proxyProtocol={version=2}}")),
                arguments("a TCP router routed by SNI with TLS passthrough",
                        container("db").label("traefik.tcp.routers.db.rule", "HostSNI(`db.localhost`)")
                                .label("traefik.tcp.routers.db.tls.passthrough", "true")
                                .label("traefik.tcp.routers.db.entrypoints", "websecure")
                                .label("traefik.tcp.services.db.loadbalancer.server.port", "5432"),
                        List.of("tcp router db: HostSNI(`db.localhost`) -> db entryPoints=[websecure] tls(passthrough)",
                                "tcp service db: 172.18.0.5:5432")),
                arguments("TCP labels alone: no HTTP default router",
                        container("db").expose(5432).label("traefik.tcp.routers.db.rule", "HostSNI(`*`)"),
                        List.of("tcp router db: HostSNI(`*`) -> db", "tcp service db: 172.18.0.5:5432")),
                arguments("TCP and HTTP labels together",
                        container("app").expose(8080).label("traefik.tcp.routers.t.rule", "HostSNI(`*`)")
                                .label("traefik.http.routers.h.rule", "Host(`app.localhost`)"),
                        List.of("http router h: Host(`app.localhost`) -> app", "http service app: http://172.18.0.5:8080",
                                "tcp router t: HostSNI(`*`) -> app", "tcp service app: 172.18.0.5:8080")),
                arguments("traefik.docker.network picks that network's IP",
                        container("api").expose(80).network("shop_backend", "10.1.0.2").network("shop_web", "10.2.0.2")
                                .label("traefik.docker.network", "shop_web"),
                        List.of("http router api: Host(`api`) -> api", "http service api: http://10.2.0.2:80")),
                arguments("network mode host dials the host address",
                        container("api").expose(80).networkMode("host").network("host", ""),
                        List.of("http router api: Host(`api`) -> api", "http service api: http://127.0.0.1:80")),
                arguments("an IPv6-only network gives a bracketed address",
                        container("api").expose(80).network("v6net", "fd00::5"),
                        List.of("http router api: Host(`api`) -> api", "http service api: http://[fd00::5]:80")),
                arguments("traefik.enable=false hides the container",
                        container("api").expose(80).label("traefik.enable", "false"), List.of()),
                arguments("Go booleans: traefik.enable=0", container("api").expose(80).label("traefik.enable", "0"), List.of()),
                arguments("replicas of one compose service merge into one service",
                        new TestContainer[] {
                                container("shop-api-1").compose("shop", "api").expose(80).network("shop_default", "172.18.0.5"),
                                container("shop-api-2").compose("shop", "api").expose(80).network("shop_default", "172.18.0.6")},
                        List.of("http router api-shop: Host(`api-shop`) -> api-shop",
                                "http service api-shop: http://172.18.0.5:80 http://172.18.0.6:80")));
    }

    /** Middleware labels in, the middleware in Traefik's dynamic-configuration shape out. */
    static Stream<Arguments> middlewares() {
        return Stream.of(
                arguments("traefik.http.middlewares.m.basicauth.users", "u:$apr1$a,v:$apr1$b",
                        "{basicAuth={users=[u:$apr1$a, v:$apr1$b]}}"),
                arguments("traefik.http.middlewares.m.stripPrefix.prefixes", "/api, /v2", "{stripPrefix={prefixes=[/api, /v2]}}"),
                arguments("traefik.http.middlewares.m.headers.customrequestheaders.X-Env", "dev",
                        "{headers={customRequestHeaders={X-Env=dev}}}"),
                arguments("traefik.http.middlewares.m.headers.stsseconds", "300", "{headers={stsSeconds=300}}"),
                arguments("traefik.http.middlewares.m.redirectscheme.permanent", "true", "{redirectScheme={permanent=true}}"),
                arguments("traefik.http.middlewares.m.ratelimit.sourcecriterion.ipstrategy.excludedips", "10.0.0.1, 10.0.0.2",
                        "{rateLimit={sourceCriterion={ipStrategy={excludedIPs=[10.0.0.1, 10.0.0.2]}}}}"),
                arguments("traefik.http.middlewares.m.ipallowlist.sourcerange", "127.0.0.1/32,10.0.0.0/8",
                        "{ipAllowList={sourceRange=[127.0.0.1/32, 10.0.0.0/8]}}"),
                arguments("traefik.http.middlewares.m.compress", "true", "{compress={}}"),
                arguments("traefik.http.middlewares.m.chain.middlewares", "a,b@file", "{chain={middlewares=[a, b@file]}}"),
                arguments("traefik.http.middlewares.m.plugin.demo.Headers.X-Demo", "1", "{plugin={demo={Headers={X-Demo=1}}}}"));
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @MethodSource("middlewares")
    void writesMiddlewaresInTraefiksShape(String label, String value, String expected) {
        DockerProvider.Result r = build(container("api").expose(80).label(label, value));
        assertEquals(expected, String.valueOf(r.config().httpMiddlewares().get("m")));
        assertEquals("", warnings(r));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("configurations")
    void buildsWhatTraefikBuilds(String description, Object containers, List<String> expected) {
        TestContainer[] list = containers instanceof TestContainer[] many ? many : new TestContainer[] {(TestContainer) containers};
        DockerProvider.Result r = build(list);
        assertEquals(expected, summary(r.config()));
        assertEquals("", warnings(r), "no warnings expected");
    }

    /** Problems: what Traefik would build (or not) and the warning naming container and label. */
    static Stream<Arguments> problems() {
        return Stream.of(
                arguments("no port: Traefik skips the container",
                        container("api"), List.of(),
                        "traefik.http.services.api.loadbalancer.server.port",
                        List.of("container api exposes no port", "port is missing")),
                arguments("two services and no router: no default router",
                        container("api").label("traefik.http.services.a.loadbalancer.server.port", "80")
                                .label("traefik.http.services.b.loadbalancer.server.port", "81"),
                        List.of("http service a: http://172.18.0.5:80", "http service b: http://172.18.0.5:81"),
                        "", List.of("several HTTP services (a, b) and no router", "too many services")),
                arguments("a router without service among two services is dropped",
                        container("api").label("traefik.http.routers.r.rule", "Host(`a`)")
                                .label("traefik.http.services.a.loadbalancer.server.port", "80")
                                .label("traefik.http.services.b.loadbalancer.server.port", "81"),
                        List.of("http service a: http://172.18.0.5:80", "http service b: http://172.18.0.5:81"),
                        "traefik.http.routers.r.service", List.of("router r has no traefik.http.routers.r.service label")),
                arguments("the root must be lower case",
                        container("api").expose(80).label("Traefik.enable", "true"), List.of(),
                        "Traefik.enable", List.of("starts with 'Traefik'", "Traefik skips the container")),
                arguments("a misspelt option makes Traefik ignore every label",
                        container("api").expose(80).label("traefik.http.routers.r.rules", "Host(`a`)"), List.of(),
                        "traefik.http.routers.r.rules", List.of("'rules' is not an option Traefik knows for HTTP routers",
                                "did you mean 'rule'?", "ignores every router and service")),
                arguments("traefik.enabled is not traefik.enable",
                        container("api").expose(80).label("traefik.enabled", "true"), List.of(),
                        "traefik.enabled", List.of("'enabled' is not an option", "did you mean 'enable'?")),
                arguments("a non-boolean traefik.enable",
                        container("api").expose(80).label("traefik.enable", "yes"), List.of(),
                        "traefik.enable", List.of("label traefik.enable is 'yes', not a boolean")),
                arguments("a bad priority",
                        container("api").expose(80).label("traefik.http.routers.r.priority", "high"), List.of(),
                        "traefik.http.routers.r.priority", List.of("is 'high', not a whole number")),
                arguments("network label without the compose prefix: warn, then fall back",
                        container("api").expose(80).network("shop_backend", "10.1.0.2").network("shop_web", "10.2.0.2")
                                .label("traefik.docker.network", "web"),
                        List.of("http router api: Host(`api`) -> api", "http service api: http://10.1.0.2:80"),
                        "traefik.docker.network", List.of("names network 'web'", "prefix may be missing",
                                "Did you mean 'shop_web'?")),
                arguments("several networks and no label: Traefik picks any",
                        container("api").expose(80).network("shop_backend", "10.1.0.2").network("shop_web", "10.2.0.2"),
                        List.of("http router api: Host(`api`) -> api", "http service api: http://10.1.0.2:80"),
                        "traefik.docker.network", List.of("several networks (shop_backend, shop_web)")),
                arguments("a rule Traefik refuses: router kept, disabled at run time",
                        container("api").expose(80).label("traefik.http.routers.r.rule", "Host(`a`, `b`)"),
                        List.of("http router r: Host(`a`, `b`) -> api", "http service api: http://172.18.0.5:80"),
                        "traefik.http.routers.r.rule", List.of("label traefik.http.routers.r.rule: column 1: Host takes"
                                + " exactly one value in Traefik v3", "disables it")),
                arguments("a v2 template in a v3 regexp matches nothing",
                        container("api").expose(80).label("traefik.http.routers.r.rule", "HostRegexp(`{sub:[a-z]+}.localhost`)"),
                        List.of("http router r: HostRegexp(`{sub:[a-z]+}.localhost`) -> api",
                                "http service api: http://172.18.0.5:80"),
                        "traefik.http.routers.r.rule", List.of("Traefik v2 template", "ruleSyntax=v2")),
                arguments("v2's Query(`k=v`) read as v3 matches no request",
                        container("api").expose(80).label("traefik.http.routers.r.rule", "Host(`a`) && Query(`debug=1`)"),
                        List.of("http router r: Host(`a`) && Query(`debug=1`) -> api", "http service api: http://172.18.0.5:80"),
                        "traefik.http.routers.r.rule", List.of("has Query(`debug=1`), the v2 way to match debug=1; in v3",
                                "one named 'debug=1', which no request sends", "write Query(`debug`, `1`)",
                                "ruleSyntax=v2")),
                arguments("an unknown ruleSyntax reads as v3",
                        container("api").expose(80).label("traefik.http.routers.r.ruleSyntax", "v4"),
                        List.of("http router r: Host(`api`) -> api ruleSyntax=v4", "http service api: http://172.18.0.5:80"),
                        "traefik.http.routers.r.ruleSyntax", List.of("'v4', neither v2 nor v3")),
                arguments("a TCP router routing by HostSNI without TLS: kept, disabled at run time",
                        container("db").expose(5432).label("traefik.tcp.routers.db.rule", "HostSNI(`db.localhost`)"),
                        List.of("tcp router db: HostSNI(`db.localhost`) -> db", "tcp service db: 172.18.0.5:5432"),
                        "traefik.tcp.routers.db.rule", List.of("routes by HostSNI(`db.localhost`) but has no TLS",
                                "traefik.tcp.routers.db.tls.passthrough=true", "has HostSNI matcher, but no TLS on router")),
                arguments("an option of a middleware debugproxy does not know is kept as written",
                        container("api").expose(80).label("traefik.http.middlewares.m.stripprefix.prefixs", "/a"),
                        List.of("http router api: Host(`api`) -> api", "http service api: http://172.18.0.5:80",
                                "http middleware m: {stripPrefix={prefixs=/a}}"),
                        "traefik.http.middlewares.m.stripprefix.prefixs", List.of("'prefixs' is not an option of stripPrefix",
                                "did you mean 'prefixes'?", "field not found")),
                arguments("a middleware option Traefik v3 removed",
                        container("api").expose(80).label("traefik.http.middlewares.m.headers.sslredirect", "true"),
                        List.of("http router api: Host(`api`) -> api", "http service api: http://172.18.0.5:80",
                                "http middleware m: {headers={sslRedirect=true}}"),
                        "traefik.http.middlewares.m.headers.sslredirect", List.of("Traefik v3 has no option sslRedirect",
                                "redirectScheme")),
                arguments("a middleware boolean that is not one: Traefik ignores the container",
                        container("api").expose(80).label("traefik.http.middlewares.m.headers.framedeny", "yes"), List.of(),
                        "traefik.http.middlewares.m.headers.framedeny", List.of("is 'yes', not a boolean",
                                "ignores every router and service")),
                arguments("a UDP router without service among two services is dropped",
                        container("dns").label("traefik.udp.routers.r.entrypoints", "dns")
                                .label("traefik.udp.services.a.loadbalancer.server.port", "53")
                                .label("traefik.udp.services.b.loadbalancer.server.port", "54"),
                        List.of("udp service a: 172.18.0.5:53", "udp service b: 172.18.0.5:54"),
                        "traefik.udp.routers.r.service", List.of("router r has no traefik.udp.routers.r.service label",
                                "too many services")),
                arguments("a TCP router without rule is dropped",
                        container("db").expose(5432).label("traefik.tcp.routers.db.entrypoints", "db"),
                        List.of("tcp service db: 172.18.0.5:5432"),
                        "traefik.tcp.routers.db.rule", List.of("TCP router db has no rule", "Empty rule")),
                arguments("a service without load balancer options",
                        container("api").expose(80).label("traefik.http.services.s.weighted.services", "a"), List.of(),
                        "traefik.http.services.s", List.of("load-balancer is not defined")),
                arguments("url with port",
                        container("api").label("traefik.http.services.s.loadbalancer.server.url", "http://b:1")
                                .label("traefik.http.services.s.loadbalancer.server.port", "2"),
                        List.of("http router api: Host(`api`) -> s", "http service s: http://b:1"),
                        "traefik.http.services.s.loadbalancer.server.url", List.of("together with port or scheme")),
                arguments("router name with @",
                        container("api").expose(80).label("traefik.http.routers.r@x.rule", "Host(`a`)"),
                        List.of("http router r@x: Host(`a`) -> api", "http service api: http://172.18.0.5:80"),
                        "traefik.http.routers.r@x", List.of("contains '@'")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("problems")
    void warnsNamingContainerAndLabel(String description, TestContainer container, List<String> expected, String label,
                                      List<String> fragments) {
        DockerProvider.Result r = build(container);
        assertEquals(expected, summary(r.config()));
        assertTrue(r.warnings().stream().anyMatch(w -> w.label().equals(label)),
                () -> "no warning for label '" + label + "' in " + r.warnings());
        String all = warnings(r);
        for (String f : fragments) {
            assertTrue(all.contains(f), () -> "'" + all + "' lacks '" + f + "'");
        }
        assertTrue(r.warnings().stream().allMatch(w -> w.message().contains(w.container())), "warnings name the container");
    }

    @Test
    void containerNetworkModeUsesTheOtherContainersAddress() {
        TestContainer vpn = container("vpn").id("abc123").network("shop_default", "172.18.0.9");
        TestContainer app = container("app").expose(8080).networkMode("container:abc123").network("container", "");
        DockerProvider.Result r = build(vpn, app);
        assertEquals("http://172.18.0.9:8080", r.config().httpServices().get("app").urls().get(0));
    }

    @Test
    void containerNetworkModePrefersTheOtherContainersNetworkLabel() {
        TestContainer vpn = container("vpn").id("abc123").network("a", "10.0.0.1").network("b", "10.0.0.2")
                .label("traefik.enable", "false").label("traefik.docker.network", "b");
        TestContainer app = container("app").expose(80).networkMode("container:abc123").label("traefik.docker.network", "a");
        DockerProvider.Result r = build(vpn, app);
        assertEquals(List.of("http://10.0.0.2:80"), r.config().httpServices().get("app").urls());
    }

    @Test
    void containerNetworkModeFallsBackToThisContainersNetworkLabel() {
        TestContainer vpn = container("vpn").id("abc123").network("a", "10.0.0.1").network("b", "10.0.0.2")
                .label("traefik.enable", "false");
        TestContainer app = container("app").expose(80).networkMode("container:abc123").label("traefik.docker.network", "b");
        DockerProvider.Result r = build(vpn, app);
        assertEquals(List.of("http://10.0.0.2:80"), r.config().httpServices().get("app").urls());
    }

    @Test
    void unknownContainerInNetworkModeSkipsTheContainer() {
        DockerProvider.Result r = build(container("app").expose(80).networkMode("container:gone"));
        assertEquals(List.of(), summary(r.config()));
        assertTrue(warnings(r).contains("shares the network namespace of container gone"), warnings(r));
    }

    @Test
    void exposedByDefaultFalseNeedsTraefikEnable() {
        DockerProvider provider = new DockerProvider(DockerProviderSettings.defaults().withExposedByDefault(false));
        DockerProvider.Result r = build(provider, container("hidden").expose(80),
                container("shown").expose(80).label("traefik.enable", "true"));
        assertEquals(List.of("http router shown: Host(`shown`) -> shown", "http service shown: http://172.18.0.5:80"),
                summary(r.config()));
    }

    @Test
    void defaultRuleIsConfigurable() {
        DockerProvider provider = new DockerProvider(DockerProviderSettings.defaults()
                .withDefaultRule("Host(`{{ .Name | lower }}.{{ index .Labels \"env\" }}.localhost`)"));
        DockerProvider.Result r = build(provider, container("Api").expose(80).label("env", "dev"));
        assertEquals("Host(`api.dev.localhost`)", r.config().httpRouters().get("Api").rule());
    }

    @Test
    void unsupportedDefaultRuleTemplateIsReportedNotGuessed() {
        DockerProvider provider = new DockerProvider(DockerProviderSettings.defaults()
                .withDefaultRule("Host(`{{ printf \"%s\" .Name }}`)"));
        DockerProvider.Result r = build(provider, container("api").expose(80));
        assertEquals(List.of("http service api: http://172.18.0.5:80"), summary(r.config()));
        assertTrue(warnings(r).contains("cannot evaluate"), warnings(r));
    }

    @Test
    void providerNetworkSettingAppliesWithoutLabel() {
        DockerProvider provider = new DockerProvider(DockerProviderSettings.defaults().withNetwork("shop_web"));
        DockerProvider.Result r = build(provider, container("api").expose(80).network("shop_backend", "10.1.0.2")
                .network("shop_web", "10.2.0.2"));
        assertEquals(List.of("http://10.2.0.2:80"), r.config().httpServices().get("api").urls());
    }

    @Test
    void routersDefinedDifferentlyByTwoContainersAreDropped() {
        DockerProvider.Result r = build(
                container("a").expose(80).label("traefik.http.routers.web.rule", "Host(`a`)"),
                container("b").expose(80).label("traefik.http.routers.web.rule", "Host(`b`)"));
        assertEquals(Optional.empty(), Optional.ofNullable(r.config().httpRouters().get("web")));
        assertTrue(warnings(r).contains("HTTP router web is defined differently by containers a, b"), warnings(r));
    }

    /** Which routers Traefik serves, as kind:name@container, for the containers of each row. */
    static Stream<Arguments> servedRouters() {
        return Stream.of(
                arguments("labelled and default routers", new TestContainer[] {
                                container("api").expose(80).label("traefik.http.routers.web.rule", "Host(`a`)"),
                                container("db").expose(5432).label("traefik.tcp.routers.t.rule", "HostSNI(`*`)"),
                                container("plain").expose(80)},
                        List.of("HTTP:web@api", "TCP:t@db", "HTTP:plain@plain")),
                arguments("a rule Traefik refuses", new TestContainer[] {
                                container("api").expose(80).label("traefik.http.routers.web.rule", "Host(`a`,`b`)")},
                        List.of()),
                arguments("HostSNI without TLS; with passthrough", new TestContainer[] {
                                container("db").expose(5432).label("traefik.tcp.routers.plain.rule", "HostSNI(`db`)")
                                        .label("traefik.tcp.routers.tls.rule", "HostSNI(`db`)")
                                        .label("traefik.tcp.routers.tls.tls.passthrough", "true")},
                        List.of("TCP:tls@db")),
                arguments("a router defined differently by two containers", new TestContainer[] {
                                container("a").expose(80).label("traefik.http.routers.web.rule", "Host(`a`)"),
                                container("b").expose(80).label("traefik.http.routers.web.rule", "Host(`b`)")},
                        List.of()),
                arguments("a router defined alike by two containers", new TestContainer[] {
                                container("a").expose(80).label("traefik.http.routers.web.rule", "Host(`a`)")
                                        .label("traefik.http.routers.web.service", "s")
                                        .label("traefik.http.services.s.loadbalancer.server.port", "80"),
                                container("b").expose(80).label("traefik.http.routers.web.rule", "Host(`a`)")
                                        .label("traefik.http.routers.web.service", "s")
                                        .label("traefik.http.services.s.loadbalancer.server.port", "80")},
                        List.of("HTTP:web@a", "HTTP:web@b")),
                arguments("a container Traefik skips", new TestContainer[] {
                                container("api").label("traefik.http.routers.web.rule", "Host(`a`)")},
                        List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("servedRouters")
    void servesOnlyRoutersTraefikKeepsEnabled(String description, TestContainer[] containers, List<String> expected) {
        DockerProvider.Result r = build(containers);
        assertEquals(expected, r.served().stream().map(s -> s.kind() + ":" + s.name() + "@" + s.container()).toList());
    }

    @Test
    void queryWithOneValueWithoutEqualsOrInV2GetsNoHint() {
        DockerProvider.Result r = build(container("api").expose(80)
                        .label("traefik.http.routers.a.rule", "Host(`a`) && Query(`mobile`)"),
                container("web").expose(80).label("traefik.http.routers.w.rule", "Host(`w`) && Query(`debug=1`)")
                        .label("traefik.http.routers.w.ruleSyntax", "v2"));
        assertEquals("", warnings(r));
    }

    /** Whether Traefik looks at a container at all, before its health or other labels. */
    static Stream<Arguments> considered() {
        return Stream.of(
                arguments(container("a"), true, true),
                arguments(container("a"), false, false),
                arguments(container("a").label("traefik.enable", "true"), false, true),
                arguments(container("a").label("traefik.enable", "false"), true, false),
                arguments(container("a").label("Traefik.enable", "true"), true, false));
    }

    @ParameterizedTest(name = "[{index}] {0} exposedByDefault={1}")
    @MethodSource("considered")
    void considersWhatTraefikLooksAt(TestContainer c, boolean exposedByDefault, boolean expected) {
        DockerProvider provider = new DockerProvider(DockerProviderSettings.defaults().withExposedByDefault(exposedByDefault));
        assertEquals(expected, provider.considers(c.build()));
    }

    @Test
    void defaultRuleSyntaxDecidesHowRulesWithoutTheirOwnAreRead() {
        DockerProvider v2 = new DockerProvider(DockerProviderSettings.defaults().withRuleSyntax(RuleSyntax.V2));
        DockerProvider.Result r = build(v2, container("api").expose(80).label("traefik.http.routers.web.rule", "Host(`a`,`b`)"));
        assertEquals("", warnings(r));
        assertEquals(List.of("web"), r.served().stream().map(ServedRouter::name).toList());
    }

    @Test
    void routersRecordTheirOrigin() {
        DockerProvider.Result r = build(container("api").expose(80).label("traefik.http.routers.r.rule", "Host(`a`)"),
                container("db").expose(5432).label("traefik.tcp.routers.t.rule", "HostSNI(`*`)"));
        HttpRouter http = r.config().httpRouters().get("r");
        TcpRouter tcp = r.config().tcpRouters().get("t");
        assertEquals(List.of("api", "traefik.http.routers.r.rule", "db", "traefik.tcp.routers.t.rule"),
                List.of(http.container(), http.ruleSource(), tcp.container(), tcp.ruleSource()));
    }

    @Test
    void normalizeJoinsRunsOfOtherCharactersWithOneHyphen() {
        assertEquals(List.of("my-app", "api-shop", "a-b", "Ünïcode-2"),
                List.of(TraefikNames.normalize("/my_app"), TraefikNames.normalize("api_shop"),
                        TraefikNames.normalize("--a__..b--"), TraefikNames.normalize("Ünïcode 2")));
    }
}
