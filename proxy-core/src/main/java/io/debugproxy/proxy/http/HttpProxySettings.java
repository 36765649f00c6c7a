package io.debugproxy.proxy.http;

import io.debugproxy.proxy.relay.RelaySettings;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of the HTTP reverse proxy.
 *
 * @param maxInitialLineLength longest request line; longer gets 414
 * @param maxHeaderSize        largest request header block (all header lines); larger gets 431
 * @param requestHeadTimeout   how long a client connection with no request in progress may take to
 *                             deliver the next complete request head: bounds a client trickling
 *                             its headers (slowloris: 408) and an idle keep-alive connection (closed) alike
 * @param backendResponseTimeout how long a backend may stay silent while a response is awaited
 *                             (restarted by every request body chunk sent) before the client gets 504.
 *                             Generous by default: a debugged service sits at breakpoints.
 * @param backendIdleTimeout   how long an unused pooled backend connection is kept
 * @param maxIdlePerBackend    pooled idle connections kept per backend address and event loop
 * @param relay                backend connect timeout (past it: 504) and the write-buffer water marks
 *                             of every connection; also the relay settings of tunnels
 */
public record HttpProxySettings(int maxInitialLineLength, int maxHeaderSize, Duration requestHeadTimeout,
                                Duration backendResponseTimeout, Duration backendIdleTimeout, int maxIdlePerBackend,
                                RelaySettings relay) {

    public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 8192;
    public static final int DEFAULT_MAX_HEADER_SIZE = 8192;
    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_BACKEND_RESPONSE_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_BACKEND_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_IDLE_PER_BACKEND = 16;
    /** Largest body chunk the codec hands on at once; bodies of any size stream through in such chunks. */
    static final int MAX_CHUNK_SIZE = 16 * 1024;
    /** Responses carry cookies and CSPs: their heads may be larger than what clients may send. */
    static final int MAX_RESPONSE_HEADER_SIZE = 64 * 1024;

    public HttpProxySettings {
        Objects.requireNonNull(requestHeadTimeout, "requestHeadTimeout");
        Objects.requireNonNull(backendResponseTimeout, "backendResponseTimeout");
        Objects.requireNonNull(backendIdleTimeout, "backendIdleTimeout");
        Objects.requireNonNull(relay, "relay");
        if (maxInitialLineLength < 64 || maxHeaderSize < 256) {
            throw new IllegalArgumentException("HTTP limits too small: request line " + maxInitialLineLength
                    + " bytes (min 64), head " + maxHeaderSize + " bytes (min 256)");
        }
        requirePositive("request head timeout", requestHeadTimeout);
        requirePositive("backend response timeout", backendResponseTimeout);
        requirePositive("backend idle timeout", backendIdleTimeout);
        if (maxIdlePerBackend < 0) {
            throw new IllegalArgumentException("idle backend connections per backend must be >= 0, got " + maxIdlePerBackend);
        }
    }

    /** 8 KiB request line (nginx's default), 8 KiB of headers, 15 s head timeout, 5 min backend response timeout, 30 s / 16 idle backend connections. */
    public static HttpProxySettings defaults() {
        return new HttpProxySettings(DEFAULT_MAX_INITIAL_LINE_LENGTH, DEFAULT_MAX_HEADER_SIZE, DEFAULT_REQUEST_HEAD_TIMEOUT,
                DEFAULT_BACKEND_RESPONSE_TIMEOUT, DEFAULT_BACKEND_IDLE_TIMEOUT, DEFAULT_MAX_IDLE_PER_BACKEND,
                RelaySettings.defaults());
    }

    public HttpProxySettings withLimits(int initialLineLength, int headerSize) {
        return new HttpProxySettings(initialLineLength, headerSize, requestHeadTimeout, backendResponseTimeout,
                backendIdleTimeout, maxIdlePerBackend, relay);
    }

    public HttpProxySettings withRequestHeadTimeout(Duration timeout) {
        return new HttpProxySettings(maxInitialLineLength, maxHeaderSize, timeout, backendResponseTimeout,
                backendIdleTimeout, maxIdlePerBackend, relay);
    }

    public HttpProxySettings withBackendResponseTimeout(Duration timeout) {
        return new HttpProxySettings(maxInitialLineLength, maxHeaderSize, requestHeadTimeout, timeout,
                backendIdleTimeout, maxIdlePerBackend, relay);
    }

    public HttpProxySettings withBackendPool(Duration idleTimeout, int maxIdle) {
        return new HttpProxySettings(maxInitialLineLength, maxHeaderSize, requestHeadTimeout, backendResponseTimeout,
                idleTimeout, maxIdle, relay);
    }

    public HttpProxySettings withRelay(RelaySettings relaySettings) {
        return new HttpProxySettings(maxInitialLineLength, maxHeaderSize, requestHeadTimeout, backendResponseTimeout,
                backendIdleTimeout, maxIdlePerBackend, relaySettings);
    }

    private static void requirePositive(String what, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive, got " + d);
        }
    }
}
