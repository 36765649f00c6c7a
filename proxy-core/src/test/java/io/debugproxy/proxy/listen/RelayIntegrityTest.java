package io.debugproxy.proxy.listen;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.relay.Loopback;
import io.debugproxy.proxy.relay.RelaySettings;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 256 MiB each way at the same time through a route listener, with a reader that dawdles,
 * checking every byte arrives in order and the relay never holds more than its water marks allow.
 */
class RelayIntegrityTest {

    private static final long VOLUME = 256L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    /** Backpressure stops reading once the high water mark is passed, so at most one more read lands. */
    private static final long BUFFER_BOUND = RelaySettings.DEFAULT_HIGH_WATER + 2L * CHUNK;
    /** Seconds after which a transfer counts as hung (it takes about ten on two cores). */
    private static final long HANG_GUARD = 120;

    @TempDir
    Path state;

    private EventLoopGroup group;
    private RouteListeners listeners;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        if (listeners != null) {
            listeners.stop();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void relaysAQuarterGibibyteEachWayIntactWithASlowReaderAndBoundedBuffers() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            RouteTablePublisher publisher = new RouteTablePublisher();
            publisher.publish(RouteTable.of(List.of(RouteListenersTest.route("bulk", Loopback.address(delve)))));
            listeners = new RouteListeners(group, publisher,
                    PortAssignments.load(state, RouteListenersTest.freeRange(1)), RouteListenerSettings.defaults());
            listeners.start();
            HostPort listen = listeners.listenAddress("bulk").orElseThrow();

            try (Socket ide = Loopback.connect(listen); Socket server = Loopback.accept(delve)) {
                ChannelGroup sessions = listeners.sessions("bulk").orElseThrow();
                AtomicBoolean done = new AtomicBoolean();
                Future<Long> maxBuffered = threads.submit(() -> sampleMaxPending(sessions, done));
                try {
                    Future<String> ideSent = threads.submit(() -> send(ide, 1));
                    Future<String> serverSent = threads.submit(() -> send(server, 2));
                    Future<String> serverReceived = threads.submit(() -> receive(server, false));
                    Future<String> ideReceived = threads.submit(() -> receive(ide, true));

                    assertEquals(result(ideSent), result(serverReceived),
                            "IDE to Delve: SHA-256 of what was sent and what arrived");
                    assertEquals(result(serverSent), result(ideReceived),
                            "Delve to IDE: SHA-256 of what was sent and what arrived");
                    Loopback.await(sessions::isEmpty, "both relay channels closed after both directions ended");
                } finally {
                    done.set(true);
                }
                long max = result(maxBuffered);
                assertTrue(max <= BUFFER_BOUND, "the relay queued up to " + max + " bytes for one side; bound is "
                        + BUFFER_BOUND);
                assertTrue(max > 0, "the sampler saw the relay buffering at all");
            }
        }
    }

    /** Writes {@link #VOLUME} pseudo-random bytes, then half-closes; returns their SHA-256. */
    private static String send(Socket socket, long seed) throws IOException {
        MessageDigest digest = sha256();
        Random random = new Random(seed);
        byte[] chunk = new byte[CHUNK];
        OutputStream out = socket.getOutputStream();
        for (long sent = 0; sent < VOLUME; sent += CHUNK) {
            random.nextBytes(chunk);
            digest.update(chunk);
            out.write(chunk);
        }
        socket.shutdownOutput();
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads to end of stream; returns the SHA-256 of what arrived. A slow reader pauses after every read. */
    private static String receive(Socket socket, boolean slow) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[CHUNK];
        InputStream in = socket.getInputStream();
        long received = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
            received += n;
            if (slow) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        assertEquals(VOLUME, received, "bytes received");
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The most bytes the relay ever had queued towards one side, sampled until {@code done}. */
    private static long sampleMaxPending(ChannelGroup sessions, AtomicBoolean done) {
        AtomicLong max = new AtomicLong();
        while (!done.get()) {
            for (Channel channel : sessions) {
                ChannelOutboundBuffer queue = channel.unsafe().outboundBuffer();
                if (queue != null) {
                    max.accumulateAndGet(queue.totalPendingWriteBytes(), Math::max);
                }
            }
            LockSupport.parkNanos(50_000);
        }
        return max.get();
    }

    private static <T> T result(Future<T> task) throws Exception {
        return task.get(HANG_GUARD, TimeUnit.SECONDS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
