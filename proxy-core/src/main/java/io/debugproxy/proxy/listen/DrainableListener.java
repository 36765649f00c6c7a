package io.debugproxy.proxy.listen;

import io.netty.channel.Channel;
import java.util.Collection;

/**
 * A listener that {@link SessionDrain} can wind down: first it stops accepting, then its open
 * debug sessions are watched until they end on their own.
 */
public interface DrainableListener {

    /** Closes the listening socket (and opens no new one); open sessions go on. Idempotent. */
    void stopAccepting();

    /**
     * The client connections of its open debug sessions, one channel per session. A connection
     * handed from one listener to another (TLS sniffed on the mux port) may be reported by both.
     */
    Collection<Channel> openSessions();
}
