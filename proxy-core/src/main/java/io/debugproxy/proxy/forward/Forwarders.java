package io.debugproxy.proxy.forward;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.discovery.ContainerLogs;
import io.debugproxy.proxy.discovery.DockerClients;
import io.debugproxy.proxy.discovery.LogFields;
import io.debugproxy.proxy.discovery.OwnContainer;
import io.debugproxy.proxy.route.RouteTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps one forwarder container per target whose Delve listens on loopback: created from the
 * proxy's own image in the target's network namespace ({@code container:<id>}), running
 * {@code proxy forward --listen <container-ip>:<port> --to 127.0.0.1:<port>} as the same user as
 * Delve (Delve's {@code --only-same-user} refuses loopback clients of other users), labelled
 * {@link ForwarderLabels#FOR}{@code =<target id>} and with this proxy's {@link ForwarderInstance}.
 * A helper goes when its target stops, every helper goes when the proxy stops, and leftovers of an
 * earlier run of the same proxy are removed at start; helpers of other proxies on the engine are
 * left alone. When another proxy's helper already holds Delve's port on the target's IPs, the
 * helper listens on a port the kernel picks, and the route dials that port.
 *
 * <p>All Docker calls happen on one thread of its own; {@link #update} returns at once and
 * {@code onChange} is called whenever a forwarder becomes ready or fails, so that the owner
 * rebuilds its route table through {@link #adjust}.
 */
public final class Forwarders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Forwarders.class);

    /** Helper label: Delve's pid when the helper was made; another pid means the target restarted. */
    static final String TARGET_PID = "debugproxy.forwarder.target-pid";
    private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    /** A failed forwarder is tried again after this long (image built meanwhile, engine back...). */
    private static final Duration RETRY = Duration.ofSeconds(30);
    private static final int LOG_LINES = 50;
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(5);
    /** What {@code proxy forward} prints once listening: {@code forwarding [ip:port, ...] to host:port}. */
    private static final Pattern READY_LINE = Pattern.compile("(?m)^forwarding \\[([^\\]]*)]");
    private static final String ADDRESS_IN_USE = "Address already in use";

    /**
     * @param dockerHost   engine address
     * @param image        image whose entrypoint is the {@code proxy} command line
     * @param readyTimeout how long a new forwarder may take to start listening
     * @param stateDir     the proxy's state directory: with the host name, it tells this proxy's
     *                     helpers from those of other proxies on the engine (outside a container)
     */
    public record Settings(String dockerHost, String image, Duration readyTimeout, Path stateDir) {
        public Settings {
            Objects.requireNonNull(dockerHost, "dockerHost");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(readyTimeout, "readyTimeout");
            Objects.requireNonNull(stateDir, "stateDir");
        }
    }

    /**
     * Where a target's forwarder is: starting, listening (on {@code listening}), or failed with a
     * reason (and when).
     */
    public record Status(Phase phase, String helper, String detail, List<HostPort> listening, long sinceNanos) {
        public enum Phase { STARTING, READY, FAILED }

        public Status {
            listening = listening == null ? List.of() : List.copyOf(listening);
        }

        Status(Phase phase, String helper, String detail) {
            this(phase, helper, detail, List.of(), System.nanoTime());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Status other && other.phase == phase && Objects.equals(other.helper, helper)
                    && Objects.equals(other.detail, detail) && other.listening.equals(listening);
        }

        @Override
        public int hashCode() {
            return Objects.hash(phase, helper, detail, listening);
        }
    }

    /** @param anyPort the helper listens on ports the kernel picked, because Delve's port was taken */
    private record Helper(String containerId, String name, ForwarderSpec spec, boolean anyPort) {
    }

    private final Settings settings;
    private final Runnable onChange;
    private final DockerClient api;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "debugproxy-forwarders");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private final AtomicReference<Map<String, ForwarderSpec>> wanted = new AtomicReference<>(Map.of());
    // Only touched by the worker thread.
    private final Map<String, Helper> helpers = new HashMap<>();
    private ForwarderInstance instance;
    private volatile boolean closed;

    public Forwarders(Settings settings, Runnable onChange) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.api = DockerClients.create(settings.dockerHost(), API_TIMEOUT);
    }

    /**
     * Removes forwarders an earlier run of this proxy left behind, and those whose target is gone;
     * returns once done (or once the engine failed).
     */
    public void start() {
        try {
            worker.submit(this::removeLeftovers).get(API_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("event=forwarder_cleanup_failed reason=\"{}\"", reason(e));
        }
    }

    /** Makes the set of forwarders follow the running {@code containers}; returns at once. */
    public void update(Collection<ContainerInfo> containers, ContainerRouteRules rules) {
        Map<String, ForwarderSpec> next = new HashMap<>();
        for (ContainerInfo c : containers) {
            ForwarderSpec.of(c, rules).ifPresent(spec -> next.put(c.id(), spec));
        }
        wanted.set(Map.copyOf(next));
        statuses.keySet().retainAll(next.keySet());
        if (!closed) {
            worker.execute(this::reconcile);
        }
    }

    /** The status of the forwarder of the target container {@code containerId}, if it needs one. */
    public Optional<Status> status(String containerId) {
        return Optional.ofNullable(statuses.get(containerId));
    }

    /**
     * The table with each forwarded route's state folded in: a failed forwarder makes its route an
     * error route with the reason; a starting or ready one is named in the route's note.
     */
    public RouteTable adjust(RouteTable table) {
        Map<String, ForwarderSpec> specs = wanted.get();
        List<RouteSpec> out = new ArrayList<>();
        for (RouteSpec r : table.routes()) {
            if (r.containerId() == null || !r.usable() || !specs.containsKey(r.containerId())) {
                out.add(r);
                continue;
            }
            Status st = statuses.getOrDefault(r.containerId(), new Status(Status.Phase.STARTING, null, null));
            out.add(switch (st.phase()) {
                case FAILED -> RouteSpec.failed(r.name(), r.container(), r.containerId(), st.detail());
                case STARTING -> r.withNote(r.note() + " (forwarder starting)");
                case READY -> ready(r, st);
            });
        }
        return RouteTable.of(out);
    }

    /** The route dialing the port its helper listens on, which differs from Delve's when that was taken. */
    private static RouteSpec ready(RouteSpec r, Status st) {
        String note = r.note() + " (forwarder " + st.helper() + ")";
        for (HostPort l : st.listening()) {
            if (l.host().equals(r.target().host()) && l.port() != r.target().port()) {
                return r.withTarget(l, note + "; port " + r.target().port() + " of the container is another"
                        + " proxy's forwarder's, so this one listens on " + l.port());
            }
        }
        return r.withNote(note);
    }

    /** Removes every forwarder this proxy made and stops; the forwarded routes end with it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            worker.submit(() -> List.copyOf(helpers.values()).forEach(this::remove))
                    .get(API_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("event=forwarder_close_failed reason=\"{}\"", reason(e));
        }
        worker.shutdownNow();
        try {
            api.close();
        } catch (IOException e) {
            log.debug("event=docker_client_close_failed reason=\"{}\"", reason(e));
        }
    }

    private void removeLeftovers() {
        ForwarderInstance me = instance();
        List<Container> found = api.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ForwarderLabels.FOR)).exec();
        for (Container c : found) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            String target = shortId(labels.getOrDefault(ForwarderLabels.FOR, ""));
            Optional<String> why = me.leftoverReason(labels, this::exists);
            if (why.isEmpty()) {
                log.info("event=forwarder_of_other_proxy_kept id={} target={} instance={}", shortId(c.getId()), target,
                        labels.getOrDefault(ForwarderLabels.INSTANCE, "unknown"));
                continue;
            }
            if (removeContainer(c.getId())) {
                log.info("event=forwarder_leftover_removed id={} target={} reason=\"{}\"", shortId(c.getId()), target,
                        why.get());
            }
        }
    }

    /**
     * This proxy's instance: its own container's id when the engine confirms one, else its host
     * name and state directory. Resolved on first use, when the engine answers.
     */
    private ForwarderInstance instance() {
        if (instance == null) {
            Optional<String> own = Optional.empty();
            for (String candidate : OwnContainer.candidateIds()) {
                try {
                    String id = api.inspectContainerCmd(candidate).exec().getId();
                    if (id.startsWith(candidate)) {
                        own = Optional.of(id);
                        break;
                    }
                } catch (NotFoundException e) {
                    // not a container of this engine
                }
            }
            instance = ForwarderInstance.of(own, hostName(), settings.stateDir());
            log.info("event=forwarder_instance id={} from=\"{}\"", instance.id(), instance.description());
        }
        return instance;
    }

    private boolean exists(String containerId) {
        try {
            api.inspectContainerCmd(containerId).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }

    private void reconcile() {
        if (closed) {
            return;
        }
        Map<String, ForwarderSpec> want = wanted.get();
        for (Helper h : List.copyOf(helpers.values())) {
            ForwarderSpec spec = want.get(h.spec().targetId());
            if (spec == null || !spec.equals(h.spec()) || !stillServes(h)) {
                remove(h);
            }
        }
        for (ForwarderSpec spec : want.values()) {
            if (!helpers.containsKey(spec.targetId()) && !closed) {
                Status previous = statuses.get(spec.targetId());
                if (previous != null && previous.phase() == Status.Phase.FAILED
                        && System.nanoTime() - previous.sinceNanos() < RETRY.toNanos()) {
                    continue; // failed a moment ago; a retry is scheduled
                }
                create(spec, false);
            }
        }
    }

    /** A helper serves while it runs and its target is the process it was made for. */
    private boolean stillServes(Helper h) {
        try {
            InspectContainerResponse helper = api.inspectContainerCmd(h.containerId()).exec();
            InspectContainerResponse target = api.inspectContainerCmd(h.spec().targetId()).exec();
            String pid = helper.getConfig().getLabels() == null ? null : helper.getConfig().getLabels().get(TARGET_PID);
            return Boolean.TRUE.equals(helper.getState().getRunning())
                    && String.valueOf(target.getState().getPidLong()).equals(pid);
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** @param anyPort listen on ports the kernel picks (Delve's port on the container's IPs is taken) */
    private void create(ForwarderSpec spec, boolean anyPort) {
        setStatus(spec.targetId(), new Status(Status.Phase.STARTING, null, null));
        ForwarderInstance me = instance();
        String name = helperName(spec, me);
        try {
            InspectContainerResponse target = api.inspectContainerCmd(spec.targetId()).exec();
            String user = delveUser(target);
            removeNamed(name);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(ForwarderLabels.FOR, spec.targetId());
            labels.put(ForwarderLabels.FOR_NAME, spec.targetName());
            labels.putAll(me.labels());
            labels.put(TARGET_PID, String.valueOf(target.getState().getPidLong()));
            labels.put(ContainerRouteRules.ENABLE, "false");
            labels.put("traefik.enable", "false");
            CreateContainerResponse created = api.createContainerCmd(settings.image())
                    .withName(name)
                    .withUser(user)
                    .withCmd(spec.command(anyPort))
                    .withLabels(labels)
                    // The image's health check asks the admin API of 'proxy serve', which a forwarder has not.
                    .withHealthcheck(new HealthCheck().withTest(List.of("NONE")))
                    .withHostConfig(HostConfig.newHostConfig()
                            .withNetworkMode("container:" + spec.targetId())
                            // It writes nothing: no file system, no privilege.
                            .withReadonlyRootfs(true)
                            .withCapDrop(Capability.ALL)
                            .withSecurityOpts(List.of("no-new-privileges"))
                            .withRestartPolicy(RestartPolicy.noRestart()))
                    .exec();
            Helper helper = new Helper(created.getId(), name, spec, anyPort);
            helpers.put(spec.targetId(), helper);
            api.startContainerCmd(created.getId()).exec();
            log.info("event=forwarder_started target={} helper={} user={} listen={} to={}", spec.targetName(), name,
                    user.isEmpty() ? "root" : user, spec.listen(), spec.to());
            awaitReady(helper);
        } catch (NotFoundException e) {
            fail(spec, name, e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("image")
                    ? "forwarder image " + settings.image() + " is not on this engine: build it with"
                    + " dist/image/build-image.sh, or set docker.forwarderImage"
                    : "target container " + spec.targetName() + " went away while its forwarder was being made");
        } catch (ConflictException e) {
            fail(spec, name, "could not make forwarder " + name + " for container " + spec.targetName()
                    + ", the engine refused: " + LogFields.reason(e));
        } catch (RuntimeException e) {
            fail(spec, name, "could not start forwarder " + name + " for container " + spec.targetName() + ": " + reason(e));
        }
    }

    private void awaitReady(Helper helper) {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        while (!closed) {
            String logs = logs(helper.containerId());
            Optional<List<HostPort>> listening = listening(logs);
            if (listening.isPresent()) {
                setStatus(helper.spec().targetId(), new Status(Status.Phase.READY, helper.name(), null,
                        listening.get(), System.nanoTime()));
                log.info("event=forwarder_ready target={} helper={} listen={}", helper.spec().targetName(),
                        helper.name(), listening.get());
                return;
            }
            InspectContainerResponse.ContainerState state = api.inspectContainerCmd(helper.containerId()).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                if (!helper.anyPort() && logs.contains(ADDRESS_IN_USE)) {
                    // Another proxy's forwarder (or the program itself) holds Delve's port on the container's IPs.
                    log.info("event=forwarder_port_taken target={} helper={} port={}", helper.spec().targetName(),
                            helper.name(), helper.spec().to().port());
                    remove(helper);
                    create(helper.spec(), true);
                    return;
                }
                fail(helper.spec(), helper.name(), "forwarder " + helper.name() + " for container "
                        + helper.spec().targetName() + " exited with code " + state.getExitCodeLong() + ": "
                        + lastLine(logs));
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(helper.spec(), helper.name(), "forwarder " + helper.name() + " for container "
                        + helper.spec().targetName() + " did not start listening within "
                        + settings.readyTimeout().toSeconds() + " s: " + lastLine(logs));
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void fail(ForwarderSpec spec, String name, String reason) {
        log.warn("event=forwarder_failed target={} helper={} reason=\"{}\"", spec.targetName(), name, reason);
        Helper h = helpers.get(spec.targetId());
        if (h != null) {
            remove(h);
        }
        setStatus(spec.targetId(), new Status(Status.Phase.FAILED, name, reason));
        if (!closed) {
            worker.schedule(this::reconcile, RETRY.toMillis() + 100, TimeUnit.MILLISECONDS);
        }
    }

    private void remove(Helper h) {
        helpers.remove(h.spec().targetId());
        removeContainer(h.containerId());
        log.info("event=forwarder_removed target={} helper={}", h.spec().targetName(), h.name());
    }

    private void removeNamed(String name) {
        try {
            removeContainer(api.inspectContainerCmd(name).exec().getId());
        } catch (NotFoundException e) {
            // no leftover of that name
        }
    }

    /** Removes the container; true when this call removed it. */
    private boolean removeContainer(String id) {
        try {
            api.removeContainerCmd(id).withForce(true).exec();
            return true;
        } catch (NotFoundException e) {
            return false; // already gone
        } catch (ConflictException e) {
            // Typically "removal already in progress": someone else is removing it.
            log.info("event=forwarder_remove_conflict id={} reason=\"{}\"", shortId(id), quote(LogFields.reason(e)));
            return false;
        } catch (RuntimeException e) {
            log.warn("event=forwarder_remove_failed id={} reason=\"{}\"", shortId(id), reason(e));
            return false;
        }
    }

    private void setStatus(String targetId, Status status) {
        if (!wanted.get().containsKey(targetId)) {
            return;
        }
        Status previous = statuses.put(targetId, status);
        if (!status.equals(previous)) {
            onChange.run();
        }
    }

    /**
     * The user Delve runs as, as a numeric uid when the engine can list the container's
     * processes, else the container's configured user; "0" stands for root, since the
     * proxy's image has a non-root default user of its own.
     */
    private String delveUser(InspectContainerResponse target) {
        try {
            TopContainerResponse top = api.topContainerCmd(target.getId()).withPsArgs("-o pid,uid,args").exec();
            String[] titles = top.getTitles();
            int uid = -1;
            int args = -1;
            for (int i = 0; titles != null && i < titles.length; i++) {
                if (titles[i].equalsIgnoreCase("UID")) {
                    uid = i;
                } else if (titles[i].equalsIgnoreCase("COMMAND") || titles[i].equalsIgnoreCase("ARGS")) {
                    args = i;
                }
            }
            if (uid >= 0 && args >= 0 && top.getProcesses() != null) {
                for (String[] p : top.getProcesses()) {
                    String cmd = p[args];
                    String program = cmd.split("\\s+")[0];
                    if (program.equals("dlv") || program.endsWith("/dlv")) {
                        return p[uid].trim();
                    }
                }
            }
        } catch (RuntimeException e) {
            log.debug("event=forwarder_top_failed target={} reason=\"{}\"", shortId(target.getId()), reason(e));
        }
        String configured = target.getConfig() == null ? null : target.getConfig().getUser();
        return configured == null || configured.isBlank() ? "0" : configured;
    }

    private String logs(String id) {
        ContainerLogs.Tail tail = ContainerLogs.tail(api, id, LOG_LINES, LOG_TIMEOUT);
        tail.failure().ifPresent(why -> log.debug("event=forwarder_logs_unreadable id={} reason=\"{}\"", shortId(id),
                quote(why)));
        return tail.text();
    }

    /** The addresses {@code proxy forward} said it listens on, once it said so. */
    static Optional<List<HostPort>> listening(String logs) {
        Matcher m = READY_LINE.matcher(logs);
        if (!m.find()) {
            return Optional.empty();
        }
        List<HostPort> out = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            if (!part.isBlank()) {
                try {
                    out.add(HostPort.parse(part.strip()));
                } catch (IllegalArgumentException e) {
                    // an address this version cannot read: the route keeps Delve's port
                }
            }
        }
        return Optional.of(List.copyOf(out));
    }

    /** {@code debugproxy-fwd-<target name>-<target id>-<instance>}: unique per target and proxy. */
    static String helperName(ForwarderSpec spec, ForwarderInstance instance) {
        String base = spec.targetName().replaceAll("[^a-zA-Z0-9_.-]", "-");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return "debugproxy-fwd-" + base + "-" + spec.targetId().substring(0, Math.min(8, spec.targetId().length()))
                + "-" + instance.id().substring(0, Math.min(8, instance.id().length()));
    }

    private static String lastLine(String logs) {
        String[] lines = logs.strip().split("\n");
        String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        return last.isEmpty() ? "(no output)" : last.replace('"', '\'');
    }

    private static String quote(String text) {
        return text.replace('"', '\'');
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return (m == null ? root.getClass().getSimpleName() : m.strip()).replace('"', '\'').replace('\n', ' ');
    }
}
