package io.debugproxy.proxy.http;

import io.netty.channel.EventLoop;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One {@link BackendPool} per event loop, created on first use. Thread-safe. */
final class BackendPools {

    private final HttpProxySettings settings;
    private final ConcurrentMap<EventLoop, BackendPool> byLoop = new ConcurrentHashMap<>();

    BackendPools(HttpProxySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The pool of {@code loop}; use it only from that loop. */
    BackendPool forLoop(EventLoop loop) {
        return byLoop.computeIfAbsent(loop, l -> new BackendPool(l, settings));
    }

    /** Closes every idle backend connection, each on its own loop. */
    void closeAll() {
        byLoop.values().forEach(pool -> {
            if (!pool.loop().isShuttingDown()) {
                pool.loop().execute(pool::close);
            }
        });
    }
}
