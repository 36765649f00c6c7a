package io.debugproxy.proxy.relay;

import io.netty.channel.WriteBufferWaterMark;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of one relayed connection: how long to wait for the upstream, and how many bytes
 * may queue towards either side before reading from the other side pauses.
 *
 * @param connectTimeout        how long dialing the upstream may take before the client is closed
 * @param writeBufferLowWater   queued bytes under which a paused side reads again
 * @param writeBufferHighWater  queued bytes over which the other side stops reading
 */
public record RelaySettings(Duration connectTimeout, int writeBufferLowWater, int writeBufferHighWater) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_LOW_WATER = 64 * 1024;
    public static final int DEFAULT_HIGH_WATER = 256 * 1024;

    public RelaySettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("relay connect timeout must be between 1 ms and "
                    + Integer.MAX_VALUE + " ms, got " + connectTimeout);
        }
        if (writeBufferLowWater <= 0 || writeBufferHighWater < writeBufferLowWater) {
            throw new IllegalArgumentException("relay write buffer water marks need 0 < low <= high, got low="
                    + writeBufferLowWater + " high=" + writeBufferHighWater);
        }
    }

    /** 5 s connect timeout, 64 KiB / 256 KiB water marks. */
    public static RelaySettings defaults() {
        return new RelaySettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_LOW_WATER, DEFAULT_HIGH_WATER);
    }

    public RelaySettings withConnectTimeout(Duration timeout) {
        return new RelaySettings(timeout, writeBufferLowWater, writeBufferHighWater);
    }

    public RelaySettings withWaterMarks(int low, int high) {
        return new RelaySettings(connectTimeout, low, high);
    }

    WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(writeBufferLowWater, writeBufferHighWater);
    }

    int connectTimeoutMillis() {
        return (int) connectTimeout.toMillis();
    }
}
