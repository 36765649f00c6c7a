package io.debugproxy.proxy.sniff;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how far the multiplexed port looks at a new connection before giving up on it.
 *
 * @param timeout  from accept to a recognized protocol; a client that says nothing (or trickles
 *                 bytes) is closed after this long
 * @param maxBytes bytes read at most before a protocol must be recognized
 */
public record SniffSettings(Duration timeout, int maxBytes) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Every protocol is told within a few bytes, except HTTP with a method the sniffer does not
     * know by name, which takes a whole request line: 8 KiB is the HTTP proxy's request-line limit.
     */
    public static final int DEFAULT_MAX_BYTES = 8 * 1024;

    public SniffSettings {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the protocol detection timeout must be positive, got " + timeout);
        }
        if (maxBytes < 16) {
            throw new IllegalArgumentException("protocol detection needs at least 16 bytes, got " + maxBytes);
        }
    }

    /** 10 s, 8 KiB. */
    public static SniffSettings defaults() {
        return new SniffSettings(DEFAULT_TIMEOUT, DEFAULT_MAX_BYTES);
    }

    public SniffSettings withTimeout(Duration newTimeout) {
        return new SniffSettings(newTimeout, maxBytes);
    }

    public SniffSettings withMaxBytes(int newMaxBytes) {
        return new SniffSettings(timeout, newMaxBytes);
    }
}
