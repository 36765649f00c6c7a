package io.debugproxy.cli;

import io.debugproxy.config.ProxyConfig;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.discovery.DiscoverySettings;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.admin.AdminServer;
import io.debugproxy.proxy.admin.AdminServerSettings;
import io.debugproxy.proxy.discovery.ContainerSnapshot;
import io.debugproxy.proxy.discovery.DockerInventory;
import io.debugproxy.proxy.listen.PortAssignments;
import io.debugproxy.proxy.listen.RouteListenerSettings;
import io.debugproxy.proxy.listen.RouteListeners;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTableBuilder;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The running {@code proxy serve}: wires discovery, the route table, the per-route listeners and
 * the admin API together. This is the only place where the parts meet.
 */
final class ProxyAssembly implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyAssembly.class);

    private final ProxyConfig config;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final RouteTablePublisher routes = new RouteTablePublisher();
    private final RouteTableBuilder tableBuilder;
    private RouteListeners listeners;
    private AdminServer admin;
    private DockerInventory inventory;
    private boolean closed;

    ProxyAssembly(ProxyConfig config) {
        this.config = config;
        this.tableBuilder = new RouteTableBuilder(config.routes(), config.traefik().domain());
    }

    /** Binds everything; returns once the admin API and the static routes' ports are bound. */
    synchronized void start() {
        PortAssignments ports = PortAssignments.load(config.state().dir(), config.listeners().routes().ports());
        listeners = new RouteListeners(group, routes, ports,
                RouteListenerSettings.defaults().withBindAddress(config.listeners().routes().address()));
        routes.publish(tableBuilder.build(java.util.List.of(), rulesFor(java.util.Set.of())));
        listeners.start();
        admin = new AdminServer(group, routes, listeners::listenAddress,
                AdminServerSettings.defaults().withAddress(config.admin().address()));
        HostPort adminAddress = admin.start();
        inventory = new DockerInventory(config.docker().host(), this::onContainers);
        inventory.start();
        log.info("event=serve_started admin={} routes_address={} ports={}-{} docker={} state_dir={}",
                adminAddress, config.listeners().routes().address(),
                config.listeners().routes().ports().first(), config.listeners().routes().ports().last(),
                config.docker().host(), config.state().dir());
    }

    private void onContainers(ContainerSnapshot snapshot) {
        RouteTable table = tableBuilder.build(snapshot.containers().values(), rulesFor(snapshot.proxyNetworks()));
        routes.publish(table);
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
        if (admin != null) {
            admin.stop();
        }
        if (listeners != null) {
            listeners.stop();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        log.info("event=serve_stopped");
    }
}
