package io.debugproxy.proxy.tlslisten;

import io.debugproxy.proxy.upstream.RouteUpstreams;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.util.Objects;

/**
 * Turns an accepted connection on the TLS listener into a relay session of the route its SNI names,
 * or into a counted refusal.
 *
 * <pre>
 *  accepted:          [tls-record-guard] [sni]  [handshake-deadline] [admission]
 *  ClientHello read:                     [ssl]  [handshake-deadline] [admission]   (context of the SNI name)
 *  handshake done:                       [ssl]  [dial-upstream]                    (admitted: dials now)
 *  upstream ready:                       [ssl]  [relay] ──writes──► upstream channel
 * </pre>
 *
 * The client certificate and the route's allow-list are judged inside a full handshake by the
 * context's trust manager ({@link AdmissionDuringHandshake}, refusing with an alert), and again by
 * [admission] once any handshake, a resumed one included, is done.
 */
final class TlsListenerInitializer extends ChannelInitializer<SocketChannel> {

    private final TlsListenerSettings settings;
    private final Mapping<String, SslContext> serverContexts;
    private final AdmissionPolicy policy;
    private final RouteUpstreams upstreams;
    private final TlsRefusals refusals;
    private final ChannelGroup sessions;

    TlsListenerInitializer(TlsListenerSettings settings, Mapping<String, SslContext> serverContexts, AdmissionPolicy policy,
                           RouteUpstreams upstreams, TlsRefusals refusals, ChannelGroup sessions) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.serverContexts = Objects.requireNonNull(serverContexts, "serverContexts");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    @Override
    protected void initChannel(SocketChannel client) {
        client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        client.config().setWriteBufferWaterMark(new WriteBufferWaterMark(
                settings.relay().writeBufferLowWater(), settings.relay().writeBufferHighWater()));
        sessions.add(client);
        client.pipeline()
                .addLast("tls-record-guard", new TlsRecordGuard(refusals))
                // Its own timeouts are off (0): the handshake deadline below bounds the whole handshake.
                .addLast("sni", new SniHandler(serverContexts, settings.maxClientHelloBytes(), 0))
                .addLast("handshake-deadline", new HandshakeDeadline(settings.handshakeTimeout(), refusals))
                .addLast("admission", new RouteAdmission(policy, refusals, upstreams, sessions, settings.relay()));
    }
}
