package io.debugproxy.proxy.http;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One request on its way through the proxy: takes a backend connection from the pool, streams
 * the request (head, then body chunks as they arrive) to it and the response back, and gives the
 * connection back to the pool when both ended cleanly. Everything happens on the client's event
 * loop, which the backend connection shares.
 *
 * <ul>
 *   <li>Backpressure: the client is read only while the backend connection takes writes; the
 *       backend is read only while the client takes writes.</li>
 *   <li>Interim responses ({@code 100 Continue}) go to the client as they come; the final
 *       response follows. {@code 101} to a WebSocket upgrade turns both connections into a raw relay.</li>
 *   <li>Failures before the response started: 502 (refused, closed, malformed response) or 504
 *       (connect or response timeout). A reused pooled connection that turns out closed is replaced
 *       once for a request without a body. After the response started, a failure closes the client.</li>
 * </ul>
 */
final class ProxyExchange implements BackendHandler.Exchange {

    private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

    private final ReverseProxyHandler owner;
    private final ReverseProxy proxy;
    private final Channel client;
    private final HttpRequest request;
    private final String route;
    private final HostPort backendAddress;
    private final HttpVersion clientVersion;
    private final boolean clientKeepAlive;
    private final boolean webSocket;
    private final boolean bodyless;
    private final boolean head;
    private final PublicOrigin publicOrigin;
    private final long startNanos = System.nanoTime();

    /** Request body read before the backend connection was ready; owned until written or released. */
    private final ArrayDeque<HttpContent> pendingBody = new ArrayDeque<>();
    private Channel backend;
    private BackendHandler backendHandler;
    private boolean reused;
    private boolean retried;
    private boolean requestDone;
    private boolean responseStarted;
    private boolean informational;
    private boolean switching;
    private boolean closeDelimited;
    private boolean backendKeepAlive;
    private boolean keepAliveToClient;
    private int status;
    private boolean finished;
    private long lastBackendActivity;
    private ScheduledFuture<?> responseTimer;

    ProxyExchange(ReverseProxyHandler owner, ChannelHandlerContext ctx, ReverseProxy proxy, HttpRequest request,
                  RouteSpec route) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.client = ctx.channel();
        this.request = Objects.requireNonNull(request, "request");
        this.route = route.name();
        this.backendAddress = Objects.requireNonNull(route.http(), "route has no HTTP backend");
        this.clientVersion = request.protocolVersion();
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
        this.webSocket = HopByHopHeaders.isWebSocketUpgrade(request.headers());
        this.bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0L;
        this.head = HttpMethod.HEAD.equals(request.method());
        // Before the forwarded-header policy runs: it replaces what an untrusted peer sent.
        this.publicOrigin = PublicOrigin.of(request.headers(),
                proxy.forwarded().trusts((InetSocketAddress) client.remoteAddress()), proxy.scheme());
    }

    /** Rewrites the request head for the backend and starts getting a backend connection. */
    void start() {
        proxy.metrics().httpRequest(route);
        HopByHopHeaders.strip(request.headers(), webSocket);
        proxy.forwarded().apply(request.headers(), (InetSocketAddress) client.remoteAddress(),
                ((InetSocketAddress) client.localAddress()).getPort());
        request.setProtocolVersion(HttpVersion.HTTP_1_1); // so that the backend connection can be kept
        owner.updateReading(); // no body is read until the backend connection is there to take it
        acquire(false);
    }

    boolean requestDone() {
        return requestDone;
    }

    boolean canTakeRequestBody() {
        return requestDone || (backend != null && backend.isWritable());
    }

    /** A part of the request body; this exchange owns it from here. */
    void clientContent(HttpContent content) {
        if (finished) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        requestDone |= last;
        if (backend == null) {
            pendingBody.add(content);
            return;
        }
        backend.write(content, backend.voidPromise()); // the backend channel owns it from here
        lastBackendActivity = System.nanoTime();
        if (last) {
            backend.flush();
        }
        if (last || !backend.isWritable()) {
            owner.updateReading();
        }
    }

    void clientReadComplete() {
        if (backend != null && !finished) {
            backend.flush();
        }
    }

    void clientWritabilityChanged() {
        if (backend != null && !finished && client.isWritable()) {
            backend.config().setAutoRead(true);
        }
    }

    /** The client went away: the backend connection cannot be trusted any more. */
    void abort() {
        if (finished) {
            return;
        }
        finished = true;
        log.debug("event=http_client_gone route={} client={}", route, client.remoteAddress());
        releaseBackend(false);
    }

    private void acquire(boolean fresh) {
        BackendPool pool = proxy.pools().forLoop(client.eventLoop());
        Future<BackendPool.Lease> lease = fresh
                ? pool.connect(backendAddress, client.getClass())
                : pool.acquire(backendAddress, client.getClass());
        if (lease.isDone()) {
            acquired(lease);
        } else {
            lease.addListener(f -> acquired(lease));
        }
    }

    private void acquired(Future<BackendPool.Lease> lease) {
        if (finished) {
            if (lease.isSuccess()) {
                // Nothing of this request went out on it: as good as new.
                proxy.pools().forLoop(client.eventLoop()).release(backendAddress, lease.getNow().channel());
            }
            return;
        }
        if (!lease.isSuccess()) {
            Throwable cause = lease.cause();
            if (cause instanceof ConnectTimeoutException) {
                fail(HttpResponseStatus.GATEWAY_TIMEOUT, "the service did not accept the connection in time.",
                        "backend_connect_timeout", cause);
            } else {
                fail(HttpResponseStatus.BAD_GATEWAY, "the service refused the connection.", "backend_connect_failed", cause);
            }
            return;
        }
        backend = lease.getNow().channel();
        reused = lease.getNow().reused();
        backendHandler = backend.pipeline().get(BackendHandler.class);
        backendHandler.attach(this);
        backend.config().setAutoRead(client.isWritable());
        backend.write(request, backend.voidPromise());
        if (!pendingBody.isEmpty()) {
            HttpContent content;
            while ((content = pendingBody.poll()) != null) {
                backend.write(content, backend.voidPromise()); // ownership passes to the backend channel
            }
        } else if (requestDone) {
            // A retry: the (empty) body already went to the connection that failed.
            backend.write(LastHttpContent.EMPTY_LAST_CONTENT, backend.voidPromise());
        }
        backend.flush();
        awaitResponse();
        owner.updateReading();
    }

    @Override
    public void backendRead(Object msg) {
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastBackendActivity = System.nanoTime();
        if (msg instanceof HttpResponse response) {
            responseHead(response);
        }
        if (msg instanceof HttpContent content && !finished) {
            responseContent(content);
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void responseHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            ReferenceCountUtil.release(response);
            fail(HttpResponseStatus.BAD_GATEWAY, "the service sent a response this proxy cannot read.",
                    "backend_response_malformed", response.decoderResult().cause());
            return;
        }
        stopWaiting();
        int code = response.status().code();
        if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            if (!webSocket) {
                ReferenceCountUtil.release(response);
                fail(HttpResponseStatus.BAD_GATEWAY, "the service switched protocols without being asked to.",
                        "backend_unexpected_101", null);
                return;
            }
            switching = true;
            status = code;
            proxy.metrics().httpResponse(route, code);
            HopByHopHeaders.strip(response.headers(), true);
            client.write(response, client.voidPromise());
            return;
        }
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            informational = true;
            HopByHopHeaders.strip(response.headers());
            client.write(response, client.voidPromise());
            client.flush();
            awaitResponse(); // the final response is still to come
            return;
        }
        responseStarted = true;
        status = code;
        proxy.metrics().httpResponse(route, code);
        backendKeepAlive = HttpUtil.isKeepAlive(response);
        HopByHopHeaders.strip(response.headers());
        new InternalUrlRewriter(backendAddress, backendIp(), publicOrigin).rewrite(response.headers());
        boolean mayHaveBody = !head && code != HttpResponseStatus.NO_CONTENT.code()
                && code != HttpResponseStatus.NOT_MODIFIED.code();
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        closeDelimited = mayHaveBody && !chunked && !HttpUtil.isContentLengthSet(response);
        keepAliveToClient = clientKeepAlive && owner.expectsMoreRequests();
        if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
            if (chunked) {
                // An HTTP/1.0 client knows no chunked encoding: the body ends when the connection does.
                HttpUtil.setTransferEncodingChunked(response, false);
                keepAliveToClient = false;
            } else if (closeDelimited) {
                keepAliveToClient = false;
            }
        } else if (closeDelimited) {
            // The backend ends the body by closing; the client connection can stay if the body is chunked.
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        if (!keepAliveToClient) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        client.write(response, client.voidPromise());
    }

    private void responseContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        client.write(content, client.voidPromise()); // the client channel owns it from here
        if (informational) {
            informational = !last;
            return;
        }
        if (switching) {
            if (last) {
                client.flush();
                switchToRelay();
            }
            return;
        }
        if (last) {
            responseDone();
        } else if (!client.isWritable()) {
            backend.config().setAutoRead(false); // until the client drained: channelWritabilityChanged
        }
    }

    @Override
    public void backendReadComplete() {
        if (!finished) {
            client.flush();
        }
    }

    @Override
    public void backendWritabilityChanged() {
        if (!finished) {
            owner.updateReading();
        }
    }

    @Override
    public void backendClosed() {
        if (finished) {
            return;
        }
        if (responseStarted) {
            finished = true;
            stopWaiting();
            log.warn("event=http_response_truncated route={} backend={} client={} status={} reason=\"the service"
                    + " closed the connection in the middle of the response\"", route, backendAddress,
                    client.remoteAddress(), status);
            backend = null;
            client.close();
            return;
        }
        if (reused && bodyless && !retried && !informational) {
            // The backend closed an idle connection just as it was reused; nothing of a response
            // arrived, and the request has no body to lose: send it again on a new connection.
            retried = true;
            backend = null;
            backendHandler = null;
            stopWaiting();
            log.debug("event=backend_retry route={} backend={} reason=\"pooled connection closed\"", route, backendAddress);
            acquire(true);
            return;
        }
        backend = null;
        fail(HttpResponseStatus.BAD_GATEWAY, "the service closed the connection without answering.",
                "backend_closed", null);
    }

    private void responseDone() {
        finished = true;
        stopWaiting();
        client.flush();
        log.debug("event=http_proxied route={} method={} status={} backend={} client={} ms={}", route, request.method(),
                status, backendAddress, client.remoteAddress(), (System.nanoTime() - startNanos) / 1_000_000);
        releaseBackend(requestDone && backendKeepAlive && !closeDelimited);
        owner.exchangeFinished(keepAliveToClient && requestDone);
    }

    private void switchToRelay() {
        finished = true;
        stopWaiting();
        backendHandler.detach();
        log.info("event=websocket_relay_started route={} backend={} client={}", route, backendAddress, client.remoteAddress());
        owner.switchToRelay(backend);
    }

    /** Answers the client with the proxy's own error; only before a final response started. */
    private void fail(HttpResponseStatus errorStatus, String sentence, String reason, Throwable cause) {
        finished = true;
        stopWaiting();
        releaseBackend(false);
        boolean keepAlive = requestDone && clientKeepAlive && owner.expectsMoreRequests();
        log.warn("event=http_error status={} route={} method={} backend={} client={} reason={}{}", errorStatus.code(), route,
                request.method(), backendAddress, client.remoteAddress(), reason,
                cause == null ? "" : " detail=\"" + String.valueOf(cause.getMessage()).replace('"', '\'') + "\"");
        owner.writeLocal(route, clientVersion, errorStatus, sentence, keepAlive);
        owner.exchangeFinished(keepAlive);
    }

    /** Gives the backend connection back to the pool ({@code reusable}) or closes it; drops unsent body parts. */
    private void releaseBackend(boolean reusable) {
        HttpContent content;
        while ((content = pendingBody.poll()) != null) {
            content.release();
        }
        if (backend == null) {
            return;
        }
        Channel connection = backend;
        backend = null;
        backendHandler.detach();
        if (reusable && connection.isActive()) {
            proxy.pools().forLoop(client.eventLoop()).release(backendAddress, connection);
        } else {
            connection.close();
        }
    }

    /** (Re)starts waiting for the backend: silence for the whole timeout gives 504. */
    private void awaitResponse() {
        lastBackendActivity = System.nanoTime();
        if (responseTimer == null) {
            scheduleResponseTimer(proxy.settings().backendResponseTimeout().toNanos());
        }
    }

    private void scheduleResponseTimer(long delayNanos) {
        responseTimer = client.eventLoop().schedule(this::responseTimerFired, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void responseTimerFired() {
        responseTimer = null;
        if (finished || responseStarted) {
            return;
        }
        // Body chunks sent only move the deadline; rescheduling per chunk would cost a timer each.
        long timeout = proxy.settings().backendResponseTimeout().toNanos();
        long silent = System.nanoTime() - lastBackendActivity;
        if (silent < timeout) {
            scheduleResponseTimer(timeout - silent);
            return;
        }
        fail(HttpResponseStatus.GATEWAY_TIMEOUT, "the service did not answer in time.", "backend_response_timeout", null);
    }

    private void stopWaiting() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
    }

    private String backendIp() {
        if (backend != null && backend.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            return remote.getAddress().getHostAddress();
        }
        return null;
    }
}
