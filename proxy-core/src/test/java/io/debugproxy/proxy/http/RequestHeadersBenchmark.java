package io.debugproxy.proxy.http;

import io.debugproxy.config.Cidr;
import io.debugproxy.config.HttpSettings;
import io.debugproxy.config.route.HostPort;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
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
 * JMH: what the proxy adds to every HTTP exchange on the mux port, against the baseline that any
 * proxy pays, copying the request head ({@link #copyOnly}). The forwarded-header policy runs once
 * per request, the localhost rewrite once per response; the HTTP load benchmark
 * ({@code integration-tests/src/bench/http}) shows their share of the whole per-request cost.
 * Not a test: run it with {@code integration-tests/src/bench/jmh/run.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestHeadersBenchmark {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.168.1.20", 51000);
    private static final InetSocketAddress TRAEFIK = new InetSocketAddress("10.1.2.3", 41000);

    private final ForwardedHeaders policy =
            new ForwardedHeaders(new HttpSettings(List.of(Cidr.parse("10.0.0.0/8")))::isTrusted, "http");
    private final InternalUrlRewriter rewriter = new InternalUrlRewriter(new HostPort("172.18.0.5", 8080),
            "172.18.0.5", new PublicOrigin("http", "api.debug.localhost:2345"));

    /** A browser's request as it arrives from a client that is not a trusted proxy, one spoofed header. */
    private final HttpHeaders fromClient = new DefaultHttpHeaders()
            .set("Host", "api.debug.localhost:2345")
            .set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0")
            .set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            .set("Accept-Language", "en-US,en;q=0.5")
            .set("Accept-Encoding", "gzip, deflate")
            .set("Cookie", "session=0123456789abcdef")
            .set("Connection", "keep-alive")
            .set("X-Forwarded-For", "6.6.6.6");

    /** The same request after Traefik: its forwarded headers are kept and extended. */
    private final HttpHeaders fromTraefik = fromClient.copy()
            .set("X-Forwarded-For", "192.168.1.20")
            .set("X-Forwarded-Host", "api.example.test")
            .set("X-Forwarded-Proto", "https")
            .set("X-Forwarded-Port", "443")
            .set("X-Real-Ip", "192.168.1.20");

    /** A redirect answer that points at the service's own address. */
    private final HttpHeaders redirect = new DefaultHttpHeaders()
            .set("Content-Type", "text/html; charset=utf-8")
            .set("Location", "http://localhost:8080/login?next=%2F")
            .set("Content-Length", "0")
            .set("Date", "Fri, 04 Dec 2026 12:00:00 GMT");

    /** A plain answer: nothing to rewrite, the common case. */
    private final HttpHeaders ordinary = new DefaultHttpHeaders()
            .set("Content-Type", "application/json")
            .set("Content-Length", "1024")
            .set("Date", "Fri, 04 Dec 2026 12:00:00 GMT");

    @Benchmark
    public HttpHeaders copyOnly() {
        return fromClient.copy();
    }

    @Benchmark
    public HttpHeaders forwardedFromClient() {
        HttpHeaders headers = fromClient.copy();
        policy.apply(headers, CLIENT, 2345);
        return headers;
    }

    @Benchmark
    public HttpHeaders forwardedFromTrustedProxy() {
        HttpHeaders headers = fromTraefik.copy();
        policy.apply(headers, TRAEFIK, 2345);
        return headers;
    }

    @Benchmark
    public HttpHeaders responseCopyOnly() {
        return redirect.copy();
    }

    @Benchmark
    public HttpHeaders rewriteRedirect() {
        HttpHeaders headers = redirect.copy();
        rewriter.rewrite(headers);
        return headers;
    }

    @Benchmark
    public HttpHeaders ordinaryCopyOnly() {
        return ordinary.copy();
    }

    @Benchmark
    public HttpHeaders rewriteNothingToDo() {
        HttpHeaders headers = ordinary.copy();
        rewriter.rewrite(headers);
        return headers;
    }
}
