package io.debugproxy.proxy.sniff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: what telling protocols apart costs a connection on the mux port, per first packet, against
 * the baseline of looking at one byte ({@link #firstByteOnly}, what Delve itself does to choose
 * between JSON-RPC and DAP). {@link #httpByteAtATime} is the worst case: a client that sends its
 * request line one byte per packet makes the sniffer look again at every byte.
 * Not a test: run it with {@code integration-tests/src/bench/jmh/run.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProtocolSnifferBenchmark {

    private final ByteBuf jsonRpc = ascii("{\"method\":\"RPCServer.GetVersion\",\"params\":[{}],\"id\":1}");
    private final ByteBuf dap = ascii("Content-Length: 91\r\n\r\n{\"seq\":1,\"type\":\"request\",\"command\":\"initialize\"}");
    private final ByteBuf http = ascii("GET /hello?name=you HTTP/1.1\r\nHost: api.debug.localhost\r\n\r\n");
    private final ByteBuf unregisteredMethod = ascii("BREW /pot HTTP/1.1\r\nHost: api.debug.localhost\r\n\r\n");
    private final ByteBuf tlsHello = Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc});

    private static ByteBuf ascii(String text) {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Benchmark
    public int firstByteOnly() {
        return jsonRpc.getUnsignedByte(jsonRpc.readerIndex());
    }

    @Benchmark
    public SniffVerdict delveJsonRpc() {
        return ProtocolSniffer.classify(jsonRpc);
    }

    @Benchmark
    public SniffVerdict delveDap() {
        return ProtocolSniffer.classify(dap);
    }

    @Benchmark
    public SniffVerdict tlsClientHello() {
        return ProtocolSniffer.classify(tlsHello);
    }

    @Benchmark
    public SniffVerdict httpGet() {
        return ProtocolSniffer.classify(http);
    }

    @Benchmark
    public SniffVerdict httpUnregisteredMethod() {
        return ProtocolSniffer.classify(unregisteredMethod);
    }

    /** Classifies every prefix of the request line until the verdict comes, as 1-byte packets would. */
    @Benchmark
    public SniffVerdict httpByteAtATime() {
        SniffVerdict verdict = SniffVerdict.NEED_MORE;
        for (int length = 1; length <= unregisteredMethod.readableBytes() && verdict == SniffVerdict.NEED_MORE; length++) {
            verdict = ProtocolSniffer.classify(unregisteredMethod.slice(0, length));
        }
        return verdict;
    }
}
