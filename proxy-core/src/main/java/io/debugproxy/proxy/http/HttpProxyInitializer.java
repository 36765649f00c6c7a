package io.debugproxy.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

import java.util.Objects;

/**
 * Makes a client channel an HTTP reverse-proxy connection.
 *
 * <pre>
 *  client: [http-codec] ─► [request-head-timeout] ─► [reverse-proxy] ──► backend (pooled, same event loop):
 *                                                                         [http-client-codec] ─► [backend]
 *  after a WebSocket 101:  client [relay] ◄──► backend [relay]            (raw bytes both ways)
 *  after CONNECT:          client [connect-reply] [dial-upstream] ─► [relay] ◄──► route's Delve
 *  closing after an error: client [lingering-close] [http-codec] ...      (output shut, input drained)
 * </pre>
 */
@ChannelHandler.Sharable
final class HttpProxyInitializer extends ChannelInitializer<Channel> {

    private final ReverseProxy proxy;

    HttpProxyInitializer(ReverseProxy proxy) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
    }

    @Override
    protected void initChannel(Channel client) {
        HttpProxySettings settings = proxy.settings();
        client.config().setWriteBufferWaterMark(new WriteBufferWaterMark(
                settings.relay().writeBufferLowWater(), settings.relay().writeBufferHighWater()));
        // A client that half-closes after its request (`nc -N`, a shell pipe, HTTP/1.0 tools) says
        // "no more requests", not "never mind": it still reads the answers. See ReverseProxyHandler.
        client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        client.pipeline()
                .addLast("http-codec", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(settings.maxInitialLineLength())
                        .setMaxHeaderSize(settings.maxHeaderSize())
                        .setMaxChunkSize(HttpProxySettings.MAX_CHUNK_SIZE)))
                .addLast("request-head-timeout", new RequestHeadTimeout(settings.requestHeadTimeout(), proxy.metrics()))
                .addLast("reverse-proxy", new ReverseProxyHandler(proxy));
    }
}
