package io.debugproxy.proxy.tlslisten;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs connections the TLS listener turned away: one log line per connection, with the
 * reason and what is known (client address, SNI name, certificate name, route). Thread-safe.
 */
public final class TlsRefusals {

    private static final Logger log = LoggerFactory.getLogger(TlsRefusals.class);

    /** The SNI name of a connection once the ClientHello was read, for the log line of a later refusal. */
    static final AttributeKey<String> SNI = AttributeKey.valueOf(TlsRefusals.class, "sni");
    private static final AttributeKey<Refusal> REFUSED = AttributeKey.valueOf(TlsRefusals.class, "refused");

    private final Map<Refusal, LongAdder> counts = new EnumMap<>(Refusal.class);
    private final Consumer<Refusal> observer;

    public TlsRefusals() {
        this(reason -> { });
    }

    /** @param observer told of every counted refusal, e.g. to feed a metrics registry */
    public TlsRefusals(Consumer<Refusal> observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        for (Refusal reason : Refusal.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    /**
     * Records the refusal of {@code channel}; only the first one per connection counts, later ones
     * (the same failure seen by another handler) are ignored. Returns whether this one counted.
     */
    boolean refuse(Channel channel, Refusal reason, String client, String route, String detail) {
        if (channel.attr(REFUSED).setIfAbsent(reason) != null) {
            return false;
        }
        counts.get(reason).increment();
        observer.accept(reason);
        String sni = channel.attr(SNI).get();
        String format = "event=tls_refused reason={} client_address={} sni={} client={} route={} detail=\"{}\"";
        Object[] args = {reason.key(), channel.remoteAddress(), dash(sni), dash(client), dash(route),
                detail == null ? "" : detail.replace('"', '\'')};
        if (reason.aboutClientIdentity()) {
            log.warn(format, args);
        } else {
            log.info(format, args);
        }
        return true;
    }

    /** Whether {@code channel} has been refused already. */
    static boolean refused(Channel channel) {
        return channel.attr(REFUSED).get() != null;
    }

    /** How many connections were refused for {@code reason} since start. */
    public long count(Refusal reason) {
        return counts.get(reason).sum();
    }

    /** All refusals since start. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Non-zero counts by reason. */
    public Map<Refusal, Long> snapshot() {
        Map<Refusal, Long> out = new EnumMap<>(Refusal.class);
        counts.forEach((reason, count) -> {
            long n = count.sum();
            if (n > 0) {
                out.put(reason, n);
            }
        });
        return out;
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
