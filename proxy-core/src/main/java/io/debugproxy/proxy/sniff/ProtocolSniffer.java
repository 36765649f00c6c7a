package io.debugproxy.proxy.sniff;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tells the protocol of a connection from its first bytes. Pure and stateless: it looks at the
 * readable bytes of a buffer without moving its indices, and the answer for a prefix never
 * contradicts the answer for a longer one, so bytes may arrive in any split.
 *
 * <ul>
 *   <li>TLS: a handshake record ({@code 0x16}, version {@code 0x03 0x00..0x04}, a non-zero length)
 *       whose first handshake message is a ClientHello ({@code 0x01}) — 6 bytes.</li>
 *   <li>HTTP/1.x: a method the HTTP registry knows ({@code GET}, {@code POST}, {@code CONNECT},
 *       WebDAV's, ...) and a space — at most 11 bytes. What follows is the HTTP codec's to judge,
 *       so a malformed or overlong request gets an HTTP answer (400, 414, 431) instead of a
 *       dropped connection. Any other upper-case method needs a whole request line,
 *       {@code METHOD SP target SP HTTP/1.d CRLF} (a bare LF is accepted, as Netty's decoder does).</li>
 *   <li>Delve JSON-RPC: a JSON object, {@code '{'} — 1 byte.</li>
 *   <li>DAP: {@code Content-Length:} in any case — 15 bytes.</li>
 * </ul>
 */
public final class ProtocolSniffer {

    private static final int TLS_HANDSHAKE = 0x16;
    private static final int TLS_CLIENT_HELLO = 0x01;
    /** A TLS record carries at most 2^14 bytes of plaintext plus 2048 of expansion. */
    private static final int TLS_MAX_RECORD = (1 << 14) + 2048;
    private static final byte[] DAP_HEADER = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_VERSION = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_METHOD_LENGTH = 20;
    /**
     * Request methods of RFC 9110, PATCH, and WebDAV's, each with the space that ends it. Not
     * {@code PRI}: that opens the HTTP/2 preface, which this port does not serve.
     */
    private static final List<String> KNOWN_METHODS = Stream.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
                    "OPTIONS", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK",
                    "REPORT", "SEARCH", "MKCALENDAR", "ACL", "QUERY")
            .map(method -> method + " ")
            .toList();

    private enum Partial { YES, MAYBE, NO }

    private ProtocolSniffer() {
    }

    /** What the readable bytes of {@code prefix} say; the buffer is not modified. */
    public static SniffVerdict classify(ByteBuf prefix) {
        if (!prefix.isReadable()) {
            return SniffVerdict.NEED_MORE;
        }
        int first = prefix.getUnsignedByte(prefix.readerIndex());
        if (first == '{') {
            return SniffVerdict.detected(Protocol.DELVE_JSON_RPC);
        }
        if (first == TLS_HANDSHAKE) {
            return verdict(tlsClientHello(prefix), Protocol.TLS);
        }
        // 'C' opens both "Content-Length:" (DAP) and "CONNECT " (HTTP); each test rules the other out.
        Partial dap = dapHeader(prefix);
        if (dap == Partial.YES) {
            return SniffVerdict.detected(Protocol.DAP);
        }
        Partial method = knownMethod(prefix);
        if (method == Partial.YES) {
            return SniffVerdict.detected(Protocol.HTTP);
        }
        // A method nobody registered is HTTP only if a whole request line says so.
        Partial http = httpRequestLine(prefix);
        if (http == Partial.YES) {
            return SniffVerdict.detected(Protocol.HTTP);
        }
        return dap == Partial.MAYBE || method == Partial.MAYBE || http == Partial.MAYBE
                ? SniffVerdict.NEED_MORE : SniffVerdict.UNRECOGNIZED;
    }

    private static SniffVerdict verdict(Partial partial, Protocol protocol) {
        return switch (partial) {
            case YES -> SniffVerdict.detected(protocol);
            case MAYBE -> SniffVerdict.NEED_MORE;
            case NO -> SniffVerdict.UNRECOGNIZED;
        };
    }

    private static Partial tlsClientHello(ByteBuf in) {
        int start = in.readerIndex();
        int n = in.readableBytes();
        if (n > 1 && in.getUnsignedByte(start + 1) != 0x03) {
            return Partial.NO;
        }
        if (n > 2 && in.getUnsignedByte(start + 2) > 0x04) {
            return Partial.NO;
        }
        if (n > 4) {
            int length = in.getUnsignedShort(start + 3);
            if (length == 0 || length > TLS_MAX_RECORD) {
                return Partial.NO;
            }
        }
        if (n > 5) {
            return in.getUnsignedByte(start + 5) == TLS_CLIENT_HELLO ? Partial.YES : Partial.NO;
        }
        return Partial.MAYBE;
    }

    private static Partial dapHeader(ByteBuf in) {
        int start = in.readerIndex();
        int n = Math.min(in.readableBytes(), DAP_HEADER.length);
        for (int i = 0; i < n; i++) {
            if (lower(in.getUnsignedByte(start + i)) != DAP_HEADER[i]) {
                return Partial.NO;
            }
        }
        return n == DAP_HEADER.length ? Partial.YES : Partial.MAYBE;
    }

    /** One of {@link #KNOWN_METHODS}, space included, as far as bytes go. */
    private static Partial knownMethod(ByteBuf in) {
        int start = in.readerIndex();
        int n = in.readableBytes();
        Partial best = Partial.NO;
        for (String method : KNOWN_METHODS) {
            int compared = Math.min(n, method.length());
            int i = 0;
            while (i < compared && in.getUnsignedByte(start + i) == method.charAt(i)) {
                i++;
            }
            if (i == method.length()) {
                return Partial.YES;
            }
            if (i == compared) {
                best = Partial.MAYBE;
            }
        }
        return best;
    }

    /** {@code METHOD SP request-target SP HTTP/1.d (CR)LF}, checked byte by byte as far as bytes go. */
    private static Partial httpRequestLine(ByteBuf in) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        int methodLength = 0;
        for (; i < end; i++) {
            int b = in.getUnsignedByte(i);
            if (b == ' ' && methodLength > 0) {
                break;
            }
            if (b < 'A' || b > 'Z' || ++methodLength > MAX_METHOD_LENGTH) {
                return Partial.NO;
            }
        }
        i++; // the space after the method
        int targetLength = 0;
        for (; i < end; i++) {
            int b = in.getUnsignedByte(i);
            if (b == ' ' && targetLength > 0) {
                break;
            }
            if (b <= ' ' || b == 0x7f) {
                return Partial.NO;
            }
            targetLength++;
        }
        i++; // the space after the target
        for (int v = 0; v < HTTP_VERSION.length; v++, i++) {
            if (i >= end) {
                return Partial.MAYBE;
            }
            if (in.getUnsignedByte(i) != HTTP_VERSION[v]) {
                return Partial.NO;
            }
        }
        if (i >= end) {
            return Partial.MAYBE;
        }
        int minor = in.getUnsignedByte(i++);
        if (minor < '0' || minor > '9') {
            return Partial.NO;
        }
        if (i >= end) {
            return Partial.MAYBE;
        }
        int b = in.getUnsignedByte(i++);
        if (b == '\n') {
            return Partial.YES;
        }
        if (b != '\r') {
            return Partial.NO;
        }
        if (i >= end) {
            return Partial.MAYBE;
        }
        return in.getUnsignedByte(i) == '\n' ? Partial.YES : Partial.NO;
    }

    private static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
