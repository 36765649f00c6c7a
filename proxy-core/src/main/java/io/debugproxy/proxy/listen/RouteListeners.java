package io.debugproxy.proxy.listen;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.metrics.InstrumentedInitializer;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.relay.RelayInitializer;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.proxy.upstream.UpstreamPipeline;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Keeps one plain TCP listener per usable route of the current route table, each on the port
 * {@link PortAssignments} remembers for the route's name.
 *
 * <ul>
 *   <li>Route appears (or becomes usable): a listener is bound.</li>
 *   <li>Route disappears or goes into error: its listener stops accepting and its open
 *       sessions are closed. The port stays reserved for the route's name.</li>
 *   <li>Route's target changes: the listener stays; each new connection looks the route up by
 *       name when it arrives and dials the target current at that moment.</li>
 * </ul>
 *
 * Table changes are applied one at a time on a private thread, always against the latest
 * table, so listeners converge on what the publisher holds whatever order notifications
 * arrive in.
 */
public final class RouteListeners implements DrainableListener {

    private static final Logger log = LoggerFactory.getLogger(RouteListeners.class);

    private final EventLoopGroup group;
    private final RouteTablePublisher publisher;
    private final PortAssignments ports;
    private final RouteListenerSettings settings;
    private final Function<String, UpstreamPipeline> upstreams;
    private final ProxyMetrics metrics;
    private final ExecutorService reconciler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "route-listeners");
        t.setDaemon(true);
        return t;
    });
    /** Written only on the reconciler thread; read from anywhere. */
    private final Map<String, RouteListener> listeners = new ConcurrentHashMap<>();
    /** Usable routes that could not get a listener and were reported; reconciler thread only. */
    private final Set<String> unplaced = new HashSet<>();
    /** How often a route whose own port is taken by another process tries to get it back. */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(5);
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean stopped;
    /** Set by {@link #drain}: no listener is opened any more. */
    private volatile boolean draining;

    public RouteListeners(EventLoopGroup group, RouteTablePublisher publisher, PortAssignments ports,
                          RouteListenerSettings settings) {
        this(group, publisher, ports, settings, route -> UpstreamPipeline.PLAIN);
    }

    /**
     * As above; {@code upstreams} gives, per route name, how its upstream channels are set up
     * (plain TCP, or mutual TLS for a route with a TLS upstream).
     */
    public RouteListeners(EventLoopGroup group, RouteTablePublisher publisher, PortAssignments ports,
                          RouteListenerSettings settings, Function<String, UpstreamPipeline> upstreams) {
        this(group, publisher, ports, settings, upstreams, new ProxyMetrics());
    }

    /** As above; every accepted connection is counted in {@code metrics} (listener {@code routes}). */
    public RouteListeners(EventLoopGroup group, RouteTablePublisher publisher, PortAssignments ports,
                          RouteListenerSettings settings, Function<String, UpstreamPipeline> upstreams,
                          ProxyMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.group = Objects.requireNonNull(group, "group");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
    }

    /** Subscribes to the route table; returns once the current table's listeners are bound. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("route listeners already started");
        }
        started = true;
        warnIfNotLoopback(settings.bindAddress());
        publisher.subscribe(table -> scheduleReconcile());
        await(reconciler.submit(() -> { })); // the reconcile queued by subscribing has run
    }

    /** Closes every listener and session; returns when they are closed. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (started) {
            await(reconciler.submit(() -> {
                Set.copyOf(listeners.keySet()).forEach(this::close);
            }));
        }
        reconciler.shutdown();
    }

    /**
     * Stops accepting on every route port and opens no new one; open sessions go on. With
     * {@link SessionDrain}, the first step of a bounded drain; {@link #stop()} closes the rest.
     */
    @Override
    public void stopAccepting() {
        draining = true;
        if (!started || stopped) {
            return;
        }
        await(reconciler.submit(() -> listeners.values().forEach(l -> l.serverChannel().close().awaitUninterruptibly())));
    }

    /** Debug sessions (client connections) open on every route port. */
    @Override
    public Collection<Channel> openSessions() {
        List<Channel> clients = new ArrayList<>();
        listeners.values().forEach(listener -> clients.addAll(listener.openSessions()));
        return clients;
    }

    /** Where the route's own plain port listens, when it has one. */
    public Optional<HostPort> listenAddress(String route) {
        return Optional.ofNullable(listeners.get(route)).map(RouteListener::address);
    }

    /** Every open listener by route name, sorted by name. */
    public Map<String, HostPort> listenAddresses() {
        Map<String, HostPort> addresses = new TreeMap<>();
        listeners.forEach((route, listener) -> addresses.put(route, listener.address()));
        return addresses;
    }

    /** The sessions of a route's listener, for tests that look inside the relay. */
    Optional<ChannelGroup> sessions(String route) {
        return Optional.ofNullable(listeners.get(route)).map(RouteListener::sessions);
    }

    private void scheduleReconcile() {
        // Called on the publisher's thread, which must never see an exception from us.
        // Notifications that arrive while one is queued coalesce: the queued run reads the latest table.
        if (stopped || !reconcileQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            reconciler.execute(() -> {
                reconcileQueued.set(false);
                try {
                    reconcile();
                } catch (RuntimeException e) {
                    log.error("event=route_listeners_reconcile_failed reason=\"{}\"", e.getMessage(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("event=route_table_ignored reason=\"route listeners stopped\"");
        }
    }

    private void reconcile() {
        if (stopped || draining) {
            return;
        }
        RouteTable table = publisher.current();
        // A compose stack coming up opens many routes at once: one write of ports.json for all of them.
        ports.deferWrites();
        try {
            reconcile(table);
        } finally {
            ports.writeDeferred();
        }
    }

    private void reconcile(RouteTable table) {
        for (String route : Set.copyOf(listeners.keySet())) {
            if (table.route(route).filter(RouteSpec::usable).isEmpty()) {
                close(route);
            }
        }
        unplaced.removeIf(route -> table.route(route).filter(RouteSpec::usable).isEmpty());
        for (RouteSpec route : table.routes()) {
            if (route.usable() && !listeners.containsKey(route.name())) {
                open(route.name());
            }
        }
    }

    private void open(String route) {
        Set<Integer> unusable = new HashSet<>();
        // A port the route already had is the one the user's IDE config points at: never move it.
        OptionalInt saved = ports.portOf(route);
        while (true) {
            OptionalInt port = ports.acquire(route, unusable);
            if (port.isEmpty()) {
                // Retried on every table change; said once per route until it gets a port.
                if (unplaced.add(route)) {
                    log.error("event=port_range_exhausted route={} range={} busy={} hint=\"widen listeners.routes.ports"
                            + " or free ports in the range\"", route, ports.range(), unusable.size());
                }
                return;
            }
            HostPort address = new HostPort(settings.bindAddress(), port.getAsInt());
            ChannelGroup sessions = new DefaultChannelGroup("route-" + route, GlobalEventExecutor.INSTANCE, true);
            ChannelFuture bind = new ServerBootstrap()
                    .group(group)
                    .channel(settings.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new InstrumentedInitializer(metrics.connections(ProxyMetrics.ROUTES_LISTENER, route),
                            new RelayInitializer(route, () -> currentTarget(route), upstreams.apply(route), sessions,
                                    settings.relay())))
                    .bind(address.host(), address.port())
                    .awaitUninterruptibly();
            if (bind.isSuccess()) {
                unplaced.remove(route);
                listeners.put(route, new RouteListener(route, address, bind.channel(), sessions));
                log.info("event=route_listening route={} listen={}", route, address);
                return;
            }
            if (!isAddressInUse(bind.cause())) {
                ports.release(route);
                if (unplaced.add(route)) {
                    log.error("event=route_listen_failed route={} listen={} reason=\"{}\"",
                            route, address, bind.cause().getMessage());
                }
                return;
            }
            if (saved.isPresent() && saved.getAsInt() == address.port()) {
                if (unplaced.add(route)) {
                    log.warn("event=port_busy route={} port={} reason=\"{}\" action=\"keeping the route's port;"
                            + " retrying every {} s\"", route, address.port(), bind.cause().getMessage(),
                            BUSY_RETRY.toSeconds());
                }
                group.next().schedule(this::scheduleReconcile, BUSY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            log.warn("event=port_busy route={} port={} reason=\"{}\" action=\"trying the next free port\"",
                    route, address.port(), bind.cause().getMessage());
            unusable.add(address.port());
        }
    }

    private void close(String route) {
        RouteListener listener = listeners.get(route);
        if (listener != null) {
            int sessions = listener.openSessions().size();
            listener.close();
            listeners.remove(route); // after close returned: the port is reported until its sessions are gone
            ports.release(route);
            log.info("event=route_listener_closed route={} listen={} sessions_closed={}",
                    route, listener.address(), sessions);
        }
    }

    private Optional<HostPort> currentTarget(String route) {
        return publisher.current().route(route).filter(RouteSpec::usable).map(RouteSpec::target);
    }

    private static boolean isAddressInUse(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static void warnIfNotLoopback(String bindAddress) {
        try {
            InetAddress address = InetAddress.getByName(bindAddress);
            if (!address.isLoopbackAddress()) {
                log.warn("event=plain_listeners_not_loopback address={} reason=\"route ports carry unauthenticated"
                        + " Delve traffic; anyone who reaches this address can debug the routes\"", bindAddress);
            }
        } catch (UnknownHostException e) {
            log.warn("event=plain_listeners_address_unresolved address={} reason=\"{}\"", bindAddress, e.getMessage());
        }
    }

    private static void await(Future<?> task) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for route listeners", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("route listeners failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
