package io.debugproxy.proxy.doctor;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
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
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.traefik.RuleSyntax;
import io.debugproxy.proxy.discovery.DockerClients;
import io.debugproxy.proxy.discovery.OwnContainer;
import io.debugproxy.proxy.forward.ForwarderLabels;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTableBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * it, then every debug target (or the one asked for). Reads only: it inspects containers, reads
 * their logs and their program's build information, and asks Delve through its API only when
 * Delve accepts several clients.
 */
public final class Doctor {

    /**
     * What the checks need from the proxy's configuration.
     *
     * @param dockerHost       engine address
     * @param preferredNetwork {@code docker.network}
     * @param forwarders       {@code docker.forwarders}
     * @param debugDomain      {@code traefik.domain}
     * @param staticRoutes     {@code routes}, which take their names first
     * @param delveTimeout     how long Delve may take to answer one call
     * @param ruleSyntax       {@code traefik.ruleSyntax}
     */
    public record Settings(String dockerHost, String preferredNetwork, boolean forwarders, String debugDomain,
                           List<StaticRoute> staticRoutes, Duration delveTimeout, RuleSyntax ruleSyntax) {
        public Settings {
            Objects.requireNonNull(dockerHost, "dockerHost");
            preferredNetwork = preferredNetwork == null ? "" : preferredNetwork;
            Objects.requireNonNull(debugDomain, "debugDomain");
            staticRoutes = List.copyOf(staticRoutes);
            Objects.requireNonNull(delveTimeout, "delveTimeout");
            Objects.requireNonNull(ruleSyntax, "ruleSyntax");
        }
    }

    private static final Duration API_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(5);
    private static final int LOG_LINES = 200;

    private final Settings settings;
    private final Consumer<String> progress;

    /** @param progress told what is being checked, when there are several targets (for stderr) */
    public Doctor(Settings settings, Consumer<String> progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs every check, for all debug targets or only the route or container {@code selector} names.
     *
     * @throws IllegalArgumentException when the Docker host is not an address, or {@code selector}
     *                                  names no route and no container
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
            Map<String, InspectContainerResponse> all = inspectRelevant(api, selector);
            Optional<InspectContainerResponse> proxy = proxyContainer(all);
            Set<String> proxyNetworks = proxy.map(p -> networksOf(p, all)).orElse(Set.of());
            checks.add(proxyCheck(proxy.map(p -> name(p.getName())), proxyNetworks, linux));
            DoctorContext ctx = new DoctorContext(proxy.map(p -> name(p.getName())).orElse(null), proxyNetworks,
                    engineNetworks(api), settings.forwarders(), linux);
            ContainerRouteRules rules = new ContainerRouteRules(new DiscoverySettings(settings.preferredNetwork(),
                    proxyNetworks, settings.debugDomain(), settings.forwarders(), settings.ruleSyntax()));
            Map<String, RouteSpec> routes = routesByContainer(all, rules);
            List<InspectContainerResponse> targets = targets(all, proxy, routes, selector);
            int n = 0;
            for (InspectContainerResponse target : targets) {
                n++;
                if (targets.size() > 1) {
                    progress.accept("checking " + name(target.getName()) + " (" + n + "/" + targets.size() + ")");
                }
                checks.addAll(TargetChecks.run(facts(api, target, routes.get(target.getId())), ctx));
            }
            if (targets.isEmpty()) {
                checks.add(Check.skip(Subject.PROXY, "targets", "no container runs dlv and none is labelled "
                        + ContainerRouteRules.ENABLE + "=true"));
            }
        } catch (IOException e) {
            // Closing the client failed; everything was already checked.
        }
        return new DoctorReport(checks);
    }

    /**
     * Inspects the containers that may matter: those whose listed command or labels speak of
     * Delve or debugproxy, the proxy's own, and the one asked for. Inspecting everything would
     * make one stuck container (an engine busy with its health check) stall the whole report.
     */
    private Map<String, InspectContainerResponse> inspectRelevant(DockerClient api, Optional<String> selector) {
        Map<String, InspectContainerResponse> out = new LinkedHashMap<>();
        List<String> own = OwnContainer.candidateIds();
        for (Container c : api.listContainersCmd().withShowAll(true).exec()) {
            if (!relevant(c, own, selector)) {
                continue;
            }
            try {
                out.put(c.getId(), api.inspectContainerCmd(c.getId()).exec());
            } catch (NotFoundException e) {
                // Removed between listing and inspecting.
            }
        }
        return out;
    }

    private static boolean relevant(Container c, List<String> own, Optional<String> selector) {
        String command = String.valueOf(c.getCommand());
        Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
        boolean named = selector.isPresent() && (c.getId().startsWith(selector.get().trim())
                || (c.getNames() != null && Arrays.stream(c.getNames()).anyMatch(n -> name(n).equals(selector.get().trim()))));
        return named || command.contains("dlv") || command.contains("serve")
                || labels.containsKey(ContainerRouteRules.ENABLE) || labels.containsKey(ForwarderLabels.FOR)
                || own.stream().anyMatch(id -> c.getId().startsWith(id));
    }

    /**
     * The container the proxy runs in: this process's own container when doctor runs inside it,
     * else a running container whose command is {@code proxy serve}.
     */
    private static Optional<InspectContainerResponse> proxyContainer(Map<String, InspectContainerResponse> all) {
        for (String candidate : OwnContainer.candidateIds()) {
            for (InspectContainerResponse c : all.values()) {
                if (c.getId().startsWith(candidate)) {
                    return Optional.of(c);
                }
            }
        }
        return all.values().stream().filter(Doctor::running).filter(Doctor::runsProxyServe).findFirst();
    }

    private static boolean runsProxyServe(InspectContainerResponse c) {
        if (isForwarder(c)) {
            return false;
        }
        List<String> cmd = command(c);
        String image = c.getConfig() == null ? "" : String.valueOf(c.getConfig().getImage());
        boolean proxyProgram = image.contains("debugproxy/proxy")
                || cmd.stream().anyMatch(a -> a.endsWith("/proxy") || a.equals("proxy") || a.endsWith("proxy.jar"));
        return proxyProgram && cmd.contains("serve");
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

    private static Check proxyCheck(Optional<String> container, Set<String> networks, boolean linux) {
        if (container.isPresent()) {
            return Check.pass(Subject.PROXY, "proxy.networks", networks.isEmpty()
                    ? "the proxy runs in container " + container.get() + ", on no network of its own (host network?)"
                    : "the proxy runs in container " + container.get() + " on " + new TreeSet<>(networks));
        }
        if (!linux) {
            return Check.warn(Subject.PROXY, "proxy.networks", "no proxy container found, so the proxy runs outside"
                            + " Docker; with Docker Desktop the host cannot reach container IPs",
                    "run the proxy as a container on the services' network (see the compose example)");
        }
        return Check.pass(Subject.PROXY, "proxy.networks", "no proxy container found: the proxy runs on the Docker"
                + " host and dials container IPs directly");
    }

    private static Set<String> engineNetworks(DockerClient api) {
        Set<String> out = new TreeSet<>();
        for (Network n : api.listNetworksCmd().exec()) {
            if (n.getName() != null) {
                out.add(n.getName());
            }
        }
        return out;
    }

    private Map<String, RouteSpec> routesByContainer(Map<String, InspectContainerResponse> all, ContainerRouteRules rules) {
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

    private static List<InspectContainerResponse> targets(Map<String, InspectContainerResponse> all,
                                                          Optional<InspectContainerResponse> proxy,
                                                          Map<String, RouteSpec> routes, Optional<String> selector) {
        List<InspectContainerResponse> candidates = all.values().stream()
                .filter(c -> proxy.isEmpty() || !c.getId().equals(proxy.get().getId()))
                .filter(c -> !isForwarder(c))
                .sorted(java.util.Comparator.comparing(c -> name(c.getName())))
                .toList();
        if (selector.isPresent()) {
            String want = selector.get().trim();
            for (InspectContainerResponse c : candidates) {
                RouteSpec r = routes.get(c.getId());
                if (r != null && r.name().equals(want)) {
                    return List.of(c);
                }
            }
            for (InspectContainerResponse c : candidates) {
                if (name(c.getName()).equals(want) || (want.length() >= 4 && c.getId().startsWith(want))) {
                    return List.of(c);
                }
            }
            List<String> known = candidates.stream().filter(Doctor::isDebugTarget).map(c -> {
                RouteSpec r = routes.get(c.getId());
                return r != null ? r.name() : name(c.getName());
            }).toList();
            throw new IllegalArgumentException("no route and no container is named '" + want + "'"
                    + (known.isEmpty() ? "; no container runs dlv" : "; debug targets: " + String.join(", ", known)));
        }
        return candidates.stream().filter(Doctor::isDebugTarget).toList();
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

    private TargetFacts facts(DockerClient api, InspectContainerResponse c, RouteSpec route) {
        ContainerInfo info = containerInfo(c);
        InspectContainerResponse.ContainerState state = c.getState();
        HostConfig hc = c.getHostConfig();
        ContainerConfig cfg = c.getConfig();
        TargetFacts facts = TargetFacts.running(info)
                .withState(state == null ? "" : stateOf(state), state == null || state.getExitCodeLong() == null
                        ? 0 : state.getExitCodeLong())
                .withSecurity(hc != null && Boolean.TRUE.equals(hc.getPrivileged()),
                        hc == null || hc.getCapAdd() == null ? List.of()
                                : Arrays.stream(hc.getCapAdd()).filter(Objects::nonNull).map(Capability::name).toList(),
                        hc == null || hc.getSecurityOpts() == null ? List.of() : hc.getSecurityOpts())
                .withHosts(hc == null || hc.getExtraHosts() == null ? List.of() : List.of(hc.getExtraHosts()),
                        cfg == null || cfg.getEnv() == null ? List.of() : List.of(cfg.getEnv()))
                .withLog(logTail(api, c.getId()));
        if (route != null) {
            facts = facts.withRoute(route.name(), route.target() == null ? null : route.target().toString(), route.error());
        }
        Optional<DelveInvocation> dlv = DelveCommandLine.parse(info.command());
        if (dlv.isEmpty()) {
            return facts;
        }
        if (facts.isRunning() && dlv.get().servesDebugApi() && dlv.get().acceptMulticlient()
                && !dlv.get().subcommand().equals("dap") && route != null && route.usable()) {
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

    private static String logTail(DockerClient api, String id) {
        StringBuilder sb = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (sb) {
                    sb.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        };
        try {
            api.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(LOG_LINES).exec(callback)
                    .awaitCompletion(LOG_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A container whose log driver keeps nothing readable (none, syslog): no log evidence.
        } finally {
            try {
                callback.close();
            } catch (IOException e) {
                // nothing more to read
            }
        }
        synchronized (sb) {
            return sb.toString();
        }
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

    private static String name(String raw) {
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
