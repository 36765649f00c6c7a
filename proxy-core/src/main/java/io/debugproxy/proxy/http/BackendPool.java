package io.debugproxy.proxy.http;

import io.debugproxy.config.route.HostPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Backend connections of one event loop, idle ones kept per backend address for the next request.
 * A client connection only ever uses the pool of its own event loop, so requests, responses and
 * the pool itself are all handled on one thread: no locks, no thread hop per byte. Not thread-safe:
 * every method must be called on {@link #loop()}.
 *
 * <pre>
 *  backend connection: [http-client-codec] ─► [backend]
 * </pre>
 */
final class BackendPool {

    /** A connection handed to one request; {@code reused} when it had carried a request before. */
    record Lease(Channel channel, boolean reused) {
    }

    private final EventLoop loop;
    private final HttpProxySettings settings;
    private final Map<HostPort, ArrayDeque<Channel>> idle = new HashMap<>();
    private boolean closed;

    BackendPool(EventLoop loop, HttpProxySettings settings) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    EventLoop loop() {
        return loop;
    }

    /** An idle connection to {@code backend} if there is one, else a new one. */
    Future<Lease> acquire(HostPort backend, Class<? extends Channel> channelClass) {
        ArrayDeque<Channel> parked = idle.get(backend);
        while (parked != null && !parked.isEmpty()) {
            // The most recently parked connection is the least likely to have been closed by the backend.
            Channel channel = parked.pollLast();
            if (channel.isActive()) {
                return loop.newSucceededFuture(new Lease(channel, true));
            }
        }
        return connect(backend, channelClass);
    }

    /** A new connection to {@code backend}, whatever the pool holds. */
    Future<Lease> connect(HostPort backend, Class<? extends Channel> channelClass) {
        Promise<Lease> leased = loop.newPromise();
        // A host name is resolved by Netty's default resolver, which blocks this event loop;
        // discovery hands out IP literals, so only static routes naming a host pay for it.
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.relay().connectTimeout().toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        settings.relay().writeBufferLowWater(), settings.relay().writeBufferHighWater()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast("http-client-codec", new HttpClientCodec(new HttpDecoderConfig()
                                        .setMaxHeaderSize(HttpProxySettings.MAX_RESPONSE_HEADER_SIZE)
                                        .setMaxChunkSize(HttpProxySettings.MAX_CHUNK_SIZE), false, false))
                                .addLast("backend", new BackendHandler());
                    }
                })
                .connect(backend.host(), backend.port());
        connect.channel().closeFuture().addListener(f -> forget(backend, connect.channel()));
        connect.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                leased.setSuccess(new Lease(f.channel(), false));
            } else {
                leased.setFailure(f.cause());
            }
        });
        return leased;
    }

    /**
     * Takes back a connection whose last exchange ended cleanly (whole request sent, whole response
     * read, backend willing to keep it): parked for the next request, or closed when the pool for
     * that backend is full.
     */
    void release(HostPort backend, Channel channel) {
        if (closed || !channel.isActive()) {
            channel.close();
            return;
        }
        ArrayDeque<Channel> parked = idle.computeIfAbsent(backend, b -> new ArrayDeque<>());
        if (parked.size() >= settings.maxIdlePerBackend()) {
            channel.close();
            return;
        }
        parked.addLast(channel);
        channel.pipeline().get(BackendHandler.class).parked(settings.backendIdleTimeout());
    }

    /** Idle connections to {@code backend}, for tests. */
    int idleCount(HostPort backend) {
        ArrayDeque<Channel> parked = idle.get(backend);
        return parked == null ? 0 : parked.size();
    }

    /** Closes every idle connection; later releases close theirs. */
    void close() {
        closed = true;
        List<Channel> all = new ArrayList<>();
        idle.values().forEach(all::addAll);
        idle.clear();
        all.forEach(Channel::close);
    }

    private void forget(HostPort backend, Channel channel) {
        ArrayDeque<Channel> parked = idle.get(backend);
        if (parked != null) {
            parked.remove(channel);
            if (parked.isEmpty()) {
                idle.remove(backend);
            }
        }
    }
}
