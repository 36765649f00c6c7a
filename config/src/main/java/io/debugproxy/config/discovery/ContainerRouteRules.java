package io.debugproxy.config.discovery;

import io.debugproxy.config.ConfigException;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.Hostnames;
import io.debugproxy.config.route.RouteNames;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.route.Upstream;
import io.debugproxy.config.traefik.DockerProvider;
import io.debugproxy.config.traefik.DockerProviderSettings;
import io.debugproxy.config.traefik.RuleHostnames;
import io.debugproxy.config.traefik.RuleKind;
import io.debugproxy.config.traefik.ServedRouter;
import io.debugproxy.config.traefik.TraefikWarning;

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
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The discovery rules: from one container's labels and command line to the debug route it
 * defines, if any. A bad label never throws: it gives a route in error whose reason names
 * the container and the label, so one broken container cannot stop discovery.
 *
 * <p>A route answers to the hostnames of {@code debugproxy.hosts} and to those that the labelled
 * rules of the container's routers name ({@code Host} of HTTP routers, {@code HostSNI} of TCP
 * routers), but only of routers Traefik serves: what Traefik's Docker provider builds from all
 * the containers together ({@link DockerProvider}) decides, so a router Traefik drops or disables,
 * or a container it skips, gives no hostname.
 */
public final class ContainerRouteRules {

    public static final String ENABLE = "debugproxy.enable";
    public static final String ROUTE = "debugproxy.route";
    public static final String DELVE_PORT = "debugproxy.delve.port";
    public static final String HOSTS = "debugproxy.hosts";
    public static final String CLIENTS = "debugproxy.clients";
    /** {@code true}: the target speaks TLS (e.g. a debugproxy sidecar) and is dialed with mutual TLS. */
    public static final String UPSTREAM_TLS = "debugproxy.upstream.tls";
    /** With {@link #UPSTREAM_TLS}: the name sent as SNI and verified, as {@code upstream.serverName} of a static route. */
    public static final String UPSTREAM_SERVER_NAME = "debugproxy.upstream.servername";
    /** Every label discovery reads from a target; any other {@code debugproxy.*} label is warned about. */
    public static final List<String> LABELS = List.of(ENABLE, ROUTE, DELVE_PORT, HOSTS, CLIENTS, UPSTREAM_TLS,
            UPSTREAM_SERVER_NAME);
    public static final String COMPOSE_SERVICE = "com.docker.compose.service";
    public static final String COMPOSE_PROJECT = "com.docker.compose.project";
    /** Delve's conventional port, used when neither a label nor {@code --listen} gives one. */
    public static final int DEFAULT_DELVE_PORT = 2345;

    /** {@code container:<id>} chains longer than this are a loop, not a setup (Traefik's limit too). */
    private static final int MAX_NAMESPACE_HOPS = 8;
    private static final String NETWORK_LABEL = "traefik.docker.network";
    private static final Set<String> SERVER_SUBCOMMANDS = Set.of("attach", "core", "debug", "exec", "replay", "test");
    private static final Pattern CLIENT_NAME = Pattern.compile("\\S+");

    private final DiscoverySettings settings;
    /** Traefik's view of the containers when the caller built it, else null: built from the containers given. */
    private final DockerProvider.Result traefik;

    public ContainerRouteRules(DiscoverySettings settings) {
        this(settings, null);
    }

    private ContainerRouteRules(DiscoverySettings settings, DockerProvider.Result traefik) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.traefik = traefik;
    }

    /**
     * These rules with Traefik's view of the containers already built, e.g. with the provider settings
     * of a known Traefik, instead of building it from the containers given to {@link #applyAll}.
     */
    public ContainerRouteRules withTraefik(DockerProvider.Result view) {
        return new ContainerRouteRules(settings, Objects.requireNonNull(view, "view"));
    }

    /**
     * The routes {@code containers} define, in container-name order. Traefik's view is built once
     * over all of them, since whether Traefik serves a router can depend on other containers (one
     * defining the same router differently makes Traefik drop it).
     *
     * @param lookup finds a running container by id, id prefix or name, for {@code container:<id>} network modes
     */
    public List<DiscoveredRoute> applyAll(Collection<ContainerInfo> containers,
                                          Function<String, Optional<ContainerInfo>> lookup) {
        DockerProvider.Result view = traefik != null ? traefik : traefikView(containers, lookup);
        return containers.stream()
                .sorted(Comparator.comparing(ContainerInfo::name))
                .map(c -> apply(c, lookup, view))
                .flatMap(Optional::stream)
                .toList();
    }

    /** What Traefik builds from {@code containers}, with Traefik's defaults and the configured rule syntax. */
    private DockerProvider.Result traefikView(Collection<ContainerInfo> containers,
                                              Function<String, Optional<ContainerInfo>> lookup) {
        DockerProviderSettings provider = DockerProviderSettings.defaults().withRuleSyntax(settings.ruleSyntax());
        return new DockerProvider(provider).build(containers, lookup);
    }

    /**
     * The route {@code container} defines, or empty when it is not a debug target. A container in
     * network mode {@code container:<id>} gives a route in error here, since the other container is
     * unknown; {@link #apply(ContainerInfo, Function)} resolves it.
     */
    public Optional<DiscoveredRoute> apply(ContainerInfo container) {
        return apply(container, ref -> Optional.empty());
    }

    /**
     * The route {@code container} defines, or empty when it is not a debug target.
     *
     * @param lookup finds a running container by id, id prefix or name: a container in network mode
     *               {@code container:<id>} has no address of its own and is dialed at that container's
     */
    public Optional<DiscoveredRoute> apply(ContainerInfo container, Function<String, Optional<ContainerInfo>> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        return apply(container, lookup, traefik != null ? traefik : traefikView(List.of(container), lookup));
    }

    private Optional<DiscoveredRoute> apply(ContainerInfo container, Function<String, Optional<ContainerInfo>> lookup,
                                            DockerProvider.Result view) {
        Optional<DelveInvocation> dlv = DelveCommandLine.parse(container.command());
        String enable = container.label(ENABLE);
        if (enable != null) {
            Optional<Boolean> on = GoBool.parse(enable);
            if (on.isEmpty()) {
                return Optional.of(failed(container, "label " + ENABLE + " on container " + container.name() + " is '"
                        + enable + "'; use true or false", otherWarnings(container, view)));
            }
            if (!on.get()) {
                return Optional.empty();
            }
        } else if (!dlv.map(DelveInvocation::servesDebugApi).orElse(false)) {
            return Optional.empty();
        }
        try {
            return Optional.of(discovered(container, route(container, dlv, lookup, view)));
        } catch (ConfigException e) {
            // A typo can be the very cause of the error (a misspelt port label), so it is kept here too.
            return Optional.of(failed(container, e.getMessage(), otherWarnings(container, view)));
        }
    }

    private static List<String> unknownLabels(ContainerInfo c) {
        return UnknownLabels.of(c).stream().map(TraefikWarning::message).toList();
    }

    /** The warnings of a route in error: Traefik's about the container, then unknown debugproxy labels. */
    private static List<String> otherWarnings(ContainerInfo c, DockerProvider.Result view) {
        List<String> out = new ArrayList<>(traefikWarnings(c, view, false));
        out.addAll(unknownLabels(c));
        return out;
    }

    /**
     * What Traefik would log about the container ({@link DockerProvider}), for a container meant for
     * Traefik: one with a {@code traefik.*} label other than {@code traefik.docker.network}, which
     * discovery reads for itself. Without one, Traefik is none of its owner's business (and with
     * {@code exposedByDefault=false}, as is common, Traefik ignores it). When discovery has already
     * warned about {@code traefik.docker.network}, saying what it dials instead, Traefik's warning
     * about the same label would only repeat it.
     */
    private static List<String> traefikWarnings(ContainerInfo c, DockerProvider.Result view, boolean networkWarned) {
        boolean forTraefik = c.labels().keySet().stream()
                .anyMatch(k -> k.regionMatches(true, 0, "traefik.", 0, "traefik.".length())
                        && !k.equalsIgnoreCase(NETWORK_LABEL));
        if (!forTraefik) {
            return List.of();
        }
        return view.warnings().stream()
                .filter(w -> w.container().equals(c.name()))
                .filter(w -> !(networkWarned && w.label().equals(NETWORK_LABEL)))
                .map(TraefikWarning::message)
                .distinct()
                .toList();
    }

    private RouteSpec route(ContainerInfo c, Optional<DelveInvocation> dlv,
                            Function<String, Optional<ContainerInfo>> lookup, DockerProvider.Result view) {
        requireNamingLabel(c);
        Integer labelPort = labelPort(c);
        Set<String> hosts = new LinkedHashSet<>(hostsLabel(c));
        List<String> clients = clientsLabel(c);
        int port = delvePort(c, dlv, labelPort);
        Reach reach = reach(c, lookup);
        String ip = reach.ip();
        List<String> warnings = new ArrayList<>(reach.warnings());
        warnings.addAll(traefikWarnings(c, view, !reach.warnings().isEmpty()));
        // The service's own names: the proxy answers to them too, but they stay out of Traefik's file.
        List<String> appHosts = new ArrayList<>();
        for (ServedRouter router : view.servedBy(c.name())) {
            routerHosts(c, router, hosts, appHosts, warnings);
        }
        HostPort http = httpBackend(c, new TraefikLabels(c.labels()), ip, port);
        warnings.addAll(unknownLabels(c));
        return RouteSpec.ok(c.name(), c.name(), c.id(), new HostPort(ip, port), List.copyOf(hosts), http, clients)
                .withUpstream(upstreamLabels(c))
                .withAppHosts(appHosts)
                .withNote(forwarded(dlv) ? forwarderNote(dlv.get()) : reach.note())
                .withWarnings(warnings);
    }

    /**
     * Adds the exact hostnames of a served router's labelled rule to {@code hosts}, and to
     * {@code appHosts} those that were not there already; a rule that also reaches hostnames no list
     * can hold (a regexp, a negation, no Host at all) gets a warning saying which part. The default
     * rule names no hostname the user chose, so it adds none.
     */
    private static void routerHosts(ContainerInfo c, ServedRouter router, Set<String> hosts, List<String> appHosts,
                                    List<String> warnings) {
        if (!router.labelledRule()) {
            return;
        }
        RuleHostnames names = RuleHostnames.of(router.rule());
        names.hosts().stream().filter(hosts::add).forEach(appHosts::add);
        boolean catchAll = router.kind() == RuleKind.TCP && names.hosts().isEmpty()
                && names.unmapped().stream().allMatch(r -> r.endsWith(" matches every server name"));
        if (names.exact() || catchAll) {
            return;
        }
        String found = names.hosts().isEmpty() ? "no exact hostname" : "only " + String.join(", ", names.hosts());
        warnings.add("container " + c.name() + ": " + (router.kind() == RuleKind.TCP ? "TCP router " : "router ")
                + router.name() + " (label " + router.ruleSource() + ") answers to hostnames debugproxy cannot list,"
                + " so its debug route gets " + found + ": " + String.join("; ", names.unmapped()));
    }

    /** True when Delve listens on loopback only and a forwarder container makes it reachable. */
    private boolean forwarded(Optional<DelveInvocation> dlv) {
        return settings.forwarders() && dlv.isPresent() && dlv.get().servesDebugApi()
                && dlv.get().listensOnLoopbackOnly() && dlv.get().listen().port() != 0;
    }

    /** Text of {@link RouteSpec#note()} for a route dialed through a forwarder. */
    public static String forwarderNote(DelveInvocation dlv) {
        return "via forwarder: dlv listens on " + dlv.listen() + " inside the container";
    }

    private static Upstream upstreamLabels(ContainerInfo c) {
        String rawTls = c.label(UPSTREAM_TLS);
        boolean tls = rawTls != null && GoBool.parse(rawTls).orElseThrow(() -> new ConfigException("label "
                + UPSTREAM_TLS + " on container " + c.name() + " is '" + rawTls + "'; use true or false"));
        String rawName = c.label(UPSTREAM_SERVER_NAME);
        if (rawName == null) {
            return tls ? Upstream.mutualTls() : Upstream.PLAIN;
        }
        // Refused rather than ignored, as in the config file: a name that is never verified gives false confidence.
        if (!tls) {
            throw new ConfigException("label " + UPSTREAM_SERVER_NAME + " on container " + c.name() + " only applies to"
                    + " a TLS upstream, but label " + UPSTREAM_TLS + " is " + (rawTls == null ? "absent" : "'" + rawTls + "'")
                    + ": set " + UPSTREAM_TLS + "=true or remove " + UPSTREAM_SERVER_NAME);
        }
        try {
            return Upstream.mutualTls(Hostnames.normalize(rawName));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("label " + UPSTREAM_SERVER_NAME + " on container " + c.name() + ": "
                    + e.getMessage());
        }
    }

    /** An explicit name is normalised later; only one with nothing usable in it is an error. */
    private static void requireNamingLabel(ContainerInfo c) {
        String raw = c.label(ROUTE);
        if (raw != null && !raw.isBlank() && RouteNames.sanitize(raw).isEmpty()) {
            throw new ConfigException("label " + ROUTE + " on container " + c.name() + " is '" + raw
                    + "', which has no letters or digits to name a route");
        }
    }

    private static Integer labelPort(ContainerInfo c) {
        String raw = c.label(DELVE_PORT);
        if (raw == null) {
            return null;
        }
        try {
            int port = Integer.parseInt(raw.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below together with the out-of-range case.
        }
        throw new ConfigException("label " + DELVE_PORT + " on container " + c.name() + " is '" + raw
                + "', not a port number 1-65535");
    }

    private static List<String> hostsLabel(ContainerInfo c) {
        List<String> out = new ArrayList<>();
        for (String item : commaList(c.label(HOSTS))) {
            try {
                String host = Hostnames.normalize(item);
                if (!out.contains(host)) {
                    out.add(host);
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException("label " + HOSTS + " on container " + c.name() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> clientsLabel(ContainerInfo c) {
        List<String> out = new ArrayList<>();
        for (String item : commaList(c.label(CLIENTS))) {
            if (!CLIENT_NAME.matcher(item).matches()) {
                throw new ConfigException("label " + CLIENTS + " on container " + c.name() + " has '" + item
                        + "', which is not a client certificate name (names are separated by commas)");
            }
            if (!out.contains(item)) {
                out.add(item);
            }
        }
        return out;
    }

    private static List<String> commaList(String raw) {
        if (raw == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Where Delve listens, refusing what cannot be dialed from outside the container. A loopback
     * address only exists inside the container's network namespace: dialing 127.0.0.1 from the
     * proxy would reach the proxy itself, never the target.
     */
    private int delvePort(ContainerInfo c, Optional<DelveInvocation> dlv, Integer labelPort) {
        if (dlv.isEmpty()) {
            return labelPort != null ? labelPort : DEFAULT_DELVE_PORT;
        }
        DelveInvocation d = dlv.get();
        HostPort listen = d.listen();
        int suggested = labelPort != null ? labelPort
                : listen != null && listen.port() != 0 ? listen.port() : DEFAULT_DELVE_PORT;
        String fix = "start dlv with --listen=:" + suggested;
        if (!d.servesDebugApi()) {
            if (SERVER_SUBCOMMANDS.contains(d.subcommand())) {
                throw new ConfigException("container " + c.name() + " runs 'dlv " + d.subcommand() + "' without --headless,"
                        + " so Delve opens no port for debuggers (label " + ENABLE + " is true): add --headless and --listen=:"
                        + suggested);
            }
            throw new ConfigException("container " + c.name() + " runs 'dlv " + d.subcommand() + "', which is not a debug"
                    + " server, yet label " + ENABLE + " is true: run 'dlv exec --headless --listen=:" + suggested
                    + " ...' or remove the label");
        }
        if (listen == null) {
            throw new ConfigException("dlv listens on '" + d.listenArgument() + "' inside container " + c.name()
                    + ", which is not a TCP address the proxy can dial: " + fix);
        }
        if (d.listensOnLoopbackOnly()) {
            if (settings.forwarders() && listen.port() != 0) {
                // A forwarder in the container's namespace listens on its IPs at Delve's port.
                return listen.port();
            }
            String shown = d.listenGiven() ? listen.toString() : listen + " (Delve's default when --listen is absent)";
            String forwarder = listen.port() != 0 && !settings.forwarders()
                    ? ", or set docker.forwarders: true so that the proxy forwards it" : "";
            throw new ConfigException("dlv listens on " + shown + " inside container " + c.name()
                    + "; only processes in that container can reach it: " + fix + forwarder);
        }
        if (labelPort != null) {
            return labelPort;
        }
        if (listen.port() == 0) {
            throw new ConfigException("dlv listens on a random port (--listen=" + d.listenArgument() + ") inside container "
                    + c.name() + ", so the proxy cannot know it: start dlv with --listen=:" + DEFAULT_DELVE_PORT
                    + " or set label " + DELVE_PORT);
        }
        return listen.port();
    }

    /**
     * Where a container is dialed.
     *
     * @param ip       its IPv4 address
     * @param note     how that address was found when it is not the container's own, or null
     * @param warnings what the container's owner should fix even though the address was found
     */
    private record Reach(String ip, String note, List<String> warnings) {
    }

    /**
     * The container IP to dial: on {@code traefik.docker.network}, else on the preferred network,
     * else on a network shared with the proxy, else on the first network. A container sharing the
     * network namespace of another ({@code container:<id>}) is dialed at that one's IP, with that
     * one's {@code traefik.docker.network} first, as Traefik does.
     */
    private Reach reach(ContainerInfo c, Function<String, Optional<ContainerInfo>> lookup) {
        ContainerInfo owner = c;
        Optional<String> network = new TraefikLabels(c.labels()).network();
        for (int hops = 0; owner.networkMode().startsWith("container:"); hops++) {
            String mode = owner.networkMode();
            String ref = mode.substring("container:".length());
            if (hops == MAX_NAMESPACE_HOPS) {
                throw new ConfigException("container " + c.name() + " has network mode '" + c.networkMode()
                        + "', which leads to a loop of shared network namespaces: give one of them a network");
            }
            Optional<ContainerInfo> next = ref.isEmpty() ? Optional.empty() : lookup.apply(ref);
            if (next.isEmpty() && settings.offline()) {
                throw new ConfigException("container " + owner.name() + " shares the network namespace of container "
                        + ref + " (network mode '" + mode + "'), which is not in the given input, so its address"
                        + " cannot be known here: inspect both containers together (docker inspect " + owner.name()
                        + " " + ref + ")");
            }
            if (next.isEmpty()) {
                throw new ConfigException("container " + owner.name() + " shares the network namespace of container "
                        + ref + " (network mode '" + mode + "'), which is not running, so it has no address:"
                        + " start that container, or put the debugproxy labels on it");
            }
            owner = next.get();
            Optional<String> ownerNetwork = new TraefikLabels(owner.labels()).network();
            if (ownerNetwork.isPresent()) {
                network = ownerNetwork;
            }
        }
        String via = owner == c ? "" : " (whose network namespace container " + c.name() + " shares)";
        String mode = owner.networkMode();
        if (mode.equals("host")) {
            throw new ConfigException("container " + owner.name() + via + " uses network mode 'host', so it has no IP"
                    + " of its own to dial: attach it to a Docker network shared with debugproxy");
        }
        if (mode.equals("none")) {
            throw new ConfigException("container " + owner.name() + via + " has networking disabled (network mode"
                    + " 'none'): attach it to a Docker network shared with debugproxy");
        }
        Map<String, String> ips = new LinkedHashMap<>();
        owner.networks().forEach((name, ip) -> {
            if (ip != null && !ip.isBlank()) {
                ips.put(name, ip.trim());
            }
        });
        if (ips.isEmpty()) {
            throw new ConfigException("container " + owner.name() + via + " has no IP address on any Docker network:"
                    + " attach it to a network shared with debugproxy");
        }
        requireSharedNetwork(owner, via, ips.keySet());
        List<String> warnings = new ArrayList<>();
        String ip = pickIp(ips, network);
        if (network.isPresent() && !ips.containsKey(network.get())) {
            String chosen = ips.entrySet().stream().filter(e -> e.getValue().equals(ip)).findFirst()
                    .map(Map.Entry::getKey).orElse("?");
            warnings.add(missingNetworkWarning(owner, via, network.get(), ips.keySet(), chosen));
        }
        String note = owner == c ? null : "in the network namespace of container " + owner.name();
        return new Reach(ip, note, warnings);
    }

    /**
     * A proxy in a container reaches only the networks it is on: a target on none of them gets an
     * error route instead of an address that would time out (and, on a shared engine, another
     * stack's containers do not look debuggable). On the host, or in the host's network, every
     * container IP is reachable.
     */
    private void requireSharedNetwork(ContainerInfo owner, String via, Set<String> networks) {
        Set<String> proxyNetworks = settings.proxyNetworks();
        if (proxyNetworks.isEmpty() || proxyNetworks.contains("host")
                || networks.stream().anyMatch(proxyNetworks::contains)) {
            return;
        }
        String network = networks.iterator().next();
        throw new ConfigException("container " + owner.name() + via + " is on " + new TreeSet<>(networks)
                + " and the proxy's container on " + new TreeSet<>(proxyNetworks) + ": they share no network, so the"
                + " proxy cannot reach it; connect one to the other's network (docker network connect " + network
                + " <proxy container>), or run the proxy on the Docker host");
    }

    private String pickIp(Map<String, String> ips, Optional<String> traefikNetwork) {
        if (traefikNetwork.isPresent() && ips.containsKey(traefikNetwork.get())) {
            return ips.get(traefikNetwork.get());
        }
        if (!settings.preferredNetwork().isEmpty() && ips.containsKey(settings.preferredNetwork())) {
            return ips.get(settings.preferredNetwork());
        }
        for (Map.Entry<String, String> e : ips.entrySet()) {
            if (settings.proxyNetworks().contains(e.getKey())) {
                return e.getValue();
            }
        }
        return ips.values().iterator().next();
    }

    /** Traefik logs "Could not find network named ... Maybe you're missing the project's prefix in the label?". */
    private static String missingNetworkWarning(ContainerInfo owner, String via, String network, Set<String> networks,
                                                String chosen) {
        String suggestion = networks.stream()
                .filter(n -> n.endsWith("_" + network) || n.endsWith("-" + network))
                .findFirst()
                .map(n -> "; did you mean '" + n + "'? Compose prefixes network names with the project name")
                .orElse("; the compose project prefix may be missing");
        return "label traefik.docker.network names network '" + network + "', but container " + owner.name() + via
                + " is only on " + networks + ": dialing its address on " + chosen + " instead" + suggestion;
    }

    /**
     * The HTTP backend: the Traefik service port, else the only exposed port. Delve's own port
     * never counts, since sending HTTP to Delve only breaks the debug session.
     */
    private static HostPort httpBackend(ContainerInfo c, TraefikLabels traefik, String ip, int delvePort) {
        if (!traefik.disabled()) {
            for (int port : traefik.servicePorts()) {
                if (port != delvePort) {
                    return new HostPort(ip, port);
                }
            }
        }
        List<Integer> exposed = c.exposedPorts().stream().filter(p -> p != delvePort).toList();
        return exposed.size() == 1 ? new HostPort(ip, exposed.get(0)) : null;
    }

    private static DiscoveredRoute discovered(ContainerInfo c, RouteSpec draft) {
        String explicit = c.label(ROUTE);
        return new DiscoveredRoute(draft, c.label(COMPOSE_SERVICE), c.label(COMPOSE_PROJECT),
                explicit == null ? "" : explicit);
    }

    private static DiscoveredRoute failed(ContainerInfo c, String reason, List<String> warnings) {
        return discovered(c, RouteSpec.failed(c.name(), c.name(), c.id(), reason).withWarnings(warnings));
    }
}
