package io.debugproxy.proxy.sniff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SniffHandlerTest {

    private static final SniffSettings SETTINGS = new SniffSettings(Duration.ofSeconds(5), 256);

    /** Stands in for the chosen pipeline: records what it is handed. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int reads;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            bytes.writeBytes(ByteBufUtil.getBytes(buf));
            reads++;
            buf.release();
        }
    }

    private final List<Protocol> handedOff = new ArrayList<>();
    private final Recorder recorder = new Recorder();
    private final SniffRejections rejections = new SniffRejections("test");

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast("sniff", new SniffHandler(SETTINGS, (protocol, c) -> {
            handedOff.add(protocol);
            return recorder;
        }, rejections));
        return ch;
    }

    static Stream<Arguments> deliveries() {
        String json = "{\"method\":\"RPCServer.SetApiVersion\",\"params\":[{\"APIVersion\":2}],\"id\":0}";
        String dap = "Content-Length: 58\r\n\r\n{\"seq\":1,\"type\":\"request\",\"command\":\"initialize\"}";
        String http = "GET /health HTTP/1.1\r\nHost: api.debug.localhost:2345\r\nX-A: 1\r\n\r\n";
        String connect = "CONNECT api.debug.localhost:2345 HTTP/1.1\r\nHost: api.debug.localhost:2345\r\n\r\n{\"id\":1}";
        byte[] tls = ProtocolSnifferTest.CLIENT_HELLO;
        List<Arguments> rows = new ArrayList<>();
        for (Split split : Split.values()) {
            rows.add(Arguments.of(Protocol.DELVE_JSON_RPC, ascii(json), split));
            rows.add(Arguments.of(Protocol.DAP, ascii(dap), split));
            rows.add(Arguments.of(Protocol.HTTP, ascii(http), split));
            rows.add(Arguments.of(Protocol.HTTP, ascii(connect), split));
            rows.add(Arguments.of(Protocol.TLS, tls, split));
        }
        return rows.stream();
    }

    /** How the client's bytes arrive. */
    enum Split {
        WHOLE {
            @Override
            List<byte[]> parts(byte[] all) {
                return List.of(all);
            }
        },
        ONE_BYTE_AT_A_TIME {
            @Override
            List<byte[]> parts(byte[] all) {
                List<byte[]> parts = new ArrayList<>();
                for (byte b : all) {
                    parts.add(new byte[] {b});
                }
                return parts;
            }
        },
        SPLIT_INSIDE_THE_FIRST_LINE_AND_HEADERS {
            @Override
            List<byte[]> parts(byte[] all) {
                List<byte[]> parts = new ArrayList<>();
                int[] cuts = {0, 3, 9, 17, 25, all.length};
                for (int i = 0; i + 1 < cuts.length; i++) {
                    int from = Math.min(cuts[i], all.length);
                    int to = Math.min(cuts[i + 1], all.length);
                    if (to > from) {
                        byte[] part = new byte[to - from];
                        System.arraycopy(all, from, part, 0, part.length);
                        parts.add(part);
                    }
                }
                return parts;
            }
        };

        abstract List<byte[]> parts(byte[] all);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("deliveries")
    void handsOffOnce_andReplaysExactlyTheBytesRead(Protocol protocol, byte[] input, Split split) {
        EmbeddedChannel ch = channel();
        for (byte[] part : split.parts(input)) {
            ch.writeInbound(Unpooled.wrappedBuffer(part));
        }
        assertEquals(List.of(protocol), handedOff);
        assertArrayEquals(input, recorder.bytes.toByteArray(), "every byte, in order, nothing added");
        assertNull(ch.pipeline().get("sniff"), "the sniffer leaves the pipeline");
        assertTrue(ch.isActive());
        assertEquals(0, rejections.total());
        assertFalse(ch.finish());
    }

    @Test
    void replaysTheSniffedBytesAsOneRead_thenPassesLaterReadsThrough() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("Cont")));
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("ent-Length: 2\r\n")));
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("\r\n{}")));
        assertEquals(2, recorder.reads);
        assertEquals("Content-Length: 2\r\n\r\n{}", recorder.bytes.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void closesAndCountsBytesOfNoKnownProtocol() {
        EmbeddedChannel ch = channel();
        ByteBuf noise = Unpooled.wrappedBuffer(ascii("SSH-2.0-OpenSSH_9.6\r\n"));
        ch.writeInbound(noise);
        assertFalse(ch.isActive());
        assertEquals(1, rejections.count(SniffRejection.UNKNOWN_PROTOCOL));
        assertEquals(0, noise.refCnt(), "the bytes were released");
        assertTrue(handedOff.isEmpty());
    }

    @Test
    void closesAndCountsAClientThatSaysNothingBeforeTheTimeout() {
        EmbeddedChannel ch = channel();
        ch.advanceTimeBy(SETTINGS.timeout().toMillis() - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isActive());
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isActive());
        assertEquals(1, rejections.count(SniffRejection.TIMEOUT));
    }

    @Test
    void closesAClientTricklingAPrefixPastTheTimeout() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("PURGE /")));
        ch.advanceTimeBy(SETTINGS.timeout().toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isActive());
        assertEquals(1, rejections.count(SniffRejection.TIMEOUT));
    }

    @Test
    void closesAndCountsAPrefixThatReachesTheByteCap() {
        EmbeddedChannel ch = channel();
        // A method the sniffer does not know by name: only a whole request line would make it HTTP.
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("PURGE /" + "a".repeat(SETTINGS.maxBytes()))));
        assertFalse(ch.isActive());
        assertEquals(1, rejections.count(SniffRejection.TOO_MANY_BYTES));
    }

    @Test
    void countsAClientThatLeavesBeforeAProtocolIsKnown() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("Content-")));
        ch.close();
        assertEquals(1, rejections.count(SniffRejection.CLOSED));
        assertTrue(handedOff.isEmpty());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
