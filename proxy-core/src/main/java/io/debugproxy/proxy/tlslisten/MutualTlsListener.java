package io.debugproxy.proxy.tlslisten;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.listen.DrainableListener;
import io.debugproxy.proxy.relay.RouteSessions;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.upstream.RouteUpstreams;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The mutual-TLS listener: one port for every route, chosen by SNI. A client must complete a TLS 1.2+
 * handshake with a certificate of the proxy's CA, within the handshake deadline and with a ClientHello
 * under the cap, and be allowed on the route, before the route's upstream is dialed. Every refusal is
 * logged with its reason and counted in {@link #refusals()}.
 */
public final class MutualTlsListener implements DrainableListener {

    private static final Logger log = LoggerFactory.getLogger(MutualTlsListener.class);

    private final EventLoopGroup group;
    private final TlsListenerSettings settings;
    private final Mapping<String, SslContext> serverContexts;
    private final AdmissionPolicy policy;
    private final RouteUpstreams upstreams;
    private final TlsRefusals refusals;
    private final ChannelGroup sessions = new DefaultChannelGroup("tls-sessions", GlobalEventExecutor.INSTANCE, true);
    private final TlsListenerInitializer initializer;
    private Channel serverChannel;

    /**
     * @param serverContexts server context per SNI name (e.g. the tls module's {@code SniServerContexts});
     *                       throws for names no route serves
     * @param policy         who may use which route once the handshake is done
     * @param upstreams      how each route's upstream is dialed
     */
    public MutualTlsListener(EventLoopGroup group, TlsListenerSettings settings, Mapping<String, SslContext> serverContexts,
                             AdmissionPolicy policy, RouteUpstreams upstreams) {
        this(group, settings, serverContexts, policy, upstreams, new TlsRefusals());
    }

    /** As above, counting refusals in {@code refusals}. */
    public MutualTlsListener(EventLoopGroup group, TlsListenerSettings settings, Mapping<String, SslContext> serverContexts,
                             AdmissionPolicy policy, RouteUpstreams upstreams, TlsRefusals refusals) {
        this.group = Objects.requireNonNull(group, "group");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.serverContexts = Objects.requireNonNull(serverContexts, "serverContexts");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.initializer = new TlsListenerInitializer(settings, serverContexts, policy, upstreams, refusals, sessions);
    }

    /** Binds; returns the address actually bound (port 0 becomes the chosen port). */
    public synchronized HostPort start() {
        if (serverChannel != null) {
            throw new IllegalStateException("the TLS listener is already started");
        }
        HostPort address = settings.address();
        ChannelFuture bind = new ServerBootstrap()
                .group(group)
                .channel(settings.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(initializer)
                .bind(address.host().isEmpty() ? "0.0.0.0" : address.host(), address.port())
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new IllegalStateException("cannot listen for mutual TLS on " + address + ": "
                    + bind.cause().getMessage() + "; change listeners.tls.address", bind.cause());
        }
        serverChannel = bind.channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        HostPort listening = new HostPort(bound.getAddress().getHostAddress(), bound.getPort());
        log.info("event=tls_listening listen={} handshake_timeout_ms={} max_client_hello_bytes={}", listening,
                settings.handshakeTimeout().toMillis(), settings.maxClientHelloBytes());
        return listening;
    }

    /**
     * Closes the sessions of routes that are gone from {@code table} or no longer usable, as a
     * route's own port closes its sessions; a connection still in its handshake is not a session yet.
     */
    public void closeSessionsOfRoutesGone(RouteTable table) {
        List<String> closed = RouteSessions.closeRoutesGoneFrom(sessions, table);
        if (!closed.isEmpty()) {
            log.info("event=tls_sessions_closed routes={} channels={} reason=\"route left the table\"",
                    new TreeSet<>(closed), closed.size());
        }
    }

    @Override
    public synchronized void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
    }

    /** Admitted sessions relaying to a route (handshakes still going on are not counted). */
    @Override
    public Collection<Channel> openSessions() {
        return RouteSessions.relayingClients(sessions);
    }

    /** Stops accepting and closes every session; returns when they are closed. Idempotent. */
    public synchronized void stop() {
        stopAccepting();
        sessions.close().awaitUninterruptibly();
    }

    /**
     * The per-connection pipeline of this listener, for a port that finds a TLS ClientHello among
     * other protocols (a sniffing port) and hands the connection over: add it to the channel's
     * pipeline, then re-fire the bytes already read. The session is closed with this listener.
     */
    public ChannelHandler connectionInitializer() {
        return initializer;
    }

    /** Connections turned away since start, by reason. */
    public TlsRefusals refusals() {
        return refusals;
    }
}
