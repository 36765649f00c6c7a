package io.debugproxy.proxy.sniff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Counts and logs connections closed before their protocol was recognized: one log line each,
 * with the reason, the client address and the first bytes in hex. Thread-safe.
 */
public final class SniffRejections {

    private static final Logger log = LoggerFactory.getLogger(SniffRejections.class);
    private static final int LOGGED_BYTES = 16;

    private final String listener;
    private final BiConsumer<String, String> also;
    private final Map<SniffRejection, LongAdder> counts = new EnumMap<>(SniffRejection.class);

    /** @param listener listener name for the log lines, e.g. {@code mux} */
    public SniffRejections(String listener) {
        this(listener, (l, reason) -> { });
    }

    /**
     * @param also told {@code (listener, reason key)} of every rejection, e.g.
     *             {@code metrics::handshakeFailed}
     */
    public SniffRejections(String listener, BiConsumer<String, String> also) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.also = Objects.requireNonNull(also, "also");
        for (SniffRejection reason : SniffRejection.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    /** Records one rejection; {@code seen} (may be null) is only looked at. */
    void reject(Channel channel, SniffRejection reason, ByteBuf seen) {
        counts.get(reason).increment();
        also.accept(listener, reason.key());
        int bytes = seen == null ? 0 : seen.readableBytes();
        String head = bytes == 0 ? "-" : ByteBufUtil.hexDump(seen, seen.readerIndex(), Math.min(bytes, LOGGED_BYTES));
        log.info("event=protocol_refused listener={} reason={} client_address={} bytes={} first_bytes={}",
                listener, reason.key(), channel.remoteAddress(), bytes, head);
    }

    /** Connections rejected for {@code reason} since start. */
    public long count(SniffRejection reason) {
        return counts.get(reason).sum();
    }

    /** All rejections since start. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
