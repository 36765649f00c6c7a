package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.EventsCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.EventType;
import io.debugproxy.config.discovery.ContainerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.debugproxy.proxy.discovery.LogFields.list;
import static io.debugproxy.proxy.discovery.LogFields.quoted;
import static io.debugproxy.proxy.discovery.LogFields.reason;
import static io.debugproxy.proxy.discovery.LogFields.shortId;

/**
 * Keeps an inventory of the running containers of one Docker engine and publishes it as a new
 * {@link ContainerSnapshot} after every change.
 *
 * <p>On connect it lists and inspects every running container, then follows the engine's event
 * stream (container start, die, destroy, rename, health_status; network connect, disconnect) and
 * re-inspects only the containers the events name, once per burst of events; a container that
 * died or was removed is dropped without asking. When the engine is unreachable, at start or later, it logs
 * once, retries with exponential backoff and lists everything again once back, so nothing stale
 * survives an outage. It only talks to the Docker API, never to a container's ports.
 *
 * <p>Snapshots are handed to the consumer one at a time, in order, on the single discovery
 * thread; the consumer should return quickly. The first snapshot arrives after the first
 * successful listing. Engine failures are never thrown: they are logged, retried and shown by
 * {@link #status()}.
 */
public final class DockerInventory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DockerInventory.class);

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    // Events of one change come a few ms apart (die, disconnect; a compose project's starts): one
    // update for the lot, at the cost of a few ms. Traefik waits 2 s and lists everything again.
    private static final Duration BURST_QUIET = Duration.ofMillis(5);
    private static final Duration BURST_LIMIT = Duration.ofMillis(20);
    // The engine answers an inspect only once the container has finished starting: in a burst,
    // inspecting one after the other would make each container wait for all the ones before it.
    private static final int INSPECTORS = 4;

    private final String dockerHost;
    private final Consumer<ContainerSnapshot> onSnapshot;
    private final Backoff backoff;
    private final Duration heartbeat;
    private final Supplier<List<String>> ownIdCandidates;

    private final DockerClient api;
    // Separate client without a response timeout: the event stream stays silent while nothing happens.
    private final DockerClient events;
    private final Thread thread;
    private final ExecutorService inspectors;

    private final AtomicReference<ContainerSnapshot> current = new AtomicReference<>(ContainerSnapshot.empty());
    private final AtomicReference<DockerStatus> status;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile EventStream stream;
    private final AtomicLong syncErrors = new AtomicLong();
    /** Engine time of the oldest event behind the snapshot being published; null for a full listing. */
    private volatile Instant eventTime;

    // Written by the discovery thread only; read by the admin API too.
    private volatile boolean ownIdResolved;
    private volatile String ownId;
    // Only touched by the discovery thread.
    private boolean published;
    private String resumeSince;
    private int failures;
    private boolean outage;

    /**
     * An inventory of the engine at {@code dockerHost} ({@code unix:///var/run/docker.sock},
     * {@code tcp://host:2375}, ...); TLS settings come from the usual {@code DOCKER_TLS_VERIFY}
     * and {@code DOCKER_CERT_PATH}. Nothing happens until {@link #start()}.
     */
    public DockerInventory(String dockerHost, Consumer<ContainerSnapshot> onSnapshot) {
        this(dockerHost, onSnapshot, Backoff.DEFAULT, HEARTBEAT, OwnContainer::candidateIds);
    }

    DockerInventory(String dockerHost, Consumer<ContainerSnapshot> onSnapshot, Backoff backoff,
                    Duration heartbeat, Supplier<List<String>> ownIdCandidates) {
        this.dockerHost = Objects.requireNonNull(dockerHost, "dockerHost");
        this.onSnapshot = Objects.requireNonNull(onSnapshot, "onSnapshot");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
        this.ownIdCandidates = Objects.requireNonNull(ownIdCandidates, "ownIdCandidates");
        this.status = new AtomicReference<>(DockerStatus.starting(dockerHost, Instant.now()));
        this.api = DockerClients.create(dockerHost, RESPONSE_TIMEOUT);
        this.events = DockerClients.create(dockerHost, null);
        this.thread = new Thread(this::run, "debugproxy-docker-discovery");
        this.thread.setDaemon(true);
        AtomicInteger inspectorCount = new AtomicInteger();
        this.inspectors = Executors.newFixedThreadPool(INSPECTORS, r -> {
            Thread t = new Thread(r, "debugproxy-docker-inspect-" + inspectorCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.thread.setUncaughtExceptionHandler((t, e) -> {
            status.updateAndGet(st -> st.unreachableAt(Instant.now(), "discovery stopped: " + reason(e)));
            log.error("event=docker_inventory_failed host={} reason={}", dockerHost, quoted(reason(e)), e);
        });
    }

    /** Starts discovery on its own daemon thread; returns at once. */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("docker inventory is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("docker inventory already started");
        }
        log.info("event=docker_inventory_started host={}", dockerHost);
        thread.start();
    }

    /** The last published snapshot; empty until the first listing succeeds. */
    public ContainerSnapshot current() {
        return current.get();
    }

    /** Networks of the container the proxy runs in; empty when it does not run in one of this engine. */
    public Set<String> proxyNetworks() {
        return current.get().proxyNetworks();
    }

    /**
     * The name of the container the proxy runs in: empty when it runs outside the engine's
     * containers, or while discovery has not asked the engine yet ({@link #ownContainerResolved()}).
     */
    public Optional<String> ownContainerName() {
        String id = ownId;
        if (id == null) {
            return Optional.empty();
        }
        return Optional.of(current.get().container(id).map(ContainerInfo::name).orElse(shortId(id)));
    }

    /** True once discovery has asked the engine whether the proxy runs in one of its containers. */
    public boolean ownContainerResolved() {
        return ownIdResolved;
    }

    public DockerStatus status() {
        return status.get();
    }

    /** Times listing or following the engine failed since start (each retry counts), for {@code /metrics}. */
    public long syncErrors() {
        return syncErrors.get();
    }

    /**
     * While a snapshot caused by Docker events is being handed to the consumer (on the discovery
     * thread, inside the callback): the engine's time of the oldest of those events, so the consumer
     * can measure how long discovery took. Empty for snapshots of a full listing, and elsewhere.
     */
    public Optional<Instant> eventTime() {
        return Optional.ofNullable(eventTime);
    }

    /** Stops following the engine; no snapshot is published once this returns. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        EventStream s = stream;
        if (s != null) {
            s.close();
        }
        thread.interrupt();
        inspectors.shutdownNow();
        closeClient(api);
        closeClient(events);
        if (started.get() && Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("event=docker_inventory_close_timeout host={} waited={}ms", dockerHost, CLOSE_WAIT.toMillis());
            }
        }
        status.updateAndGet(st -> st.stoppedAt(Instant.now()));
        log.info("event=docker_inventory_closed host={}", dockerHost);
    }

    private void closeClient(DockerClient client) {
        try {
            client.close();
        } catch (IOException e) {
            log.debug("event=docker_client_close_failed host={} reason={}", dockerHost, quoted(reason(e)));
        }
    }

    private void run() {
        while (!closed.get()) {
            String failure;
            try {
                syncAndFollow();
                return;
            } catch (InterruptedException e) {
                return; // only close() interrupts this thread
            } catch (Exception e) {
                failure = reason(e);
            }
            if (closed.get()) {
                return;
            }
            Duration delay = backoff.delay(failures++);
            reportUnreachable(failure, delay);
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return; // only close() interrupts this thread
            }
        }
    }

    /** One connection: list everything, then apply events until the stream is lost or we are closed. */
    private void syncAndFollow() throws Exception {
        Optional<String> daemonNow = daemonTime();
        resolveOwnId();
        Map<String, ContainerInfo> running = listRunning();
        publish(running);
        if (resumeSince == null) {
            resumeSince = daemonNow.orElse(null);
        }
        // Replaying from the last event seen covers a short gap; the listing above covers the rest.
        EventStream s = new EventStream();
        stream = s;
        if (closed.get()) {
            return;
        }
        EventsCmd subscription = events.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER, EventType.NETWORK)
                .withEventFilter(Stream.concat(DockerEvents.CONTAINER_ACTIONS.stream(),
                        DockerEvents.NETWORK_ACTIONS.stream()).sorted().toArray(String[]::new));
        if (resumeSince != null) {
            subscription.withSince(resumeSince);
        }
        subscription.exec(s);
        try {
            follow(s);
        } finally {
            s.close();
        }
    }

    private void follow(EventStream s) throws Exception {
        boolean following = false;
        List<EventStream.Signal> signals = new ArrayList<>();
        while (!closed.get()) {
            signals.clear();
            s.awaitBurst(heartbeat.toMillis(), BURST_QUIET, BURST_LIMIT, signals);
            if (signals.isEmpty()) {
                if (!following) {
                    throw new IOException("engine did not accept the event subscription within " + heartbeat.toSeconds() + "s");
                }
                // A silent stream may be a dead one (network partition to a tcp:// engine): ask.
                api.pingCmd().exec();
                continue;
            }
            DockerEvents.Changes changes = new DockerEvents.Changes(id -> current.get().container(id).isPresent());
            EventStream.Ended ended = null;
            for (EventStream.Signal signal : signals) {
                if (signal instanceof EventStream.Started) {
                    following = true;
                    failures = 0;
                    markConnected();
                } else if (signal instanceof EventStream.Received r) {
                    changes.add(r.event());
                    DockerEvents.sinceArgument(r.event()).ifPresent(t -> resumeSince = t);
                } else if (signal instanceof EventStream.Ended e) {
                    ended = e;
                    break;
                }
            }
            if (!changes.isEmpty()) {
                eventTime = oldestEventTime(signals);
                try {
                    refresh(changes);
                } finally {
                    eventTime = null;
                }
            }
            if (ended != null) {
                throw new EventStreamLost(ended.error());
            }
        }
    }

    private static Instant oldestEventTime(List<EventStream.Signal> signals) {
        Instant oldest = null;
        for (EventStream.Signal signal : signals) {
            if (signal instanceof EventStream.Received r) {
                Long nanos = r.event().getTimeNano();
                Long seconds = r.event().getTime();
                Instant t = nanos != null && nanos > 0 ? Instant.ofEpochSecond(0, nanos)
                        : seconds != null && seconds > 0 ? Instant.ofEpochSecond(seconds) : null;
                if (t != null && (oldest == null || t.isBefore(oldest))) {
                    oldest = t;
                }
            }
        }
        return oldest;
    }

    private Optional<String> daemonTime() {
        String systemTime = api.infoCmd().exec().getSystemTime();
        if (systemTime == null) {
            return Optional.empty();
        }
        try {
            Instant t = OffsetDateTime.parse(systemTime).toInstant();
            return Optional.of(String.format("%d.%09d", t.getEpochSecond(), t.getNano()));
        } catch (DateTimeParseException e) {
            log.debug("event=docker_time_unparsable host={} value={}", dockerHost, quoted(systemTime));
            return Optional.empty();
        }
    }

    private void resolveOwnId() {
        if (ownIdResolved) {
            return;
        }
        for (String candidate : ownIdCandidates.get()) {
            Optional<InspectContainerResponse> inspected = inspect(candidate);
            // Inspect also accepts names; only an id that starts with the candidate is really ours.
            if (inspected.isPresent() && inspected.get().getId().startsWith(candidate)) {
                ownId = inspected.get().getId();
                log.info("event=proxy_container_found id={} name={}", shortId(ownId),
                        InspectedContainer.toContainerInfo(inspected.get()).map(ContainerInfo::name).orElse("?"));
                break;
            }
        }
        if (ownId == null) {
            log.debug("event=proxy_container_not_found host={}", dockerHost);
        }
        ownIdResolved = true;
    }

    private Map<String, ContainerInfo> listRunning() {
        Map<String, ContainerInfo> running = new HashMap<>();
        for (Container c : api.listContainersCmd().exec()) {
            inspect(c.getId())
                    .flatMap(InspectedContainer::toContainerInfo)
                    .ifPresent(info -> running.put(info.id(), info));
        }
        return running;
    }

    private void refresh(DockerEvents.Changes changes) throws InterruptedException {
        Map<String, ContainerInfo> next = new HashMap<>(current.get().containers());
        changes.stopped().forEach(next::remove);
        inspectAll(changes.toInspect()).forEach((id, info) -> {
            if (info.isPresent()) {
                next.put(id, info.get());
            } else {
                next.remove(id);
            }
        });
        publish(next);
    }

    /** Each container as discovery sees it now, or empty when it is not running; several at a time. */
    private Map<String, Optional<ContainerInfo>> inspectAll(Set<String> ids) throws InterruptedException {
        Map<String, Optional<ContainerInfo>> seen = new LinkedHashMap<>();
        if (ids.size() <= 1) {
            ids.forEach(id -> seen.put(id, inspect(id).flatMap(InspectedContainer::toContainerInfo)));
            return seen;
        }
        Map<String, Future<Optional<ContainerInfo>>> pending = new LinkedHashMap<>();
        try {
            for (String id : ids) {
                pending.put(id, inspectors.submit(() -> inspect(id).flatMap(InspectedContainer::toContainerInfo)));
            }
            for (Map.Entry<String, Future<Optional<ContainerInfo>>> e : pending.entrySet()) {
                seen.put(e.getKey(), e.getValue().get());
            }
        } catch (ExecutionException e) {
            // Same as a failure on this thread: the caller reconnects and lists everything again.
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (RejectedExecutionException e) {
            throw new InterruptedException("docker inventory is closing");
        } finally {
            pending.values().forEach(f -> f.cancel(true));
        }
        return seen;
    }

    private Optional<InspectContainerResponse> inspect(String id) {
        try {
            return Optional.of(api.inspectContainerCmd(id).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private void publish(Map<String, ContainerInfo> containers) {
        ContainerSnapshot next = new ContainerSnapshot(containers, ownNetworks(containers));
        ContainerSnapshot previous = current.get();
        if ((published && next.equals(previous)) || closed.get()) {
            return;
        }
        current.set(next);
        published = true;
        logChanges(previous, next);
        try {
            onSnapshot.accept(next);
        } catch (RuntimeException e) {
            log.error("event=snapshot_consumer_failed containers={} reason={}", next.size(), quoted(reason(e)), e);
        }
    }

    private Set<String> ownNetworks(Map<String, ContainerInfo> containers) {
        ContainerInfo own = ownId == null ? null : containers.get(ownId);
        if (own == null) {
            return Set.of();
        }
        String mode = own.networkMode();
        if (mode.startsWith("container:")) {
            // Sharing another container's network stack means sharing its networks.
            String ref = mode.substring("container:".length());
            return containers.values().stream()
                    .filter(c -> c.name().equals(ref) || (!ref.isEmpty() && c.id().startsWith(ref)))
                    .findFirst()
                    .map(c -> c.networks().keySet())
                    .orElse(Set.of());
        }
        return own.networks().keySet();
    }

    private void markConnected() {
        ContainerSnapshot snapshot = current.get();
        status.updateAndGet(st -> st.connectedAt(Instant.now()));
        log.info("event=docker_connected host={} containers={} proxy_networks={} reconnect={}",
                dockerHost, snapshot.size(), list(snapshot.proxyNetworks()), outage);
        outage = false;
    }

    private void reportUnreachable(String reason, Duration retryIn) {
        syncErrors.incrementAndGet();
        status.updateAndGet(st -> st.unreachableAt(Instant.now(), reason));
        if (!outage) {
            outage = true;
            log.warn("event=docker_unreachable host={} reason={} retry_in={}ms", dockerHost, quoted(reason), retryIn.toMillis());
        } else {
            log.debug("event=docker_unreachable host={} reason={} retry_in={}ms", dockerHost, quoted(reason), retryIn.toMillis());
        }
    }

    private static void logChanges(ContainerSnapshot previous, ContainerSnapshot next) {
        if (!log.isDebugEnabled()) {
            return;
        }
        previous.containers().forEach((id, c) -> {
            if (!next.containers().containsKey(id)) {
                log.debug("event=container_gone id={} name={}", shortId(id), c.name());
            }
        });
        next.containers().forEach((id, c) -> {
            if (!c.equals(previous.containers().get(id))) {
                List<String> networks = c.networks().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList();
                log.debug("event=container_seen id={} name={} networks={} network_mode={}",
                        shortId(id), c.name(), list(networks), c.networkMode());
            }
        });
    }
}
