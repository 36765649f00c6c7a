package io.debugproxy.proxy.metrics;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;

import java.util.Objects;

/**
 * Wraps a listener's child handler so every accepted channel starts with a
 * {@link ConnectionMetricsHandler}:
 * <pre>
 *  socket ─► [metrics] ─► (what {@code inner} sets up)
 * </pre>
 */
public final class InstrumentedInitializer extends ChannelInitializer<Channel> {

    private final ProxyMetrics.ConnectionCounter counter;
    private final ChannelHandler inner;

    /** @param inner the listener's own child handler, usually a {@link ChannelInitializer} (must be sharable) */
    public InstrumentedInitializer(ProxyMetrics.ConnectionCounter counter, ChannelHandler inner) {
        this.counter = Objects.requireNonNull(counter, "counter");
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast("metrics", new ConnectionMetricsHandler(counter))
                .addLast(inner);
    }
}
