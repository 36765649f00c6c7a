package io.debugproxy.config.traefik;

import io.debugproxy.config.ConfigException;
import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.traefik.DynamicConfig.HttpRouter;
import io.debugproxy.config.traefik.DynamicConfig.HttpService;
import io.debugproxy.config.traefik.DynamicConfig.RouterTls;
import io.debugproxy.config.traefik.DynamicConfig.TcpRouter;
import io.debugproxy.config.traefik.DynamicConfig.TcpService;
import io.debugproxy.config.traefik.DynamicConfig.TlsDomain;
import io.debugproxy.config.traefik.DynamicConfig.UdpRouter;
import io.debugproxy.config.traefik.DynamicConfig.UdpService;
import io.debugproxy.config.traefik.LabelSchema.Decoded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What Traefik's Docker provider builds from containers' labels, reproduced offline: which
 * containers it exposes, the routers and services each one defines (with Traefik's defaults
 * for the missing parts), the server addresses it dials, and the merge of all containers into
 * one dynamic configuration. Every problem Traefik would log, and a few it silently lives
 * with (a random network, a v2 template in a v3 rule), becomes a {@link TraefikWarning}.
 * Pure: containers in, configuration and warnings out.
 */
public final class DockerProvider {

    /**
     * The provider's output.
     *
     * @param config   the dynamic configuration Traefik would run with
     * @param warnings problems, in container-name order
     * @param served   the routers of {@code config} that Traefik serves, by container in name order
     */
    public record Result(DynamicConfig config, List<TraefikWarning> warnings, List<ServedRouter> served) {
        public Result {
            Objects.requireNonNull(config, "config");
            warnings = List.copyOf(warnings);
            served = List.copyOf(served);
        }

        /** The routers Traefik serves for the container named {@code container}. */
        public List<ServedRouter> servedBy(String container) {
            return served.stream().filter(r -> r.container().equals(container)).toList();
        }
    }

    static final String COMPOSE_PROJECT = "com.docker.compose.project";
    static final String COMPOSE_SERVICE = "com.docker.compose.service";
    private static final String NETWORK_LABEL = "traefik.docker.network";
    private static final List<String> DYNAMIC_FILTERS = List.of("traefik.http", "traefik.tcp", "traefik.udp", "traefik.tls");
    private static final List<String> DOCKER_FILTERS = List.of("traefik.docker.", "traefik.enable");
    /** {@code container:<id>} chains longer than this are a loop, not a setup. */
    private static final int MAX_NETWORK_HOPS = 8;
    private static final Pattern V2_TEMPLATE = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*(:[^}]*)?}");

    private final DockerProviderSettings settings;
    private final DefaultRuleTemplate defaultRule;

    public DockerProvider(DockerProviderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.defaultRule = new DefaultRuleTemplate(settings.defaultRule());
    }

    /**
     * Traefik's name for a container's default service and router: {@code <service>_<project>} for
     * a compose container, else the container name, normalised ({@link TraefikNames#normalize}).
     */
    public static String serviceName(ContainerInfo c) {
        String service = c.labels().getOrDefault(COMPOSE_SERVICE, "");
        String project = c.labels().getOrDefault(COMPOSE_PROJECT, "");
        String name = !service.isEmpty() && !project.isEmpty() ? service + "_" + project : c.name();
        return TraefikNames.normalize(name);
    }

    /**
     * Builds the configuration for {@code containers}.
     *
     * @param lookup finds a container by id or name, for {@code container:<id>} network modes; it may
     *               know containers that are not in {@code containers}
     */
    public Result build(Collection<ContainerInfo> containers, Function<String, Optional<ContainerInfo>> lookup) {
        List<TraefikWarning> warnings = new ArrayList<>();
        Map<String, Partial> partials = new TreeMap<>();
        List<ContainerInfo> sorted = new ArrayList<>(containers);
        sorted.sort(Comparator.comparing(ContainerInfo::name).thenComparing(ContainerInfo::id));
        for (ContainerInfo c : sorted) {
            new ContainerBuild(c, lookup, warnings).run()
                    .ifPresent(p -> partials.put(serviceName(c) + "-" + c.id(), p));
        }
        DynamicConfig config = merge(partials, warnings);
        return new Result(config, warnings, served(partials.values(), config));
    }

    /** The parsed routers of each container that are still in the merged configuration, as defined there. */
    private static List<ServedRouter> served(Collection<Partial> partials, DynamicConfig config) {
        List<ServedRouter> out = new ArrayList<>();
        for (Partial p : partials) {
            p.httpRules.forEach((name, rule) -> {
                HttpRouter mine = p.httpRouters.get(name);
                HttpRouter kept = config.httpRouters().get(name);
                if (kept != null && kept.sameAs(mine)) {
                    out.add(new ServedRouter(RuleKind.HTTP, name, rule, p.container, mine.ruleSource()));
                }
            });
            p.tcpRules.forEach((name, rule) -> {
                TcpRouter mine = p.tcpRouters.get(name);
                TcpRouter kept = config.tcpRouters().get(name);
                if (kept != null && kept.sameAs(mine)) {
                    out.add(new ServedRouter(RuleKind.TCP, name, rule, p.container, mine.ruleSource()));
                }
            });
        }
        return out;
    }

    /**
     * Whether Traefik considers {@code c} at all: {@code traefik.enable} (or {@code exposedByDefault})
     * says so and Traefik can read that label. Health and the other labels are not looked at.
     */
    public boolean considers(ContainerInfo c) {
        try {
            return extra(c).enable();
        } catch (LabelError e) {
            return false;
        }
    }

    /** The Docker-provider options of one container: {@code traefik.enable} and the network to use. */
    private record Extra(boolean enable, String network, boolean networkLabelled) {
    }

    private Extra extra(ContainerInfo c) {
        LabelNode root = LabelNode.parse(c.labels(), DOCKER_FILTERS);
        boolean enable = settings.exposedByDefault();
        String network = settings.network();
        boolean labelled = false;
        if (root != null) {
            Decoded d = LabelSchema.decode(root, LabelSchema.DOCKER);
            enable = d.bool("enable").orElse(enable);
            Optional<Decoded> docker = d.struct("docker");
            if (docker.isPresent() && docker.get().has("network")) {
                network = docker.get().string("network");
                labelled = true;
            }
        }
        return new Extra(enable, network, labelled);
    }

    /** One container's routers and services, before containers are merged. */
    private static final class Partial {
        final String container;
        final Map<String, HttpRouter> httpRouters = new LinkedHashMap<>();
        final Map<String, HttpService> httpServices = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> middlewares = new LinkedHashMap<>();
        final Map<String, TcpRouter> tcpRouters = new LinkedHashMap<>();
        final Map<String, TcpService> tcpServices = new LinkedHashMap<>();
        final Map<String, UdpRouter> udpRouters = new LinkedHashMap<>();
        final Map<String, UdpService> udpServices = new LinkedHashMap<>();
        /** Parsed rules of the routers Traefik does not disable. */
        final Map<String, Rule> httpRules = new LinkedHashMap<>();
        final Map<String, Rule> tcpRules = new LinkedHashMap<>();

        Partial(String container) {
            this.container = container;
        }
    }

    /** The work for one container; warnings go to the shared list. */
    private final class ContainerBuild {
        private final ContainerInfo c;
        private final Function<String, Optional<ContainerInfo>> lookup;
        private final List<TraefikWarning> warnings;
        private final String serviceName;

        ContainerBuild(ContainerInfo c, Function<String, Optional<ContainerInfo>> lookup, List<TraefikWarning> warnings) {
            this.c = c;
            this.lookup = lookup;
            this.warnings = warnings;
            this.serviceName = serviceName(c);
        }

        Optional<Partial> run() {
            Extra extra;
            try {
                extra = extra(c);
            } catch (LabelError e) {
                warn(e.label(), e.getMessage() + "; Traefik skips the container");
                return Optional.empty();
            }
            if (!extra.enable()) {
                return Optional.empty();
            }
            try {
                LabelNode root = LabelNode.parse(c.labels(), DYNAMIC_FILTERS);
                Decoded conf = root == null ? null : LabelSchema.decode(root, LabelSchema.DYNAMIC);
                return Optional.of(build(conf, extra));
            } catch (LabelError e) {
                warn(e.label(), e.getMessage() + "; Traefik ignores every router and service of the container");
                return Optional.empty();
            }
        }

        private Partial build(Decoded conf, Extra extra) {
            Partial p = new Partial(c.name());
            Decoded http = conf == null ? null : conf.struct("http").orElse(null);
            Decoded tcp = conf == null ? null : conf.struct("tcp").orElse(null);
            Decoded udp = conf == null ? null : conf.struct("udp").orElse(null);
            boolean tcpOrUdp = false;
            if (tcp != null && (!tcp.structs("routers").isEmpty() || !tcp.structs("services").isEmpty())) {
                tcpOrUdp = true;
                tcpServices(tcp, extra, p);
                tcpRouters(tcp, p);
            }
            if (udp != null && (!udp.structs("routers").isEmpty() || !udp.structs("services").isEmpty())) {
                tcpOrUdp = true;
                udpServices(udp, extra, p);
                udpRouters(udp, p);
            }
            boolean noHttp = http == null || http.structs("routers").isEmpty() && http.structs("services").isEmpty()
                    && http.raws("middlewares").isEmpty();
            if (tcpOrUdp && noHttp) {
                return p;
            }
            httpServices(http, extra, p);
            httpRouters(http, p);
            if (http != null) {
                http.raws("middlewares").forEach((name, raw) -> {
                    String key = http.key("middlewares") + "." + name;
                    if (!(raw instanceof Map<?, ?>)) {
                        throw new LabelError(key, "label " + key + " sets a value, but a middleware needs a type and"
                                + " options, e.g. " + key + ".headers.customrequestheaders.X-A=1");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> options = (Map<String, Object>) OptionSchema.canonical(raw, OptionSchema.MIDDLEWARE,
                            key, this::warn);
                    p.middlewares.put(name, options);
                });
            }
            return p;
        }

        // ---- TCP -------------------------------------------------------------------------

        private void tcpServices(Decoded tcp, Extra extra, Partial p) {
            Map<String, Decoded> labelled = tcp.structs("services");
            if (labelled.isEmpty()) {
                String address = address(Optional.empty(), "traefik.tcp.services." + serviceName + ".loadbalancer", extra);
                p.tcpServices.put(serviceName, new TcpService(List.of(address), Map.of(), List.of(c.name())));
                return;
            }
            labelled.forEach((name, svc) -> {
                Decoded lb = loadBalancer(svc, name);
                String address = address(lb.struct("server"), lb.key(), extra);
                p.tcpServices.put(name, new TcpService(List.of(address), options(lb, List.of("server")),
                        List.of(c.name())));
            });
        }

        private void tcpRouters(Decoded tcp, Partial p) {
            tcp.structs("routers").forEach((name, r) -> {
                String rule = r.string("rule");
                if (rule.isEmpty()) {
                    warn(r.key("rule"), "TCP router " + name + " has no rule (set " + r.key("rule")
                            + ", e.g. HostSNI(`db.localhost`)); Traefik drops the router (Empty rule)");
                    return;
                }
                Optional<String> service = bindService(r, name, p.tcpServices.keySet());
                if (service.isEmpty()) {
                    return;
                }
                Optional<Rule> parsed = checkRule(RuleKind.TCP, name, rule, r.string("ruleSyntax"), r.key("rule"),
                        r.key("ruleSyntax"));
                checkRouterName(name, r.key());
                RouterTls tls = tls(r);
                p.tcpRouters.put(name, new TcpRouter(rule, r.string("ruleSyntax"), r.list("entryPoints"), service.get(),
                        r.integer("priority").orElse(null), tls, c.name(), r.key("rule")));
                parsed.filter(ok -> tls != null || sniWithoutTls(name, ok, r).isEmpty())
                        .ifPresent(ok -> p.tcpRules.put(name, ok));
            });
        }

        /**
         * Traefik refuses a TCP router without TLS whose rule names server names: without TLS there
         * is no SNI to match. {@code HostSNI(`*`)} is the exception. Returns the first name, if any.
         */
        private Optional<String> sniWithoutTls(String name, Rule rule, Decoded r) {
            List<String> names = new ArrayList<>();
            hostSniValues(rule, names);
            if (names.isEmpty() || names.get(0).equals("*")) {
                return Optional.empty();
            }
            warn(r.key("rule"), "container " + c.name() + ": TCP router " + name + " routes by HostSNI(`" + names.get(0)
                    + "`) but has no TLS, and without TLS there is no server name to match; set " + r.key("tls")
                    + ".passthrough=true (or " + r.key("tls") + "=true); Traefik keeps router " + name
                    + " but disables it (has HostSNI matcher, but no TLS on router)");
            return Optional.of(names.get(0));
        }

        private static void hostSniValues(Rule rule, List<String> out) {
            if (rule instanceof Rule.And a) {
                hostSniValues(a.left(), out);
                hostSniValues(a.right(), out);
            } else if (rule instanceof Rule.Or o) {
                hostSniValues(o.left(), out);
                hostSniValues(o.right(), out);
            } else if (rule instanceof Rule.Not n) {
                hostSniValues(n.operand(), out);
            } else if (rule instanceof Rule.Match m && m.matcher() == Matcher.HOST_SNI) {
                out.addAll(m.values());
            }
        }

        private void udpServices(Decoded udp, Extra extra, Partial p) {
            Map<String, Decoded> labelled = udp.structs("services");
            if (labelled.isEmpty()) {
                String address = address(Optional.empty(), "traefik.udp.services." + serviceName + ".loadbalancer", extra);
                p.udpServices.put(serviceName, new UdpService(List.of(address), List.of(c.name())));
                return;
            }
            labelled.forEach((name, svc) -> {
                Decoded lb = loadBalancer(svc, name);
                String address = address(lb.struct("server"), lb.key(), extra);
                p.udpServices.put(name, new UdpService(List.of(address), List.of(c.name())));
            });
        }

        /** UDP routers have no rule: only entry points and a service, bound as for TCP. */
        private void udpRouters(Decoded udp, Partial p) {
            udp.structs("routers").forEach((name, r) -> {
                Optional<String> service = bindService(r, name, p.udpServices.keySet());
                if (service.isEmpty()) {
                    return;
                }
                checkRouterName(name, r.key());
                p.udpRouters.put(name, new UdpRouter(r.list("entryPoints"), service.get(), c.name()));
            });
        }

        // ---- HTTP ------------------------------------------------------------------------

        private void httpServices(Decoded http, Extra extra, Partial p) {
            Map<String, Decoded> labelled = http == null ? Map.of() : http.structs("services");
            if (labelled.isEmpty()) {
                String lbKey = "traefik.http.services." + serviceName + ".loadbalancer";
                String url = "http://" + address(Optional.empty(), lbKey, extra);
                p.httpServices.put(serviceName, new HttpService(List.of(url), true, Map.of(), List.of(c.name())));
                return;
            }
            labelled.forEach((name, svc) -> {
                Decoded lb = loadBalancer(svc, name);
                Optional<Decoded> server = lb.struct("server");
                String url = server.map(s -> s.string("url")).orElse("");
                if (url.isEmpty()) {
                    String scheme = server.map(s -> s.string("scheme")).filter(s -> !s.isEmpty()).orElse("http");
                    url = scheme + "://" + address(server, lb.key(), extra);
                } else if (server.get().has("port") || server.get().has("scheme")) {
                    warn(server.get().key("url"), "service " + name + " sets loadbalancer.server.url together with port"
                            + " or scheme, which Traefik's documentation rules out; the URL " + url + " is used as is");
                }
                boolean passHostHeader = lb.bool("passHostHeader").orElse(true);
                p.httpServices.put(name, new HttpService(List.of(url), passHostHeader,
                        options(lb, List.of("server", "passHostHeader")), List.of(c.name())));
            });
        }

        private void httpRouters(Decoded http, Partial p) {
            Map<String, Decoded> labelled = http == null ? Map.of() : http.structs("routers");
            if (labelled.isEmpty()) {
                if (p.httpServices.size() > 1) {
                    warn("", "container " + c.name() + " defines several HTTP services (" + String.join(", ",
                            p.httpServices.keySet()) + ") and no router, so Traefik creates no default router"
                            + " (too many services)");
                    return;
                }
                String service = p.httpServices.keySet().iterator().next();
                defaultRouter().ifPresent(rule -> {
                    checkRule(RuleKind.HTTP, serviceName, rule, "", "defaultRule", "")
                            .ifPresent(ok -> p.httpRules.put(serviceName, ok));
                    p.httpRouters.put(serviceName, new HttpRouter(rule, "", List.of(), List.of(), service, null, null,
                            c.name(), "defaultRule"));
                });
                return;
            }
            labelled.forEach((name, r) -> {
                String rule = r.string("rule");
                String ruleSource = r.key("rule");
                if (rule.isEmpty()) {
                    Optional<String> fromDefault = defaultRouter();
                    if (fromDefault.isEmpty()) {
                        return;
                    }
                    rule = fromDefault.get();
                    ruleSource = "defaultRule";
                }
                Optional<String> service = bindService(r, name, p.httpServices.keySet());
                if (service.isEmpty()) {
                    return;
                }
                checkRule(RuleKind.HTTP, name, rule, r.string("ruleSyntax"), ruleSource, r.key("ruleSyntax"))
                        .ifPresent(ok -> p.httpRules.put(name, ok));
                checkRouterName(name, r.key());
                p.httpRouters.put(name, new HttpRouter(rule, r.string("ruleSyntax"), r.list("entryPoints"),
                        r.list("middlewares"), service.get(), r.integer("priority").orElse(null), tls(r), c.name(),
                        ruleSource));
            });
        }

        /** The default rule for this container, or empty (with a warning) when it cannot be made. */
        private Optional<String> defaultRouter() {
            String rule;
            try {
                rule = defaultRule.evaluate(new DefaultRuleTemplate.Model(serviceName, c.name(), c.labels()));
            } catch (IllegalArgumentException e) {
                warn("", "container " + c.name() + ": the provider's defaultRule cannot be evaluated: " + e.getMessage());
                return Optional.empty();
            }
            if (rule.isEmpty()) {
                warn("", "container " + c.name() + ": the provider's defaultRule gives an empty rule, so Traefik drops"
                        + " the router (Undefined rule)");
                return Optional.empty();
            }
            return Optional.of(rule);
        }

        // ---- shared ----------------------------------------------------------------------

        private Decoded loadBalancer(Decoded svc, String name) {
            return svc.struct("loadBalancer").orElseThrow(() -> new LabelError(svc.key(), "service " + name
                    + " (labels " + svc.key() + ".*) has no loadbalancer options; label-defined services must be load"
                    + " balancers (Traefik: load-balancer is not defined)"));
        }

        /** The router's service: its label, else the only service of the container. */
        private Optional<String> bindService(Decoded r, String name, Set<String> services) {
            String service = r.string("service");
            if (!service.isEmpty()) {
                return Optional.of(service);
            }
            if (services.size() > 1) {
                warn(r.key("service"), "router " + name + " has no " + r.key("service") + " label and the container"
                        + " defines several services (" + String.join(", ", services) + "); Traefik drops the router"
                        + " (too many services)");
                return Optional.empty();
            }
            return Optional.of(services.iterator().next());
        }

        private RouterTls tls(Decoded router) {
            Optional<Decoded> tls = router.struct("tls");
            if (tls.isEmpty() || tls.get().disabled()) {
                return null;
            }
            Decoded t = tls.get();
            return new RouterTls(t.bool("passthrough").orElse(false), t.string("options"), t.string("certResolver"),
                    domains(t));
        }

        /** {@code tls.domains[0].main}, {@code tls.domains[0].sans}, ... in index order. */
        private List<TlsDomain> domains(Decoded tls) {
            Optional<Object> raw = tls.raw("domains");
            if (raw.isEmpty()) {
                return List.of();
            }
            String key = tls.key("domains");
            if (!(raw.get() instanceof Map<?, ?> byIndex)) {
                warn(key, "label " + key + " sets a value, but domains are a list: write " + key + "[0].main=example.com"
                        + " and " + key + "[0].sans=a.example.com,b.example.com; the value is left out here");
                return List.of();
            }
            Map<Integer, TlsDomain> sorted = new TreeMap<>();
            byIndex.forEach((k, v) -> {
                String index = (String) k;
                Optional<Long> n = index.startsWith("[") && index.endsWith("]")
                        ? GoValues.parseInt(index.substring(1, index.length() - 1)) : Optional.empty();
                if (n.isEmpty()) {
                    warn(key + "." + index, "label " + key + "." + index + " has no index: write " + key + "[0]."
                            + index + "; it is left out here");
                    return;
                }
                Object domain = OptionSchema.canonical(v, OptionSchema.TLS_DOMAIN, key + index, this::warn);
                Map<?, ?> fields = domain instanceof Map<?, ?> m ? m : Map.of();
                Object main = fields.get("main");
                Object sans = fields.get("sans");
                sorted.put(n.get().intValue(), new TlsDomain(main instanceof String s ? s : "",
                        sans instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of()));
            });
            return List.copyOf(sorted.values());
        }

        /** Load-balancer options other than {@code except}, option groups in Traefik's shape. */
        private Map<String, Object> options(Decoded lb, List<String> except) {
            Map<String, Object> out = new LinkedHashMap<>(lb.others(except));
            for (OptionSchema.Field group : List.of(OptionSchema.STICKY, OptionSchema.HEALTH_CHECK,
                    OptionSchema.RESPONSE_FORWARDING, OptionSchema.PROXY_PROTOCOL)) {
                Object raw = out.get(group.name());
                if (raw != null) {
                    out.put(group.name(), OptionSchema.canonical(raw, group, lb.key(group.name()), this::warn));
                }
            }
            return out;
        }

        /**
         * {@code ip:port} of the container's server, as Traefik's getIPPort computes it.
         *
         * @throws LabelError when there is no IP or no port: Traefik then skips the whole container
         */
        private String address(Optional<Decoded> server, String serviceKey, Extra extra) {
            String labelPort = server.map(s -> s.string("port")).orElse("");
            String ip = ipAddress(c, extra.network(), extra.networkLabelled(), 0);
            if (ip.isEmpty()) {
                throw new LabelError(extra.networkLabelled() ? NETWORK_LABEL : "", "Traefik finds no IP address for"
                        + " container " + c.name() + " (network mode '" + c.networkMode() + "', networks "
                        + c.networks().keySet() + ") and ignores its server");
            }
            String port = labelPort.isEmpty()
                    ? c.exposedPorts().isEmpty() ? "" : String.valueOf(c.exposedPorts().get(0))
                    : labelPort;
            if (port.isEmpty()) {
                String portLabel = serviceKey + ".server.port";
                throw new LabelError(portLabel, "container " + c.name() + " exposes no port and has no " + portLabel
                        + " label (Traefik: port is missing); set the label or EXPOSE the port");
            }
            if (!GoValues.parseInt(port).map(n -> n >= 1 && n <= 65535).orElse(false)) {
                warn(serviceKey + ".server.port", "container " + c.name() + ": " + serviceKey + ".server.port is '" + port
                        + "', not a port number 1-65535; Traefik builds an address it cannot dial");
            }
            return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
        }

        /** Traefik's getIPAddress: the labelled network, host mode, container:&lt;id&gt; mode, else any network. */
        private String ipAddress(ContainerInfo target, String network, boolean labelled, int hops) {
            boolean missing = false;
            if (!network.isEmpty()) {
                if (target.networks().containsKey(network)) {
                    return target.networks().get(network);
                }
                missing = true;
            }
            String mode = target.networkMode();
            if (mode.equals("host")) {
                if (missing) {
                    missingNetwork(target, network, labelled, settings.hostAddress() + " (network mode host)");
                }
                return settings.hostAddress();
            }
            if (mode.startsWith("container:")) {
                return sharedNamespaceAddress(target, mode.substring("container:".length()), network, labelled, hops);
            }
            if (target.networks().isEmpty()) {
                return "";
            }
            Map.Entry<String, String> first = target.networks().entrySet().iterator().next();
            String shown = first.getValue() + " on " + first.getKey();
            if (missing) {
                missingNetwork(target, network, labelled, shown);
            } else if (target.networks().size() > 1) {
                warn(NETWORK_LABEL, "container " + target.name() + " is on several networks ("
                        + String.join(", ", target.networks().keySet()) + ") and has no " + NETWORK_LABEL + " label:"
                        + " Traefik takes whichever network it meets first, which can change from one update to the"
                        + " next (shown here: " + shown + "); set " + NETWORK_LABEL);
            }
            return first.getValue();
        }

        private void missingNetwork(ContainerInfo target, String network, boolean labelled, String fallback) {
            String suggestion = target.networks().keySet().stream()
                    .filter(n -> n.endsWith("_" + network) || n.endsWith("-" + network))
                    .findFirst()
                    .map(n -> " Did you mean '" + n + "'? Compose prefixes network names with the project name.")
                    .orElse("");
            String what = labelled ? "label " + NETWORK_LABEL + " names network '" + network + "'"
                    : "providers.docker.network names network '" + network + "'";
            warn(labelled ? NETWORK_LABEL : "", "container " + target.name() + ": " + what + ", but the container is"
                    + " only on " + target.networks().keySet() + "; Traefik warns that the project's prefix may be"
                    + " missing and falls back to another network (shown here: " + fallback + ")." + suggestion);
        }

        private String sharedNamespaceAddress(ContainerInfo target, String otherId, String network, boolean labelled,
                                              int hops) {
            if (hops >= MAX_NETWORK_HOPS) {
                warn("", "container " + target.name() + ": network mode container:" + otherId + " leads to a loop of"
                        + " shared network namespaces");
                return "";
            }
            Optional<ContainerInfo> other = lookup.apply(otherId);
            if (other.isEmpty()) {
                warn("", "container " + target.name() + " shares the network namespace of container " + otherId
                        + ", which is not known here, so Traefik's address for it cannot be computed; include that"
                        + " container in the input");
                return "";
            }
            Extra otherExtra;
            try {
                otherExtra = extra(other.get());
            } catch (LabelError e) {
                warn(e.label(), "container " + target.name() + " shares the network namespace of " + other.get().name()
                        + ", whose labels Traefik cannot read: " + e.getMessage());
                return "";
            }
            // Traefik prefers the other container's network (its label or the provider's), then this one's.
            if (!otherExtra.network().isEmpty()) {
                return ipAddress(other.get(), otherExtra.network(), otherExtra.networkLabelled(), hops + 1);
            }
            return ipAddress(other.get(), network, labelled, hops + 1);
        }

        /** The rule parsed as Traefik reads it, or empty (with a warning) when Traefik disables the router. */
        private Optional<Rule> checkRule(RuleKind kind, String router, String rule, String syntaxLabel,
                                         String ruleSource, String syntaxKey) {
            RuleSyntax syntax = settings.ruleSyntax();
            if (!syntaxLabel.isEmpty()) {
                Optional<RuleSyntax> parsed = RuleSyntax.parse(syntaxLabel);
                if (parsed.isEmpty()) {
                    warn(syntaxKey, "container " + c.name() + ": " + syntaxKey + " is '" + syntaxLabel + "', neither v2"
                            + " nor v3; Traefik reads the rule as " + syntax.label() + " (core.defaultRuleSyntax)");
                } else {
                    syntax = parsed.get();
                }
            }
            String source = ruleSource.equals("defaultRule") ? "defaultRule of router " + router : "label " + ruleSource;
            Rule parsedRule;
            try {
                parsedRule = RuleParser.parse(rule, kind, syntax, source);
            } catch (ConfigException e) {
                warn(ruleSource.equals("defaultRule") ? "" : ruleSource, "container " + c.name() + ": " + e.getMessage()
                        + "; Traefik keeps router " + router + " but disables it");
                return Optional.empty();
            }
            if (syntax == RuleSyntax.V3 && V2_TEMPLATE.matcher(rule).find() && rule.contains("Regexp(")) {
                warn(ruleSource.equals("defaultRule") ? "" : ruleSource, "container " + c.name() + ": the rule of router "
                        + router + " uses a Traefik v2 template such as {name:pattern}; Traefik v3 reads it as a regular"
                        + " expression that matches no real hostname: rewrite it as a v3 regexp or set the router's"
                        + " ruleSyntax=v2");
            }
            if (syntax == RuleSyntax.V3) {
                v2Query(parsedRule).ifPresent(q -> warn(ruleSource.equals("defaultRule") ? "" : ruleSource, "container "
                        + c.name() + ": the rule of router " + router + " has " + q + ", the v2 way to match "
                        + q.values().get(0) + "; in v3"
                        + " syntax Query with one value matches a parameter given without a value (as in /search?mobile),"
                        + " here one named '" + q.values().get(0) + "', which no request sends: write Query(`"
                        + q.values().get(0).replaceFirst("=", "`, `") + "`) or set the router's ruleSyntax=v2"));
            }
            return Optional.of(parsedRule);
        }

        /** A v3 {@code Query} with one {@code name=value} value: v2's meaning, which v3 reads differently. */
        private static Optional<Rule.Match> v2Query(Rule rule) {
            if (rule instanceof Rule.And a) {
                return v2Query(a.left()).or(() -> v2Query(a.right()));
            }
            if (rule instanceof Rule.Or o) {
                return v2Query(o.left()).or(() -> v2Query(o.right()));
            }
            if (rule instanceof Rule.Not n) {
                return v2Query(n.operand());
            }
            Rule.Match m = (Rule.Match) rule;
            return m.matcher() == Matcher.QUERY && m.values().size() == 1 && m.values().get(0).indexOf('=') > 0
                    ? Optional.of(m) : Optional.empty();
        }

        private void checkRouterName(String name, String key) {
            if (name.indexOf('@') >= 0) {
                warn(key, "container " + c.name() + ": router name '" + name + "' contains '@', which Traefik reserves"
                        + " for provider suffixes (name@docker)");
            }
        }

        private void warn(String label, String message) {
            String text = message.contains(c.name()) ? message : "container " + c.name() + ": " + message;
            TraefikWarning w = new TraefikWarning(c.name(), label, text);
            // Each service asks for the address again; one warning per problem is enough.
            if (!warnings.contains(w)) {
                warnings.add(w);
            }
        }
    }

    // ---- merge -----------------------------------------------------------------------------

    /** Traefik's provider.Merge: same-named services merge their servers, other duplicates are dropped. */
    private static DynamicConfig merge(Map<String, Partial> partials, List<TraefikWarning> warnings) {
        Map<String, HttpRouter> httpRouters = new LinkedHashMap<>();
        Map<String, HttpService> httpServices = new LinkedHashMap<>();
        Map<String, Map<String, Object>> middlewares = new LinkedHashMap<>();
        Map<String, TcpRouter> tcpRouters = new LinkedHashMap<>();
        Map<String, TcpService> tcpServices = new LinkedHashMap<>();
        Map<String, UdpRouter> udpRouters = new LinkedHashMap<>();
        Map<String, UdpService> udpServices = new LinkedHashMap<>();
        Conflicts conflicts = new Conflicts();
        for (Partial p : partials.values()) {
            p.httpServices.forEach((name, s) -> {
                HttpService prior = httpServices.get(name);
                if (prior == null) {
                    httpServices.put(name, s);
                } else if (prior.mergeableWith(s)) {
                    httpServices.put(name, new HttpService(union(prior.urls(), s.urls()), prior.passHostHeader(),
                            prior.options(), union(prior.containers(), s.containers())));
                } else {
                    conflicts.add("HTTP service", name, prior.containers(), p.container);
                }
            });
            p.httpRouters.forEach((name, r) -> {
                HttpRouter prior = httpRouters.putIfAbsent(name, r);
                if (prior != null && !prior.sameAs(r)) {
                    conflicts.add("HTTP router", name, List.of(prior.container()), p.container);
                }
            });
            p.middlewares.forEach((name, m) -> {
                Map<String, Object> prior = middlewares.putIfAbsent(name, m);
                if (prior != null && !prior.equals(m)) {
                    conflicts.add("HTTP middleware", name, List.of(), p.container);
                }
            });
            p.tcpServices.forEach((name, s) -> {
                TcpService prior = tcpServices.get(name);
                if (prior == null) {
                    tcpServices.put(name, s);
                } else if (prior.mergeableWith(s)) {
                    tcpServices.put(name, new TcpService(union(prior.addresses(), s.addresses()), prior.options(),
                            union(prior.containers(), s.containers())));
                } else {
                    conflicts.add("TCP service", name, prior.containers(), p.container);
                }
            });
            p.tcpRouters.forEach((name, r) -> {
                TcpRouter prior = tcpRouters.putIfAbsent(name, r);
                if (prior != null && !prior.sameAs(r)) {
                    conflicts.add("TCP router", name, List.of(prior.container()), p.container);
                }
            });
            p.udpServices.forEach((name, s) -> {
                UdpService prior = udpServices.get(name);
                udpServices.put(name, prior == null ? s : new UdpService(union(prior.addresses(), s.addresses()),
                        union(prior.containers(), s.containers())));
            });
            p.udpRouters.forEach((name, r) -> {
                UdpRouter prior = udpRouters.putIfAbsent(name, r);
                if (prior != null && !prior.sameAs(r)) {
                    conflicts.add("UDP router", name, List.of(prior.container()), p.container);
                }
            });
        }
        conflicts.apply("HTTP service", httpServices, warnings);
        conflicts.apply("HTTP router", httpRouters, warnings);
        conflicts.apply("HTTP middleware", middlewares, warnings);
        conflicts.apply("TCP service", tcpServices, warnings);
        conflicts.apply("TCP router", tcpRouters, warnings);
        conflicts.apply("UDP router", udpRouters, warnings);
        return new DynamicConfig(httpRouters, httpServices, middlewares, tcpRouters, tcpServices, udpRouters, udpServices);
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** Names defined differently by several containers, which Traefik removes after merging. */
    private static final class Conflicts {
        private final Map<String, Set<String>> containers = new LinkedHashMap<>();

        void add(String kind, String name, List<String> earlier, String later) {
            Set<String> set = containers.computeIfAbsent(kind + "\0" + name, k -> new LinkedHashSet<>());
            set.addAll(earlier);
            set.add(later);
        }

        void apply(String kind, Map<String, ?> defined, List<TraefikWarning> warnings) {
            containers.forEach((key, who) -> {
                String[] parts = key.split("\0", 2);
                if (!parts[0].equals(kind)) {
                    return;
                }
                defined.remove(parts[1]);
                for (String container : who) {
                    warnings.add(new TraefikWarning(container, "", kind + " " + parts[1] + " is defined differently by"
                            + " containers " + String.join(", ", who) + "; Traefik drops it (defined multiple times with"
                            + " different configurations)"));
                }
            });
        }
    }
}
