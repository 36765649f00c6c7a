package io.debugproxy.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The forwarded-header policy of a request on its way to a backend.
 *
 * <ul>
 *   <li>From a peer that is not a trusted proxy, every incoming {@code X-Forwarded-*},
 *       {@code X-Real-IP} and {@code Forwarded} header is removed first: a client cannot forge them.</li>
 *   <li>{@code X-Forwarded-For} gets the peer appended; {@code Forwarded} gets an RFC 7239 element
 *       ({@code for}, {@code host}, {@code proto}) appended.</li>
 *   <li>{@code X-Forwarded-Host} (the {@code Host} the client sent), {@code X-Forwarded-Proto},
 *       {@code X-Forwarded-Port} and {@code X-Real-IP} are set, unless a trusted proxy already set
 *       them (it saw the original client; we did not).</li>
 * </ul>
 *
 * {@code Host} itself is never touched.
 */
final class ForwardedHeaders {

    static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");

    private final Predicate<InetAddress> trustedProxy;
    private final String proto;

    /**
     * @param trustedProxy peers whose forwarded headers are kept
     * @param proto        the scheme clients use on this listener, {@code http} or {@code https}
     */
    ForwardedHeaders(Predicate<InetAddress> trustedProxy, String proto) {
        this.trustedProxy = Objects.requireNonNull(trustedProxy, "trustedProxy");
        this.proto = Objects.requireNonNull(proto, "proto");
    }

    /**
     * Applies the policy to {@code headers} of a request that {@code peer} sent to the proxy's
     * {@code localPort}.
     */
    void apply(HttpHeaders headers, InetSocketAddress peer, int localPort) {
        InetAddress peerAddress = peer.getAddress();
        if (!trusts(peer)) {
            removeForwarded(headers);
        }
        String host = headers.get(HttpHeaderNames.HOST, "");
        String peerIp = peerAddress == null ? peer.getHostString() : peerAddress.getHostAddress();

        List<String> chain = new ArrayList<>(headers.getAll(X_FORWARDED_FOR));
        chain.add(peerIp);
        headers.set(X_FORWARDED_FOR, String.join(", ", chain));

        List<String> forwarded = new ArrayList<>(headers.getAll(FORWARDED));
        forwarded.add(forwardedElement(peerAddress, peerIp, host));
        headers.set(FORWARDED, String.join(", ", forwarded));

        setUnlessPresent(headers, X_FORWARDED_HOST, host);
        setUnlessPresent(headers, X_FORWARDED_PROTO, proto);
        HostHeader parsed = HostHeader.parse(host);
        setUnlessPresent(headers, X_FORWARDED_PORT, Integer.toString(parsed.port().orElse(localPort)));
        setUnlessPresent(headers, X_REAL_IP, peerIp);
    }

    /** Whether {@code peer} is a trusted proxy, whose forwarded headers are kept. */
    boolean trusts(InetSocketAddress peer) {
        InetAddress address = peer.getAddress();
        return address != null && trustedProxy.test(address);
    }

    /** Removes {@code X-Forwarded-*} (any suffix), {@code X-Real-IP} and {@code Forwarded}. */
    static void removeForwarded(HttpHeaders headers) {
        List<String> names = new ArrayList<>();
        for (String name : headers.names()) {
            if (name.regionMatches(true, 0, "x-forwarded-", 0, 12)) {
                names.add(name);
            }
        }
        names.forEach(headers::remove);
        headers.remove(X_REAL_IP);
        headers.remove(FORWARDED);
    }

    private static void setUnlessPresent(HttpHeaders headers, AsciiString name, String value) {
        if (!headers.contains(name)) {
            headers.set(name, value);
        }
    }

    /** {@code for=192.0.2.1;host=example.com;proto=http}, IPv6 as {@code for="[2001:db8::1]"}. */
    private String forwardedElement(InetAddress peer, String peerIp, String host) {
        String node = peer instanceof Inet6Address ? quoted("[" + peerIp + "]") : token(peerIp);
        StringBuilder element = new StringBuilder("for=").append(node);
        if (!host.isEmpty()) {
            element.append(";host=").append(token(host));
        }
        return element.append(";proto=").append(token(proto)).toString();
    }

    /** The value as an RFC 7230 token when it is one, else as a quoted-string. */
    static String token(String value) {
        if (!value.isEmpty() && value.chars().allMatch(ForwardedHeaders::isTokenChar)) {
            return value;
        }
        return quoted(value);
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
