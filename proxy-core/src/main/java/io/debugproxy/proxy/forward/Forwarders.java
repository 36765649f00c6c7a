package io.debugproxy.proxy.forward;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.discovery.DockerClients;
import io.debugproxy.proxy.route.RouteTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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

/**
 * Keeps one forwarder container per target whose Delve listens on loopback: created from the
 * proxy's own image in the target's network namespace ({@code container:<id>}), running
 * {@code proxy forward --listen <container-ip>:<port> --to 127.0.0.1:<port>} as the same user as
 * Delve (Delve's {@code --only-same-user} refuses loopback clients of other users), labelled
 * {@link ForwarderLabels#FOR}{@code =<target id>}. A helper goes when its target stops, every
 * helper goes when the proxy stops, and leftovers of an earlier run are removed at start.
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

    /**
     * @param dockerHost   engine address
     * @param image        image whose entrypoint is the {@code proxy} command line
     * @param readyTimeout how long a new forwarder may take to start listening
     */
    public record Settings(String dockerHost, String image, Duration readyTimeout) {
        public Settings {
            Objects.requireNonNull(dockerHost, "dockerHost");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(readyTimeout, "readyTimeout");
        }
    }

    /** Where a target's forwarder is: starting, listening, or failed with a reason (and when). */
    public record Status(Phase phase, String helper, String detail, long sinceNanos) {
        public enum Phase { STARTING, READY, FAILED }

        Status(Phase phase, String helper, String detail) {
            this(phase, helper, detail, System.nanoTime());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Status other && other.phase == phase && java.util.Objects.equals(other.helper, helper)
                    && java.util.Objects.equals(other.detail, detail);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(phase, helper, detail);
        }
    }

    private record Helper(String containerId, String name, ForwarderSpec spec) {
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
    private volatile boolean closed;

    public Forwarders(Settings settings, Runnable onChange) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.api = DockerClients.create(settings.dockerHost(), API_TIMEOUT);
    }

    /** Removes forwarders an earlier run left behind; returns once done (or once the engine failed). */
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
                case READY -> r.withNote(r.note() + " (forwarder " + st.helper() + ")");
            });
        }
        return RouteTable.of(out);
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
        List<Container> found = api.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ForwarderLabels.FOR)).exec();
        for (Container c : found) {
            removeContainer(c.getId());
            log.info("event=forwarder_leftover_removed id={} target={}", shortId(c.getId()),
                    shortId(c.getLabels() == null ? "" : c.getLabels().getOrDefault(ForwarderLabels.FOR, "")));
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
                create(spec);
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

    private void create(ForwarderSpec spec) {
        setStatus(spec.targetId(), new Status(Status.Phase.STARTING, null, null));
        String name = helperName(spec);
        try {
            InspectContainerResponse target = api.inspectContainerCmd(spec.targetId()).exec();
            String user = delveUser(target);
            removeNamed(name);
            Map<String, String> labels = Map.of(
                    ForwarderLabels.FOR, spec.targetId(),
                    ForwarderLabels.FOR_NAME, spec.targetName(),
                    TARGET_PID, String.valueOf(target.getState().getPidLong()),
                    ContainerRouteRules.ENABLE, "false",
                    "traefik.enable", "false");
            CreateContainerResponse created = api.createContainerCmd(settings.image())
                    .withName(name)
                    .withUser(user)
                    .withCmd(spec.command())
                    .withLabels(labels)
                    // The image's health check asks the admin API of 'proxy serve', which a forwarder has not.
                    .withHealthcheck(new HealthCheck().withTest(List.of("NONE")))
                    .withHostConfig(HostConfig.newHostConfig()
                            .withNetworkMode("container:" + spec.targetId())
                            .withCapDrop(Capability.ALL)
                            .withSecurityOpts(List.of("no-new-privileges"))
                            .withRestartPolicy(RestartPolicy.noRestart()))
                    .exec();
            Helper helper = new Helper(created.getId(), name, spec);
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
        } catch (RuntimeException e) {
            fail(spec, name, "could not start forwarder " + name + " for container " + spec.targetName() + ": " + reason(e));
        }
    }

    private void awaitReady(Helper helper) {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        while (!closed) {
            String logs = logs(helper.containerId());
            if (logs.contains("forwarding")) {
                setStatus(helper.spec().targetId(), new Status(Status.Phase.READY, helper.name(), null));
                log.info("event=forwarder_ready target={} helper={}", helper.spec().targetName(), helper.name());
                return;
            }
            InspectContainerResponse.ContainerState state = api.inspectContainerCmd(helper.containerId()).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
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

    private void removeContainer(String id) {
        try {
            api.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            log.warn("event=forwarder_remove_failed id={} reason=\"{}\"", shortId(id), reason(e));
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
            api.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(50).exec(callback)
                    .awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            return "";
        }
        synchronized (sb) {
            return sb.toString();
        }
    }

    static String helperName(ForwarderSpec spec) {
        String base = spec.targetName().replaceAll("[^a-zA-Z0-9_.-]", "-");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return "debugproxy-fwd-" + base + "-" + spec.targetId().substring(0, Math.min(8, spec.targetId().length()));
    }

    private static String lastLine(String logs) {
        String[] lines = logs.strip().split("\n");
        String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        return last.isEmpty() ? "(no output)" : last.replace('"', '\'');
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
