package io.debugproxy.proxy.listen;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded wait of a stopping proxy: every listener stops accepting, then the debug sessions
 * already open on any of them (route ports, the mux port, the TLS listener) may finish their current
 * step until they end or the bound runs out. Closing what is left is the listeners' own stop.
 */
public final class SessionDrain {

    private static final Logger log = LoggerFactory.getLogger(SessionDrain.class);
    private static final long POLL_MILLIS = 50;

    private final List<DrainableListener> listeners;

    public SessionDrain(List<DrainableListener> listeners) {
        this.listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
    }

    /** @return debug sessions still open when the wait ended */
    public int drain(Duration bound) {
        listeners.forEach(DrainableListener::stopAccepting);
        long deadline = System.nanoTime() + bound.toNanos();
        int open = openSessions();
        if (open > 0) {
            log.info("event=sessions_draining sessions={} bound_ms={}", open, bound.toMillis());
        }
        while (open > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            open = openSessions();
        }
        if (open > 0) {
            log.warn("event=sessions_drain_deadline sessions_cut={} bound_ms={} reason=\"debug sessions still"
                    + " open when the drain time ran out; they are closed now\"", open, bound.toMillis());
        }
        return open;
    }

    /** Distinct client connections: a TLS session sniffed on the mux port belongs to both listeners. */
    private int openSessions() {
        Set<Channel> sessions = new HashSet<>();
        listeners.forEach(listener -> sessions.addAll(listener.openSessions()));
        return sessions.size();
    }
}
