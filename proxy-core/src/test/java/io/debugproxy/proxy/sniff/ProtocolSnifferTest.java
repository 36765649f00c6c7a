package io.debugproxy.proxy.sniff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProtocolSnifferTest {

    private static final SniffVerdict NEED_MORE = SniffVerdict.NEED_MORE;
    private static final SniffVerdict UNRECOGNIZED = SniffVerdict.UNRECOGNIZED;

    /** A TLS 1.2 record header of a ClientHello, then the start of the handshake body. */
    static final byte[] CLIENT_HELLO = {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00, 0x00, (byte) 0xc4, 0x03, 0x03};

    static Stream<Arguments> table() {
        return Stream.of(
                row("Delve JSON-RPC request", ascii("{\"method\":\"RPCServer.SetApiVersion\",\"params\":[{\"APIVersion\":2}],\"id\":0}"),
                        Protocol.DELVE_JSON_RPC),
                row("a lone brace", ascii("{"), Protocol.DELVE_JSON_RPC),
                row("DAP initialize", ascii("Content-Length: 119\r\n\r\n{\"seq\":1,\"type\":\"request\",\"command\":\"initialize\"}"),
                        Protocol.DAP),
                row("DAP header in lower case", ascii("content-length: 2\r\n\r\n{}"), Protocol.DAP),
                row("DAP header cut after the colon", ascii("Content-Length:"), Protocol.DAP),
                row("TLS ClientHello", CLIENT_HELLO, Protocol.TLS),
                row("TLS 1.3 ClientHello (record version 3.3)", tls(0x03, 0x03, 0x01), Protocol.TLS),
                row("HTTP GET", ascii("GET / HTTP/1.1\r\nHost: api.localhost\r\n\r\n"), Protocol.HTTP),
                row("HTTP/1.0 POST", ascii("POST /submit?x=1 HTTP/1.0\r\n"), Protocol.HTTP),
                row("HTTP CONNECT", ascii("CONNECT api.debug.localhost:2345 HTTP/1.1\r\nHost: x\r\n\r\n"), Protocol.HTTP),
                row("HTTP request line ending in a bare LF", ascii("GET / HTTP/1.1\nHost: x\n\n"), Protocol.HTTP),
                row("HTTP absolute-form target", ascii("GET http://api.localhost/x HTTP/1.1\r\n"), Protocol.HTTP),
                row("WebDAV method", ascii("PROPFIND /dav HTTP/1.1\r\n"), Protocol.HTTP),
                row("a known method and a space are enough", ascii("GET "), Protocol.HTTP),
                row("known method, malformed request line (the codec answers 400)", ascii("GET /x y z HTTP/1.1\r\n"),
                        Protocol.HTTP),
                row("known method, request line longer than the sniff cap (the codec answers 414)",
                        ascii("GET /" + "a".repeat(9_000) + " HTTP/1.1\r\n"), Protocol.HTTP),
                row("HTTP/0.9 style request", ascii("GET /\r\n"), Protocol.HTTP),
                row("two spaces after the method", ascii("GET  / HTTP/1.1\r\n"), Protocol.HTTP),
                row("control byte in the target", ascii("GET /\u0001 HTTP/1.1\r\n"), Protocol.HTTP),
                row("version other than 1.x (the codec answers 505)", ascii("GET / HTTP/2.0\r\n"), Protocol.HTTP),
                row("unregistered method with a whole request line", ascii("PURGE /cache HTTP/1.1\r\n"), Protocol.HTTP),
                row("unregistered method without the rest", ascii("PURGE /cache"), NEED_MORE),
                row("unregistered method, malformed request line", ascii("PURGE /x y HTTP/1.1\r\n"), UNRECOGNIZED),
                row("known method glued to more letters", ascii("GETS / HTTP/1.1\r\n"), Protocol.HTTP),
                row("nothing yet", new byte[0], NEED_MORE),
                row("method without the rest", ascii("GET"), NEED_MORE),
                row("unregistered method, request line without its end", ascii("PURGE /index.html HTTP/1."), NEED_MORE),
                row("unregistered method, request line before its LF", ascii("PURGE / HTTP/1.1\r"), NEED_MORE),
                row("CONNECT half-way", ascii("CONNE"), NEED_MORE),
                row("'C' alone (DAP or CONNECT)", ascii("C"), NEED_MORE),
                row("half a DAP header", ascii("Content-Le"), NEED_MORE),
                row("TLS record header only", new byte[] {0x16, 0x03, 0x01, 0x00, 0x10}, NEED_MORE),
                row("SSH banner", ascii("SSH-2.0-OpenSSH_9.6\r\n"), UNRECOGNIZED),
                row("lower-case method", ascii("get / HTTP/1.1\r\n"), UNRECOGNIZED),
                row("HTTP/2 preface", ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), UNRECOGNIZED),
                row("unregistered method, CR not followed by LF", ascii("PURGE / HTTP/1.1\rX"), UNRECOGNIZED),
                row("JSON array", ascii("[1,2]"), UNRECOGNIZED),
                row("JSON object after whitespace", ascii(" {\"id\":1}"), UNRECOGNIZED),
                row("DAP-like but another header", ascii("Content-Type: x\r\n"), UNRECOGNIZED),
                row("TLS alert record", new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28}, UNRECOGNIZED),
                row("TLS handshake record that is not a ClientHello", tls(0x03, 0x03, 0x02), UNRECOGNIZED),
                row("TLS record with a zero length", new byte[] {0x16, 0x03, 0x01, 0x00, 0x00, 0x01}, UNRECOGNIZED),
                row("TLS record version 4.x", new byte[] {0x16, 0x04, 0x01}, UNRECOGNIZED),
                row("SSLv2 hello", new byte[] {(byte) 0x80, 0x2e, 0x01, 0x00, 0x02}, UNRECOGNIZED),
                row("a NUL byte", new byte[] {0}, UNRECOGNIZED),
                row("method longer than 20 letters", ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZ / HTTP/1.1\r\n"), UNRECOGNIZED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifiesTheWholeInput(String name, byte[] input, SniffVerdict expected) {
        assertEquals(expected, classify(input));
    }

    /** A longer prefix never contradicts a shorter one: more bytes only turn "need more" into an answer. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void everyPrefixNeedsMoreOrAgreesWithTheWholeInput(String name, byte[] input, SniffVerdict expected) {
        boolean decided = false;
        for (int n = 0; n <= input.length; n++) {
            SniffVerdict verdict = classify(Arrays.copyOf(input, n));
            if (decided) {
                assertEquals(expected, verdict, "prefix of " + n + " bytes after the decision");
            } else if (!verdict.equals(NEED_MORE)) {
                assertEquals(expected, verdict, "first decision, at " + n + " bytes");
                decided = true;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void leavesTheBufferUntouched(String name, byte[] input, SniffVerdict expected) {
        ByteBuf buffer = Unpooled.wrappedBuffer(input);
        ProtocolSniffer.classify(buffer);
        assertEquals(0, buffer.readerIndex());
        assertEquals(input.length, buffer.writerIndex());
    }

    private static SniffVerdict classify(byte[] bytes) {
        return ProtocolSniffer.classify(Unpooled.wrappedBuffer(bytes));
    }

    private static Arguments row(String name, byte[] input, Protocol expected) {
        return Arguments.of(name, input, SniffVerdict.detected(expected));
    }

    private static Arguments row(String name, byte[] input, SniffVerdict expected) {
        return Arguments.of(name, input, expected);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] tls(int major, int minor, int handshakeType) {
        return new byte[] {0x16, (byte) major, (byte) minor, 0x00, 0x40, (byte) handshakeType, 0x00};
    }
}
