package io.debugproxy.cli;

import io.debugproxy.config.Cidr;
import io.debugproxy.config.ProxyConfig;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.discovery.DiscoverySettings;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.admin.AdminServer;
import io.debugproxy.proxy.admin.AdminServerSettings;
import io.debugproxy.proxy.admin.ProxySelf;
import io.debugproxy.proxy.discovery.ContainerSnapshot;
import io.debugproxy.proxy.discovery.DockerInventory;
import io.debugproxy.proxy.discovery.DockerStatus;
import io.debugproxy.proxy.forward.Forwarders;
import io.debugproxy.proxy.forward.HostGateway;
import io.debugproxy.proxy.listen.DrainableListener;
import io.debugproxy.proxy.listen.PortAssignments;
import io.debugproxy.proxy.listen.RouteListenerSettings;
import io.debugproxy.proxy.listen.RouteListeners;
import io.debugproxy.proxy.listen.SessionDrain;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.mux.MuxListener;
import io.debugproxy.proxy.route.HostClaims;
import io.debugproxy.proxy.route.RememberedRouteNames;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTableBuilder;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.proxy.tlslisten.MutualTlsListener;
import io.debugproxy.proxy.tlslisten.ProxyTls;
import io.debugproxy.proxy.tlslisten.Refusal;
import io.debugproxy.proxy.tlslisten.TlsListenerSettings;
import io.debugproxy.proxy.tlslisten.TlsRefusals;
import io.debugproxy.proxy.traefik.TraefikConfigWriter;
import io.debugproxy.proxy.upstream.RouteUpstreams;
import io.debugproxy.tls.CertsDirectory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The running {@code proxy serve}: wires discovery, the route table, the per-route listeners and
 * the admin API together. This is the only place where the parts meet.
 */
final class ProxyAssembly implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyAssembly.class);

    private final ProxyConfig config;
    private final Duration drain;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final RouteTablePublisher routes = new RouteTablePublisher();
    private final RouteTableBuilder tableBuilder;
    private RouteListeners listeners;
    private MutualTlsListener tlsListener;
    private MuxListener mux;
    private AdminServer admin;
    /** Set in start(), before discovery or forwarders can publish a table. */
    private RememberedRouteNames rememberedNames;
    private volatile DockerInventory inventory; // read by the admin API's event loop
    private Forwarders forwarders;
    private final Object tableLock = new Object();
    private ContainerSnapshot lastSnapshot = ContainerSnapshot.empty();
    /** Keeps traefik.dynamicConfig in step once it follows the table; null when that is not set. Set before discovery starts. */
    private TraefikConfigWriter traefikWriter;
    private boolean traefikFollowing; // guarded by tableLock
    private boolean closed;

    /** @param drain how long open debug sessions may go on after a stop was asked for */
    ProxyAssembly(ProxyConfig config, Duration drain) {
        this.config = config;
        this.drain = drain;
        this.tableBuilder = new RouteTableBuilder(config.routes(), config.traefik().domain());
    }

    /** Binds everything; returns once the admin API and the static routes' ports are bound. */
    synchronized void start() {
        PortAssignments ports = PortAssignments.load(config.state().dir(), config.listeners().routes().ports());
        rememberedNames = RememberedRouteNames.load(config.state().dir());
        ProxyTls tls = loadTls();
        RouteUpstreams upstreams = tls == null ? RouteUpstreams.plainOnly(routes) : tls.upstreams();
        listeners = new RouteListeners(group, routes, ports,
                RouteListenerSettings.defaults().withBindAddress(config.listeners().routes().address()),
                upstreams::forRouteNamed, metrics);
        routes.subscribe(new io.debugproxy.proxy.route.RouteProblemLog());
        synchronized (tableLock) {
            publish(tableBuilder.build(java.util.List.of(), rulesFor(java.util.Set.of())));
        }
        listeners.start();
        startTlsListener(tls, upstreams);
        startMuxListener(upstreams);
        prepareTraefikWriter();
        // Leftover forwarders of an earlier run are gone before the proxy says it is up.
        startForwarders();
        admin = new AdminServer(group, routes, listeners::listenAddress,
                AdminServerSettings.defaults().withAddress(config.admin().address()), metrics, this::dockerStatus,
                this::self);
        HostPort adminAddress = admin.start();
        inventory = new DockerInventory(config.docker().host(), this::onContainers);
        registerGauges(inventory);
        // Last, once every bind has worked: its first listing is what lets the Traefik file be written.
        inventory.start();
        log.info("event=serve_started admin={} routes_address={} ports={}-{} docker={} state_dir={}",
                adminAddress, config.listeners().routes().address(),
                config.listeners().routes().ports().first(), config.listeners().routes().ports().last(),
                config.docker().host(), config.state().dir());
    }

    /** Discovery's connection to the engine, for /health; empty until discovery has started. */
    private Optional<DockerStatus> dockerStatus() {
        DockerInventory current = inventory;
        return current == null ? Optional.empty() : Optional.of(current.status());
    }

    /** Where the proxy runs and how it reaches loopback-bound Delve, for /health and proxy doctor. */
    private Optional<ProxySelf> self() {
        DockerInventory current = inventory;
        return Optional.of(new ProxySelf(current != null && current.ownContainerResolved(),
                current == null ? null : current.ownContainerName().orElse(null),
                current == null ? java.util.Set.of() : current.proxyNetworks(),
                config.docker().forwarders(), config.docker().forwarderImage()));
    }

    /** The CA and everything TLS made from it; null, said once in the log, when the certs directory has no CA. */
    private ProxyTls loadTls() {
        CertsDirectory certs = CertsDirectory.at(config.certs().dir());
        if (!certs.hasCa()) {
            String line = "event=tls_listener_disabled certs_dir={} reason=\"no CA in the certs directory\""
                    + " hint=\"create one with: proxy certs init --dir {}\"";
            if (config.listeners().tls().configured()) {
                // The config file asked for it: a missing listener is a surprise, not a default.
                log.warn(line, certs.root(), certs.root());
            } else {
                log.info(line, certs.root(), certs.root());
            }
            return null;
        }
        return ProxyTls.load(certs, routes, Clock.systemUTC(), config.certs().clientName());
    }

    /** listeners.tls: routes by SNI, admits clients of the CA allowed on the route; refusals are counted. */
    private void startTlsListener(ProxyTls tls, RouteUpstreams upstreams) {
        if (tls == null) {
            return;
        }
        TlsRefusals refusals = new TlsRefusals(reason -> metrics.handshakeFailed("tls", reason.key()));
        metrics.declareHandshakeFailures("tls", java.util.Arrays.stream(Refusal.values()).map(Refusal::key).toList());
        tlsListener = tls.listener(group, TlsListenerSettings.at(config.listeners().tls().address()), upstreams, refusals);
        tlsListener.start();
    }

    /** listeners.mux: one port for TLS (to the TLS listener's pipeline), HTTP and Delve/DAP, told apart by the first bytes. */
    private void startMuxListener(RouteUpstreams upstreams) {
        for (Cidr everyone : config.http().trustedEverywhere()) {
            log.warn("event=http_trusts_every_peer cidr={} reason=\"every {} client may forge X-Forwarded-* and Forwarded"
                    + " headers (its address, host and scheme)\" hint=\"list only the reverse proxy in front in"
                    + " http.trustedProxies, e.g. its Docker network 172.18.0.0/16\"", everyone,
                    everyone.network() instanceof Inet4Address ? "IPv4" : "IPv6");
        }
        MuxListener.Builder builder = MuxListener.builder(group, routes)
                .address(config.listeners().mux().address())
                .trustedProxies(config.http()::isTrusted)
                .routePorts(listeners::listenAddress)
                .upstreams(upstreams::forRouteNamed)
                .metrics(metrics);
        if (tlsListener != null) {
            builder.tlsPipeline(tlsListener.connectionInitializer());
        }
        mux = builder.build();
        try {
            mux.start();
        } catch (IllegalStateException e) {
            // Its default, 127.0.0.1:2345, is Delve's own default port: a local dlv often holds it.
            // The per-route ports do not need it, so the proxy goes on without it.
            log.warn("event=mux_listener_unavailable listen={} reason=\"{}\" hint=\"set listeners.mux.address to a free"
                    + " address; the per-route ports work without it\"", config.listeners().mux().address(),
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
    }

    /**
     * With traefik.dynamicConfig set, makes the writer that keeps Traefik's file provider in step with
     * the route table. It starts following the table only after discovery's first container listing
     * ({@link #publishTable}): a table without the discovered routes would take every debug router
     * away from Traefik (those of a proxy still running, when this one fails to start; those of the
     * previous run, for the seconds a restart takes), so until then the file is left as it is, even
     * while the Docker engine cannot be reached.
     */
    private void prepareTraefikWriter() {
        if (config.traefik().dynamicConfigFile().isEmpty()) {
            return;
        }
        java.nio.file.Path file = config.traefik().dynamicConfigFile().get();
        if (tlsListener == null) {
            // Routers would send Traefik to a closed port; the file keeps the middleware users' routers may name.
            traefikWriter = TraefikConfigWriter.withoutTlsListener(config.traefik());
            log.warn("event=traefik_no_debug_routers file={} reason=\"the TLS listener is off (no CA)\""
                    + " hint=\"Traefik gets no debug routes until: proxy certs init --dir {}, then restart the proxy\"",
                    file, config.certs().dir());
            log.info("event=traefik_dynamic_config file={} proxy_tls=none write=\"after discovery's first container"
                    + " listing; the file is left as it is until then\"", file);
            return;
        }
        HostPort dialed = traefikDialsProxyAt(config.listeners().tls().address());
        traefikWriter = TraefikConfigWriter.of(config.traefik(), dialed);
        log.info("event=traefik_dynamic_config file={} proxy_tls={} write=\"after discovery's first container"
                + " listing; the file is left as it is until then\"", file, dialed);
    }

    /**
     * Traefik cannot dial a wildcard bind address; in a compose stack it reaches the sidecar by
     * its host name (Docker's DNS knows a container by its hostname alias on user networks).
     */
    private static HostPort traefikDialsProxyAt(HostPort tlsListen) {
        if (!tlsListen.isWildcard()) {
            return tlsListen;
        }
        try {
            return new HostPort(java.net.InetAddress.getLocalHost().getHostName(), tlsListen.port());
        } catch (java.net.UnknownHostException e) {
            return new HostPort("debugproxy", tlsListen.port());
        }
    }

    /** docker.forwarders: loopback-bound Delve is reached through helper containers (cleans up leftovers first). */
    private void startForwarders() {
        if (!config.docker().forwarders()) {
            return;
        }
        forwarders = new Forwarders(new Forwarders.Settings(config.docker().host(), config.docker().forwarderImage(),
                Duration.ofSeconds(30), config.state().dir()), () -> publishTable(null));
        forwarders.start();
        log.info("event=forwarders_enabled image={}", config.docker().forwarderImage());
    }

    private void onContainers(ContainerSnapshot snapshot) {
        if (forwarders != null) {
            forwarders.update(snapshot.containers().values(), rulesFor(snapshot.proxyNetworks()));
        }
        publishTable(snapshot);
        inventory.eventTime().ifPresent(t -> metrics.discoveryLag(Duration.between(t, Instant.now())));
    }

    private void registerGauges(DockerInventory docker) {
        metrics.syncErrors("docker", docker::syncErrors);
        metrics.gauge("debugproxy_routes", "Routes in the live table, by status (ok or error).", () -> {
            Map<Map<String, String>, Number> byStatus = new LinkedHashMap<>();
            byStatus.put(Map.of("status", "ok"), 0);
            byStatus.put(Map.of("status", "error"), 0);
            routes.current().routes().forEach(r ->
                    byStatus.merge(Map.of("status", r.status()), 1, (a, b) -> a.intValue() + b.intValue()));
            return byStatus;
        });
        metrics.gauge("debugproxy_route_listeners", "Per-route plain ports listening now.",
                () -> Map.of(Map.of(), listeners.listenAddresses().size()));
        metrics.gauge("debugproxy_discovery_connected",
                "1 while the Docker engine is listed and its events followed, else 0.",
                () -> Map.of(Map.of("docker_host", config.docker().host()), docker.status().connected() ? 1 : 0));
    }

    /**
     * Builds and publishes the table of {@code snapshot} (null: of the last one, when a forwarder
     * changed state). One at a time, so that a table of an older snapshot never replaces a newer one.
     */
    private void publishTable(ContainerSnapshot snapshot) {
        synchronized (tableLock) {
            if (snapshot != null) {
                lastSnapshot = snapshot;
            }
            RouteTable table = tableBuilder.build(lastSnapshot.containers().values(), rulesFor(lastSnapshot.proxyNetworks()),
                    routes.current(), rememberedNames.byContainerName());
            // In a container of its own, the proxy's "localhost" is not the developer's: static routes to it go to the host.
            table = HostGateway.rewriteStaticLoopback(table, lastSnapshot.proxyNetworks());
            if (forwarders != null) {
                table = forwarders.adjust(table);
            }
            publish(table);
            rememberedNames.remember(table);
            if (snapshot != null && traefikWriter != null && !traefikFollowing) {
                // Discovery has listed the engine once: from now on the table is whole. Subscribing writes it.
                traefikFollowing = true;
                routes.subscribe(traefikWriter);
            }
        }
    }

    /** Publishes {@code table} with a warning on each route that shares a hostname; the caller holds tableLock. */
    private void publish(RouteTable table) {
        routes.publish(HostClaims.withConflictWarnings(table));
    }

    private ContainerRouteRules rulesFor(java.util.Set<String> proxyNetworks) {
        return new ContainerRouteRules(DiscoverySettings.of(config, proxyNetworks));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("event=serve_stopping");
        if (inventory != null) {
            inventory.close();
        }
        if (forwarders != null) {
            forwarders.close();
        }
        if (listeners != null && !drain.isZero()) {
            // Stop taking new debug sessions on every listener, but let the open ones (route ports,
            // mux, TLS) finish their current step.
            List<DrainableListener> open = new ArrayList<>(List.of(listeners));
            if (mux != null) {
                open.add(mux);
            }
            if (tlsListener != null) {
                open.add(tlsListener);
            }
            int left = new SessionDrain(open).drain(drain);
            log.info("event=serve_drained sessions_left={} bound_ms={}", left, drain.toMillis());
        }
        if (admin != null) {
            admin.stop();
        }
        if (mux != null) {
            mux.stop();
        }
        if (tlsListener != null) {
            tlsListener.stop();
        }
        if (listeners != null) {
            listeners.stop();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.info("event=serve_stopped");
    }
}
