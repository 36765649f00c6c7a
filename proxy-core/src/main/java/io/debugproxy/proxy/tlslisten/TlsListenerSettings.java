package io.debugproxy.proxy.tlslisten;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.relay.RelaySettings;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * How the mutual-TLS listener binds and how much an unauthenticated client may cost it.
 *
 * @param address             bind address; an empty host or {@code 0.0.0.0} means every interface
 * @param handshakeTimeout    from accept to a completed handshake, ClientHello included
 * @param maxClientHelloBytes longest ClientHello read before giving up on a client
 * @param serverChannel       server channel class matching the event loop group's transport
 * @param relay               relay tuning for admitted sessions
 */
public record TlsListenerSettings(HostPort address, Duration handshakeTimeout, int maxClientHelloBytes,
                                  Class<? extends ServerChannel> serverChannel, RelaySettings relay) {

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CLIENT_HELLO_BYTES = 16 * 1024;

    public TlsListenerSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(serverChannel, "serverChannel");
        Objects.requireNonNull(relay, "relay");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the TLS handshake timeout must be positive, got " + handshakeTimeout);
        }
        if (maxClientHelloBytes < 512 || maxClientHelloBytes > 0xFFFFFF) {
            throw new IllegalArgumentException("the ClientHello cap must be between 512 bytes and 16 MiB, got "
                    + maxClientHelloBytes);
        }
    }

    /** {@code address}, 10 s handshake timeout, 16 KiB ClientHello cap, NIO, default relay settings. */
    public static TlsListenerSettings at(HostPort address) {
        return new TlsListenerSettings(address, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_MAX_CLIENT_HELLO_BYTES,
                NioServerSocketChannel.class, RelaySettings.defaults());
    }

    public TlsListenerSettings withHandshakeTimeout(Duration timeout) {
        return new TlsListenerSettings(address, timeout, maxClientHelloBytes, serverChannel, relay);
    }

    public TlsListenerSettings withMaxClientHelloBytes(int bytes) {
        return new TlsListenerSettings(address, handshakeTimeout, bytes, serverChannel, relay);
    }

    public TlsListenerSettings withServerChannel(Class<? extends ServerChannel> channelClass) {
        return new TlsListenerSettings(address, handshakeTimeout, maxClientHelloBytes, channelClass, relay);
    }

    public TlsListenerSettings withRelay(RelaySettings relaySettings) {
        return new TlsListenerSettings(address, handshakeTimeout, maxClientHelloBytes, serverChannel, relaySettings);
    }
}
