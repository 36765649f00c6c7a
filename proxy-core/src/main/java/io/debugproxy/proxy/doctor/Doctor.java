package io.debugproxy.proxy.doctor;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Network;
import io.debugproxy.config.StaticRoute;
import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.discovery.DelveCommandLine;
import io.debugproxy.config.discovery.DelveInvocation;
import io.debugproxy.config.discovery.DiscoverySettings;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.traefik.RuleSyntax;
import io.debugproxy.proxy.discovery.ContainerLogs;
import io.debugproxy.proxy.discovery.DockerClients;
import io.debugproxy.proxy.discovery.OwnContainer;
import io.debugproxy.proxy.forward.ForwarderLabels;
import io.debugproxy.proxy.forward.HostGateway;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTableBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@code proxy doctor} against a Docker engine: checks the engine and the proxy's place in
 * it, then every debug target and static route (or the one asked for). The proxy checked is the
 * running one when it answers on its admin API (its live routes and settings), else the
 * configuration as if the proxy ran where doctor runs. Reads only: it inspects containers, reads
 * their logs and their program's build information, and asks Delve through its API only when
 * Delve accepts several clients and the proxy can reach it; a static route's Delve is never contacted.
 */
public final class Doctor {

    /**
     * What the checks need from the proxy's configuration.
     *
     * @param dockerHost       engine address
     * @param preferredNetwork {@code docker.network}
     * @param forwarders       {@code docker.forwarders}
     * @param forwarderImage   {@code docker.forwarderImage}
     * @param debugDomain      {@code traefik.domain}
     * @param staticRoutes     {@code routes}, which take their names first
     * @param delveTimeout     how long Delve may take to answer one call
     * @param ruleSyntax       {@code traefik.ruleSyntax}
     * @param source           where these settings come from, as the report names it ({@code proxy.yaml},
     *                         {@code the default configuration})
     */
    public record Settings(String dockerHost, String preferredNetwork, boolean forwarders, String forwarderImage,
                           String debugDomain, List<StaticRoute> staticRoutes, Duration delveTimeout,
                           RuleSyntax ruleSyntax, String source) {
        public Settings {
            Objects.requireNonNull(dockerHost, "dockerHost");
            preferredNetwork = preferredNetwork == null ? "" : preferredNetwork;
            Objects.requireNonNull(forwarderImage, "forwarderImage");
            Objects.requireNonNull(debugDomain, "debugDomain");
            staticRoutes = List.copyOf(staticRoutes);
            Objects.requireNonNull(delveTimeout, "delveTimeout");
            Objects.requireNonNull(ruleSyntax, "ruleSyntax");
            Objects.requireNonNull(source, "source");
        }
    }

    private static final Duration API_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(5);
    private static final int LOG_LINES = 200;
    /** How long before a container exited a stop or kill request counts as the reason (docker stop's grace and more). */
    private static final Duration STOP_WINDOW = Duration.ofMinutes(2);

    /**
     * Where the proxy runs, as the checks assume it.
     *
     * @param name      name of the proxy's container, or null when it runs on the Docker host
     * @param container that container as inspected, or null (on the host, or when it could not be inspected)
     * @param networks  that container's networks
     * @param said      the sentence of the proxy.networks check
     */
    private record Place(String name, InspectContainerResponse container, Set<String> networks, String said) {
    }

    private final Settings settings;
    private final RunningProxy.Lookup running;
    private final Consumer<String> progress;

    /**
     * @param running  the proxy that answered on the admin address, or why none did
     * @param progress told what is being checked, when there are several targets (for stderr)
     */
    public Doctor(Settings settings, RunningProxy.Lookup running, Consumer<String> progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.running = Objects.requireNonNull(running, "running");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs every check, for all debug targets and static routes, or only the route or container
     * {@code selector} names.
     *
     * @throws IllegalArgumentException when the Docker host is not an address, or {@code selector}
     *                                  names no route and no container, or a container that is no
     *                                  target (the proxy itself, a forwarder)
     */
    public DoctorReport run(Optional<String> selector) {
        List<Check> checks = new ArrayList<>();
        try (DockerClient api = DockerClients.create(settings.dockerHost(), API_TIMEOUT)) {
            Info info;
            try {
                info = api.infoCmd().exec();
            } catch (RuntimeException e) {
                checks.add(Check.fail(Subject.DOCKER, "docker.reachable", "cannot reach the Docker engine at "
                                + settings.dockerHost() + ": " + reason(e),
                        "start Docker, point --docker-host (or DOCKER_HOST, docker.host) at it, and make sure this user"
                                + " may use its socket (group docker, or mount /var/run/docker.sock into the proxy's container)"));
                return new DoctorReport(checks);
            }
            checks.add(Check.pass(Subject.DOCKER, "docker.reachable", "Docker " + info.getServerVersion() + " answers at "
                    + settings.dockerHost()));
            boolean linux = "linux".equalsIgnoreCase(info.getOsType())
                    && !String.valueOf(info.getOperatingSystem()).contains("Docker Desktop");
            Optional<RunningProxy> live = running.proxy();
            checks.add(sourceCheck(live));
            Map<String, InspectContainerResponse> all = inspectRelevant(api, selector);
            Optional<InspectContainerResponse> own = ownContainer(all);
            Place place = place(api, all, own, live);
            checks.add(placeCheck(place, linux));
            boolean forwarders = live.flatMap(RunningProxy::self).map(RunningProxy.Self::forwarders)
                    .orElse(settings.forwarders());
            String image = live.flatMap(RunningProxy::self).map(RunningProxy.Self::forwarderImage)
                    .filter(i -> !i.isBlank()).orElse(settings.forwarderImage());
            String forwarderProblem = null;
            if (forwarders) {
                Check imageCheck = forwarderImage(api, image);
                checks.add(imageCheck);
                if (imageCheck.verdict() == Verdict.FAIL) {
                    forwarderProblem = "the forwarder image " + image + " is not on this engine";
                }
            }
            List<Network> networks = api.listNetworksCmd().exec();
            DoctorContext ctx = new DoctorContext(place.name(), place.networks(), networkNames(networks), forwarders,
                    linux, settings.preferredNetwork(), live.map(RunningProxy::admin).orElse(null), forwarderProblem);
            // Names resolve, and the gateway is the proxy's, only where the proxy runs.
            boolean doctorAtProxy = place.name() == null ? own.isEmpty()
                    : own.isPresent() && place.container() != null && own.get().getId().equals(place.container().getId());
            Map<String, RouteSpec> routes = live.isPresent() ? liveRoutesByContainer(all, live.get())
                    : routesByContainer(all, ctx);
            List<StaticFacts> statics = staticFacts(live, place, doctorAtProxy, networks);
            Selection chosen = select(all, place, routes, statics, selector);
            int total = chosen.containers().size() + chosen.statics().size();
            int n = 0;
            for (InspectContainerResponse target : chosen.containers()) {
                n++;
                if (total > 1) {
                    progress.accept("checking " + name(target.getName()) + " (" + n + "/" + total + ")");
                }
                checks.addAll(TargetChecks.run(facts(api, target, routes.get(target.getId()), ctx), ctx));
            }
            for (StaticFacts f : chosen.statics()) {
                n++;
                if (total > 1) {
                    progress.accept("checking static route " + f.name() + " (" + n + "/" + total + ")");
                }
                checks.addAll(StaticChecks.run(f, ctx));
            }
            if (total == 0) {
                checks.add(Check.skip(Subject.PROXY, "targets", "no container runs dlv, none is labelled "
                        + ContainerRouteRules.ENABLE + "=true, and there is no static route"));
            }
        } catch (IOException e) {
            // Closing the client failed; everything was already checked.
        }
        return new DoctorReport(checks);
    }

    /** Which proxy the checks are about: the running one, or a configuration. */
    private Check sourceCheck(Optional<RunningProxy> live) {
        if (live.isPresent()) {
            String settingsText = live.get().self().map(self -> "; forwarders " + (self.forwarders()
                    ? "on (image " + self.forwarderImage() + ")" : "off")).orElse("");
            return Check.pass(Subject.PROXY, "proxy.source", "checked against the running proxy at " + running.admin()
                    + ": its live routes and settings" + settingsText);
        }
        return Check.skip(Subject.PROXY, "proxy.source", "no running proxy answers at " + running.admin() + " ("
                + running.whyNot() + "): checked against " + settings.source()
                + "; --admin HOST:PORT checks a running proxy");
    }

    /**
     * Where the proxy runs: as the running proxy says, else where doctor itself runs (its own
     * container, or the Docker host). Never some other container that happens to run a proxy.
     */
    private Place place(DockerClient api, Map<String, InspectContainerResponse> all,
                        Optional<InspectContainerResponse> own, Optional<RunningProxy> live) {
        Optional<RunningProxy.Self> self = live.flatMap(RunningProxy::self).filter(RunningProxy.Self::placeKnown);
        if (self.isPresent()) {
            if (self.get().container() == null) {
                return new Place(null, null, Set.of(), "the running proxy runs on the Docker host, not in a container");
            }
            String name = self.get().container();
            InspectContainerResponse c = all.values().stream().filter(i -> name(i.getName()).equals(name)).findFirst()
                    .orElseGet(() -> inspect(api, name).orElse(null));
            Set<String> networks = self.get().networks();
            return new Place(name, c, networks, "the running proxy runs in container " + name + " on "
                    + describe(networks));
        }
        if (own.isPresent()) {
            Set<String> networks = networksOf(own.get(), all);
            return new Place(name(own.get().getName()), own.get(), networks, "doctor runs in container "
                    + name(own.get().getName()) + " on "
                    + describe(networks) + ", and checks the proxy as if it ran there");
        }
        return new Place(null, null, Set.of(), "doctor runs on the Docker host and checks the proxy as if it ran there"
                + (live.isPresent() ? "" : " (for a proxy in a container, run doctor in that container)"));
    }

    private static String describe(Set<String> networks) {
        return networks.isEmpty() ? "no network of its own (host network?)" : new TreeSet<>(networks).toString();
    }

    private static Check placeCheck(Place place, boolean linux) {
        if (place.name() == null && !linux) {
            return Check.warn(Subject.PROXY, "proxy.networks", place.said() + "; with Docker Desktop the host cannot"
                    + " reach container IPs", "run the proxy as a container on the services' network (see the compose example)");
        }
        return Check.pass(Subject.PROXY, "proxy.networks", place.name() == null
                ? place.said() + ": it dials container IPs directly" : place.said());
    }

    private static Check forwarderImage(DockerClient api, String image) {
        try {
            api.inspectImageCmd(image).exec();
            return Check.pass(Subject.PROXY, "proxy.forwarder-image", "docker.forwarders is on and the forwarder image "
                    + image + " is on this engine");
        } catch (NotFoundException e) {
            return Check.fail(Subject.PROXY, "proxy.forwarder-image", "docker.forwarders is on, but the forwarder image "
                            + image + " is not on this engine, so the proxy cannot make forwarders for loopback-bound Delve",
                    "build it with dist/image/build-image.sh " + image + " (or set docker.forwarderImage to the proxy's"
                            + " own image)");
        } catch (RuntimeException e) {
            return Check.warn(Subject.PROXY, "proxy.forwarder-image", "could not look up the forwarder image " + image
                    + ": " + reason(e), null);
        }
    }

    /**
     * Inspects the containers that may matter: those whose listed command or labels speak of
     * Delve or debugproxy, doctor's own, and the one asked for. Inspecting everything would
     * make one stuck container (an engine busy with its health check) stall the whole report.
     */
    private Map<String, InspectContainerResponse> inspectRelevant(DockerClient api, Optional<String> selector) {
        Map<String, InspectContainerResponse> out = new LinkedHashMap<>();
        List<String> own = OwnContainer.candidateIds();
        for (Container c : api.listContainersCmd().withShowAll(true).exec()) {
            if (!relevant(c, own, selector)) {
                continue;
            }
            inspect(api, c.getId()).ifPresent(i -> out.put(i.getId(), i));
        }
        return out;
    }

    private static Optional<InspectContainerResponse> inspect(DockerClient api, String idOrName) {
        try {
            return Optional.of(api.inspectContainerCmd(idOrName).exec());
        } catch (NotFoundException e) {
            return Optional.empty(); // removed between listing and inspecting
        }
    }

    private static boolean relevant(Container c, List<String> own, Optional<String> selector) {
        String command = String.valueOf(c.getCommand());
        Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
        boolean named = selector.isPresent() && (c.getId().startsWith(selector.get().trim())
                || (c.getNames() != null && Arrays.stream(c.getNames()).anyMatch(n -> name(n).equals(selector.get().trim()))));
        return named || command.contains("dlv")
                || labels.containsKey(ContainerRouteRules.ENABLE) || labels.containsKey(ForwarderLabels.FOR)
                || own.stream().anyMatch(id -> c.getId().startsWith(id));
    }

    /** The container doctor itself runs in, when the engine confirms one. */
    private static Optional<InspectContainerResponse> ownContainer(Map<String, InspectContainerResponse> all) {
        for (String candidate : OwnContainer.candidateIds()) {
            for (InspectContainerResponse c : all.values()) {
                if (c.getId().startsWith(candidate)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    private static Set<String> networksOf(InspectContainerResponse c, Map<String, InspectContainerResponse> all) {
        String mode = c.getHostConfig() == null ? "" : String.valueOf(c.getHostConfig().getNetworkMode());
        if (mode.startsWith("container:")) {
            String ref = mode.substring("container:".length());
            return all.values().stream()
                    .filter(o -> name(o.getName()).equals(ref) || o.getId().startsWith(ref))
                    .findFirst().map(o -> containerInfo(o).networks().keySet()).orElse(Set.of());
        }
        return containerInfo(c).networks().keySet();
    }

    private static Set<String> networkNames(List<Network> networks) {
        Set<String> out = new TreeSet<>();
        for (Network n : networks) {
            if (n.getName() != null) {
                out.add(n.getName());
            }
        }
        return out;
    }

    /** The routes this configuration makes of the running containers, as the proxy would where it runs. */
    private Map<String, RouteSpec> routesByContainer(Map<String, InspectContainerResponse> all, DoctorContext ctx) {
        ContainerRouteRules rules = new ContainerRouteRules(new DiscoverySettings(settings.preferredNetwork(),
                ctx.proxyNetworks(), settings.debugDomain(), ctx.forwarders(), settings.ruleSyntax()));
        List<ContainerInfo> running = all.values().stream().filter(Doctor::running).map(Doctor::containerInfo).toList();
        RouteTable table = new RouteTableBuilder(settings.staticRoutes(), settings.debugDomain()).build(running, rules);
        Map<String, RouteSpec> out = new HashMap<>();
        for (RouteSpec r : table.routes()) {
            if (r.containerId() != null) {
                out.put(r.containerId(), r);
            }
        }
        return out;
    }

    /** The running proxy's routes of the inspected containers, by container id. */
    private static Map<String, RouteSpec> liveRoutesByContainer(Map<String, InspectContainerResponse> all,
                                                                RunningProxy live) {
        Map<String, RouteSpec> out = new HashMap<>();
        for (InspectContainerResponse c : all.values()) {
            String name = name(c.getName());
            live.routeOfContainer(name).ifPresent(r -> {
                RouteSpec spec = r.usable() && r.target() != null
                        ? RouteSpec.ok(r.name(), name, c.getId(), HostPort.parse(r.target()), List.of(), null, List.of())
                        .withNote(r.note())
                        : RouteSpec.failed(r.name(), name, c.getId(), r.error() == null ? "in error" : r.error());
                out.put(c.getId(), spec);
            });
        }
        return out;
    }

    /**
     * The static routes to check: the running proxy's (with what the configuration says of them),
     * else the configuration's, dialed as the proxy would from its place.
     */
    private List<StaticFacts> staticFacts(Optional<RunningProxy> live, Place place, boolean doctorAtProxy,
                                          List<Network> networks) {
        Map<String, StaticRoute> configured = new LinkedHashMap<>();
        settings.staticRoutes().forEach(r -> configured.put(r.name(), r));
        List<String> extraHosts = place.container() == null || place.container().getHostConfig() == null
                || place.container().getHostConfig().getExtraHosts() == null
                ? List.of() : List.of(place.container().getHostConfig().getExtraHosts());
        List<StaticFacts> out = new ArrayList<>();
        if (live.isPresent()) {
            for (RunningProxy.LiveRoute r : live.get().staticRoutes()) {
                StaticRoute conf = configured.get(r.name());
                HostPort dialed = r.target() == null ? null : HostPort.parse(r.target());
                HostPort address = dialed != null ? dialed : conf == null ? null : conf.delve();
                out.add(new StaticFacts(r.name(), conf == null ? null : conf.delve(), dialed, r.note(), r.error(),
                        r.tls(), resolveIf(doctorAtProxy, address), networkOf(address, networks), extraHosts));
            }
            return out;
        }
        RouteTable table = RouteTable.of(settings.staticRoutes().stream()
                .map(r -> r.toRouteSpec(settings.debugDomain())).toList());
        Optional<String> gateway = place.name() != null && doctorAtProxy ? HostGateway.defaultGateway()
                : Optional.empty();
        if (gateway.isPresent()) {
            // As the proxy does in a container: its own loopback is not the developer's machine.
            table = HostGateway.rewriteStaticLoopback(table, gateway.get());
        }
        for (RouteSpec r : table.routes()) {
            StaticRoute conf = configured.get(r.name());
            out.add(new StaticFacts(r.name(), conf.delve(), r.target(), r.note(), null, r.upstream().tls(),
                    resolveIf(doctorAtProxy, r.target()), networkOf(r.target(), networks), extraHosts));
        }
        return out;
    }

    /** What {@code address}'s host name resolves to here, when here is where the proxy runs. */
    private static Optional<List<String>> resolveIf(boolean doctorAtProxy, HostPort address) {
        if (!doctorAtProxy || address == null || address.isLoopback() || address.host().matches("[0-9.]+")
                || address.host().contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Arrays.stream(InetAddress.getAllByName(address.host()))
                    .map(InetAddress::getHostAddress).distinct().toList());
        } catch (UnknownHostException e) {
            return Optional.of(List.of());
        }
    }

    /** The Docker network whose IPv4 subnet holds {@code address}'s IP, or null. */
    static String networkOf(HostPort address, List<Network> networks) {
        if (address == null) {
            return null;
        }
        for (Network n : networks) {
            if (n.getIpam() == null || n.getIpam().getConfig() == null) {
                continue;
            }
            for (Network.Ipam.Config c : n.getIpam().getConfig()) {
                if (c != null && c.getSubnet() != null && Ipv4Subnet.contains(c.getSubnet(), address.host())) {
                    return n.getName();
                }
            }
        }
        return null;
    }

    /** What doctor was asked about: containers and static routes. */
    private record Selection(List<InspectContainerResponse> containers, List<StaticFacts> statics) {
    }

    private static Selection select(Map<String, InspectContainerResponse> all, Place place,
                                    Map<String, RouteSpec> routes, List<StaticFacts> statics, Optional<String> selector) {
        String proxyId = place.container() == null ? null : place.container().getId();
        List<InspectContainerResponse> candidates = all.values().stream()
                .sorted(Comparator.comparing(c -> name(c.getName())))
                .toList();
        if (selector.isEmpty()) {
            return new Selection(candidates.stream()
                    .filter(c -> !c.getId().equals(proxyId) && !isForwarder(c))
                    .filter(Doctor::isDebugTarget).toList(), statics);
        }
        String want = selector.get().trim();
        for (InspectContainerResponse c : candidates) {
            RouteSpec r = routes.get(c.getId());
            if (r != null && r.name().equals(want) && !isForwarder(c)) {
                return new Selection(List.of(c), List.of());
            }
        }
        for (StaticFacts f : statics) {
            if (f.name().equals(want)) {
                return new Selection(List.of(), List.of(f));
            }
        }
        for (InspectContainerResponse c : candidates) {
            if (name(c.getName()).equals(want) || (want.length() >= 4 && c.getId().startsWith(want))) {
                if (c.getId().equals(proxyId)) {
                    throw new IllegalArgumentException("container " + name(c.getName()) + " is where the proxy runs,"
                            + " not a debug target; name a debug target, or run proxy doctor without a name");
                }
                if (isForwarder(c)) {
                    String forName = c.getConfig().getLabels().getOrDefault(ForwarderLabels.FOR_NAME, "?");
                    throw new IllegalArgumentException("container " + name(c.getName()) + " is a forwarder the proxy"
                            + " made for container " + forName + ", not a debug target; check that one: proxy doctor "
                            + forName);
                }
                return new Selection(List.of(c), List.of());
            }
        }
        List<String> known = new ArrayList<>();
        candidates.stream().filter(c -> !c.getId().equals(proxyId) && !isForwarder(c)).filter(Doctor::isDebugTarget)
                .forEach(c -> {
                    RouteSpec r = routes.get(c.getId());
                    known.add(r != null ? r.name() : name(c.getName()));
                });
        statics.forEach(f -> known.add(f.name()));
        throw new IllegalArgumentException("no route and no container is named '" + want + "'"
                + (known.isEmpty() ? "; no container runs dlv and there is no static route"
                : "; debug targets and static routes: " + String.join(", ", known)));
    }

    private static boolean isDebugTarget(InspectContainerResponse c) {
        ContainerInfo info = containerInfo(c);
        String enable = info.label(ContainerRouteRules.ENABLE);
        if (enable != null) {
            // Go's strconv.ParseBool, as Traefik and discovery read booleans.
            return Set.of("1", "t", "T", "TRUE", "true", "True").contains(enable.trim());
        }
        return DelveCommandLine.parse(info.command()).isPresent();
    }

    private static boolean isForwarder(InspectContainerResponse c) {
        return c.getConfig() != null && c.getConfig().getLabels() != null
                && c.getConfig().getLabels().containsKey(ForwarderLabels.FOR);
    }

    private TargetFacts facts(DockerClient api, InspectContainerResponse c, RouteSpec route, DoctorContext ctx) {
        ContainerInfo info = containerInfo(c);
        InspectContainerResponse.ContainerState state = c.getState();
        HostConfig hc = c.getHostConfig();
        ContainerConfig cfg = c.getConfig();
        TargetFacts facts = TargetFacts.running(info)
                .withState(state == null ? "" : stateOf(state), state == null || state.getExitCodeLong() == null
                        ? 0 : state.getExitCodeLong(), state != null && Boolean.TRUE.equals(state.getOOMKilled()))
                .withSecurity(hc != null && Boolean.TRUE.equals(hc.getPrivileged()),
                        hc == null || hc.getCapAdd() == null ? List.of()
                                : Arrays.stream(hc.getCapAdd()).filter(Objects::nonNull).map(Capability::name).toList(),
                        hc == null || hc.getSecurityOpts() == null ? List.of() : hc.getSecurityOpts())
                .withHosts(hc == null || hc.getExtraHosts() == null ? List.of() : List.of(hc.getExtraHosts()),
                        cfg == null || cfg.getEnv() == null ? List.of() : List.of(cfg.getEnv()))
                .withLog(ContainerLogs.tail(api, c.getId(), LOG_LINES, LOG_TIMEOUT).text());
        if (!facts.isRunning() && !facts.state().equals("created")) {
            facts = facts.withStopAsked(stopAsked(api, c));
        }
        if (route != null) {
            facts = facts.withRoute(route.name(), route.target() == null ? null : route.target().toString(), route.error(),
                    route.note());
        }
        Optional<DelveInvocation> dlv = DelveCommandLine.parse(info.command());
        if (dlv.isEmpty()) {
            return facts;
        }
        if (facts.isRunning() && dlv.get().servesDebugApi() && dlv.get().acceptMulticlient()
                && !dlv.get().subcommand().equals("dap") && route != null && route.usable()
                && reachableFromProxy(facts, dlv.get(), ctx)) {
            String address = route.target().toString();
            try (DelveRpc rpc = DelveRpc.connect(route.target().host(), route.target().port(), settings.delveTimeout())) {
                facts = facts.withDelve(Optional.of(rpc.facts(address)), null);
            } catch (IOException e) {
                facts = facts.withDelve(Optional.empty(), reason(e));
            }
        }
        boolean delveToldAll = facts.delve().map(d -> d.targetGo().isPresent() && d.mainOptimized().isPresent())
                .orElse(false);
        if (!delveToldAll && dlv.get().subcommand().equals("exec") && !dlv.get().program().isEmpty()) {
            facts = facts.withBinary(buildInfo(api, c, dlv.get().program()));
        }
        return facts;
    }

    private static String stateOf(InspectContainerResponse.ContainerState state) {
        if (Boolean.TRUE.equals(state.getRestarting())) {
            return "restarting";
        }
        if (Boolean.TRUE.equals(state.getPaused())) {
            return "paused";
        }
        if (Boolean.TRUE.equals(state.getRunning())) {
            return "running";
        }
        return state.getStatus() == null ? "exited" : state.getStatus();
    }

    /**
     * Whether the engine was asked to stop or kill the container (docker stop, docker kill, compose
     * down) shortly before it exited: its recent events say so. The exit code alone cannot tell, since
     * Delve may exit with any code on SIGTERM.
     */
    private static boolean stopAsked(DockerClient api, InspectContainerResponse c) {
        Instant end;
        try {
            end = Instant.parse(c.getState().getFinishedAt());
        } catch (RuntimeException e) {
            return false;
        }
        if (end.getEpochSecond() <= 0) {
            return false;
        }
        StopEvents events = new StopEvents();
        try {
            api.eventsCmd().withContainerFilter(c.getId()).withEventFilter("kill", "stop")
                    .withSince(String.valueOf(end.getEpochSecond() - STOP_WINDOW.toSeconds()))
                    .withUntil(String.valueOf(end.getEpochSecond() + 2))
                    .exec(events).awaitCompletion(LOG_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            return false;
        } finally {
            try {
                events.close();
            } catch (IOException e) {
                // nothing more to read
            }
        }
        return events.seen;
    }

    /** Notes whether any event came; a failed stream only means "no evidence" (docker-java would log it). */
    private static final class StopEvents extends ResultCallback.Adapter<Event> {
        private volatile boolean seen;

        @Override
        public void onNext(Event event) {
            seen = true;
        }

        @Override
        public void onError(Throwable throwable) {
            try {
                close();
            } catch (IOException e) {
                // the stream failed already
            }
        }
    }

    /** Delve is asked only when the proxy itself could reach it; else the answer would mislead. */
    private static boolean reachableFromProxy(TargetFacts facts, DelveInvocation dlv, DoctorContext ctx) {
        Subject s = Subject.target(facts.container().name(), facts.route());
        return TargetChecks.listen(s, facts, dlv, ctx).verdict() != Verdict.FAIL
                && TargetChecks.network(s, facts, ctx).verdict() != Verdict.FAIL;
    }

    /** The program's Go build information, copied out of the container (running or not). */
    private static Optional<GoBuildInfo> buildInfo(DockerClient api, InspectContainerResponse c, String program) {
        String path = program;
        if (!path.startsWith("/")) {
            String wd = c.getConfig() == null || c.getConfig().getWorkingDir() == null
                    || c.getConfig().getWorkingDir().isEmpty() ? "/" : c.getConfig().getWorkingDir();
            path = (wd.endsWith("/") ? wd : wd + "/") + path;
        }
        try (InputStream tar = api.copyArchiveFromContainerCmd(c.getId(), path).exec()) {
            return GoBuildInfo.scan(tar);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean running(InspectContainerResponse c) {
        return c.getState() != null && Boolean.TRUE.equals(c.getState().getRunning())
                && !Boolean.TRUE.equals(c.getState().getRestarting());
    }

    /** The container as discovery's rules see it, whatever its state. */
    static ContainerInfo containerInfo(InspectContainerResponse c) {
        ContainerConfig config = c.getConfig();
        Map<String, String> labels = new LinkedHashMap<>();
        if (config != null && config.getLabels() != null) {
            config.getLabels().forEach((k, v) -> {
                if (k != null && v != null) {
                    labels.put(k, v);
                }
            });
        }
        Map<String, String> networks = new TreeMap<>();
        if (c.getNetworkSettings() != null && c.getNetworkSettings().getNetworks() != null) {
            for (Map.Entry<String, ContainerNetwork> e : c.getNetworkSettings().getNetworks().entrySet()) {
                String ip = e.getValue() == null ? null : e.getValue().getIpAddress();
                if (e.getKey() != null && ip != null && !ip.isEmpty()) {
                    networks.put(e.getKey(), ip);
                }
            }
        }
        List<Integer> ports = new ArrayList<>();
        if (config != null && config.getExposedPorts() != null) {
            for (ExposedPort p : config.getExposedPorts()) {
                if (p != null && p.getProtocol() == InternetProtocol.TCP && !ports.contains(p.getPort())) {
                    ports.add(p.getPort());
                }
            }
        }
        return new ContainerInfo(c.getId(), name(c.getName()), labels, command(c), networks,
                c.getHostConfig() == null ? "" : c.getHostConfig().getNetworkMode(), ports);
    }

    private static List<String> command(InspectContainerResponse c) {
        List<String> out = new ArrayList<>();
        if (c.getPath() != null && !c.getPath().isEmpty()) {
            out.add(c.getPath());
        }
        if (c.getArgs() != null) {
            Arrays.stream(c.getArgs()).filter(Objects::nonNull).forEach(out::add);
        }
        return out;
    }

    static String name(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.startsWith("/") ? raw.substring(1) : raw;
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return m == null ? root.getClass().getSimpleName() : m.replace('\n', ' ').strip();
    }
}
