package io.debugproxy.proxy.mux;

import io.debugproxy.proxy.sniff.ProtocolHandoff;
import io.debugproxy.proxy.sniff.SniffHandler;
import io.debugproxy.proxy.sniff.SniffRejections;
import io.debugproxy.proxy.sniff.SniffSettings;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;

import java.util.Objects;

/**
 * A connection accepted on the multiplexed port, from first byte to the pipeline of its protocol.
 *
 * <pre>
 *  accepted:           [sniff]                               reads the first bytes, at most maxBytes
 *  TLS ClientHello:    (the TLS listener's pipeline)         or an alert when the proxy has none
 *  HTTP/1.x:           [http-codec] [request-head-timeout] [reverse-proxy]
 *     CONNECT:         [connect-reply] [dial-upstream] ─► [relay]
 *  Delve JSON-RPC/DAP: [dial-upstream] ─► [relay]            the only usable route
 *                      [refuse-debug-client]                 none or several: error in the client's protocol
 * </pre>
 *
 * Each pipeline gets the sniffed bytes, unchanged, as its first read.
 */
final class MuxInitializer extends ChannelInitializer<SocketChannel> {

    private final SniffSettings sniff;
    private final ProtocolHandoff handoff;
    private final SniffRejections rejections;
    private final ChannelGroup sessions;

    MuxInitializer(SniffSettings sniff, ProtocolHandoff handoff, SniffRejections rejections, ChannelGroup sessions) {
        this.sniff = Objects.requireNonNull(sniff, "sniff");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
        this.rejections = Objects.requireNonNull(rejections, "rejections");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    @Override
    protected void initChannel(SocketChannel client) {
        sessions.add(client);
        client.pipeline().addLast("sniff", new SniffHandler(sniff, handoff, rejections));
    }
}
