package io.debugproxy.proxy.http;

import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.relay.DialUpstreamHandler;
import io.debugproxy.proxy.relay.RelayHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * The client side of an HTTP proxy connection: takes requests one at a time, answers locally what
 * cannot be proxied (malformed, no Host or several, unknown host), hands the rest to a
 * {@link ProxyExchange}, and turns the connection into a raw tunnel for {@code CONNECT} or a
 * WebSocket. A target in absolute form names the host instead of {@code Host} (RFC 9112 3.2.2).
 *
 * <p>Requests a client pipelines behind the one in flight wait in {@link #waiting} (reading stops
 * meanwhile), so responses go out in request order. Reading also stops while the backend
 * connection is being set up or cannot take more of the request body.
 *
 * <p>A client that half-closes its side has sent its last request: every request read before is
 * still answered, and the connection closes after the last answer. Only a request whose body
 * the half-close cut short is given up.
 */
final class ReverseProxyHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ReverseProxyHandler.class);
    private static final String NO_ROUTE = ProxyMetrics.NO_ROUTE;

    private final ReverseProxy proxy;
    private ChannelHandlerContext ctx;
    private ProxyExchange exchange;
    /** Pipelined request parts read while another request is in flight; owned until handled or released. */
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();
    /** The connection closes once its last response is flushed; nothing more is read or answered. */
    private boolean closing;
    /** A CONNECT whose head arrived; the tunnel opens at the end of its (empty) body. */
    private RouteSpec connectRoute;
    /** The client half-closed: no request follows those already read. */
    private boolean inputEnded;

    ReverseProxyHandler(ReverseProxy proxy) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject object) || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!waiting.isEmpty() || (exchange != null && exchange.requestDone())) {
            waiting.add(object);
            updateReading();
            return;
        }
        handle(object);
        closeIfAllAnswered();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            // The codec has handed on every request it could still decode before this event.
            inputEnded = true;
            if (exchange != null && !exchange.requestDone()) {
                log.debug("event=http_client_gone_mid_request client={}", ctx.channel().remoteAddress());
                exchange.abort();
                exchange = null;
                startClosing();
            } else {
                closeIfAllAnswered();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.clientReadComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.clientWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.abort();
            exchange = null;
        }
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("event=http_client_io_error client={} reason=\"{}\"", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            log.warn("event=http_client_error client={}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void handle(HttpObject msg) {
        if (msg instanceof HttpRequest request) {
            requestHead(request);
        } else if (msg instanceof HttpContent content) {
            requestContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void requestHead(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            malformed(request, request.decoderResult().cause());
            return;
        }
        HttpVersion version = request.protocolVersion();
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            respond(request, NO_ROUTE, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "this proxy speaks HTTP/1.1 and HTTP/1.0.", false, "unsupported_version version=" + quoted(version.text()));
            return;
        }
        if (HttpMethod.CONNECT.equals(request.method())) {
            connectHead(request);
            return;
        }
        if (request.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
            // RFC 9112 section 3.2: which one would the service believe? Not a connection to keep.
            respond(request, NO_ROUTE, HttpResponseStatus.BAD_REQUEST, "the request has more than one Host header.",
                    false, "several_host_headers");
            return;
        }
        Optional<AbsoluteTarget> absolute;
        try {
            absolute = AbsoluteTarget.of(request.uri());
        } catch (IllegalArgumentException e) {
            respondLocally(request, NO_ROUTE, HttpResponseStatus.BAD_REQUEST, "the request target names no host.",
                    "bad_absolute_target");
            return;
        }
        absolute.ifPresent(target -> {
            request.headers().set(HttpHeaderNames.HOST, target.authority());
            request.setUri(target.originForm());
        });
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || host.isBlank()) {
            respondLocally(request, NO_ROUTE, HttpResponseStatus.BAD_REQUEST, "the request has no Host header.", "no_host");
            return;
        }
        Optional<RouteSpec> route = proxy.route(host);
        if (route.isEmpty()) {
            respondLocally(request, NO_ROUTE, HttpResponseStatus.NOT_FOUND, "no service answers to this host name.",
                    "unknown_host");
            return;
        }
        if (route.get().http() == null) {
            respondLocally(request, route.get().name(), HttpResponseStatus.NOT_FOUND, "no service answers to this host name.",
                    "route_without_http_backend route=" + route.get().name());
            return;
        }
        exchange = new ProxyExchange(this, ctx, proxy, request, route.get());
        exchange.start();
    }

    private void requestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (connectRoute != null) {
            content.release();
            if (last) {
                openTunnel();
            }
        } else if (exchange != null) {
            exchange.clientContent(content); // the exchange owns it from here
        } else {
            content.release(); // the body of a request answered locally
        }
    }

    private void malformed(HttpRequest request, Throwable cause) {
        if (!ctx.channel().isActive()) {
            // The decoder reports the partial head of a connection that is gone; nobody to answer.
            log.debug("event=http_client_gone_mid_head client={}", ctx.channel().remoteAddress());
            closing = true;
            return;
        }
        HttpProxySettings limits = proxy.settings();
        HttpResponseStatus status;
        String sentence;
        String reason;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            sentence = "the request line is longer than " + limits.maxInitialLineLength() + " bytes.";
            reason = "request_line_too_long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            sentence = "the request headers are larger than " + limits.maxHeaderSize() + " bytes.";
            reason = "headers_too_large";
        } else if (cause instanceof PrematureChannelClosureException) {
            status = HttpResponseStatus.BAD_REQUEST;
            sentence = "the client stopped sending before the request head was complete.";
            reason = "incomplete_head";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            sentence = "the request is not valid HTTP/1.1.";
            reason = "malformed";
        }
        // The request is not read to its end: answer, then close (lingering, so that the answer survives).
        respond(request, NO_ROUTE, status, sentence, false,
                reason + " detail=\"" + String.valueOf(cause.getMessage()).replace('"', '\'') + "\"");
    }

    private void connectHead(HttpRequest request) {
        if (HostHeader.parse(request.uri()).port().isEmpty()) {
            respond(request, NO_ROUTE, HttpResponseStatus.BAD_REQUEST, "CONNECT needs host:port, e.g. CONNECT "
                    + "api.debug.localhost:2345 (any port: the tunnel goes to the route's Delve).", false,
                    "connect_without_port target=" + quoted(request.uri()));
            return;
        }
        // The port is not looked at: the host names the route, and the route names its Delve.
        Optional<RouteSpec> route = proxy.route(request.uri()).filter(r -> r.target() != null);
        if (route.isEmpty()) {
            respond(request, NO_ROUTE, HttpResponseStatus.NOT_FOUND, "no debug target answers to this host name.", false,
                    "connect_unknown_host");
            return;
        }
        connectRoute = route.get();
        proxy.metrics().httpRequest(connectRoute.name());
    }

    /**
     * The CONNECT request is complete: the connection stops being HTTP. The upstream is dialed at
     * once; bytes the client sent after the request (already read, or still in the codec) are
     * replayed to it before anything read later.
     */
    private void openTunnel() {
        RouteSpec route = connectRoute;
        connectRoute = null;
        Channel client = ctx.channel();
        client.config().setAutoRead(false); // dial-upstream turns reading on once connected
        client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        TunnelReply reply = new TunnelReply(route.name(), proxy.metrics());
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(RequestHeadTimeout.class);
        pipeline.replace(this, "connect-reply", reply);
        pipeline.addLast("dial-upstream", new DialUpstreamHandler(route.name(), () -> proxy.currentTarget(route.name()),
                reply.announcing(proxy.upstreamFor(route.name())), proxy.sessions(), proxy.settings().relay()));
        pipeline.remove(HttpServerCodec.class); // hands what it still holds to dial-upstream
        log.info("event=connect_tunnel_requested route={} client={}", route.name(), client.remoteAddress());
    }

    /**
     * Answers {@code request} here; keeps the connection when the request has no body to skip.
     *
     * @param route the route that answers to the request's host, for metrics, or {@link ProxyMetrics#NO_ROUTE}
     */
    private void respondLocally(HttpRequest request, String route, HttpResponseStatus status, String sentence,
                                String reason) {
        boolean bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0L;
        respond(request, route, status, sentence, bodyless && HttpUtil.isKeepAlive(request) && expectsMoreRequests(),
                reason);
    }

    private void respond(HttpRequest request, String route, HttpResponseStatus status, String sentence, boolean keepAlive,
                         String reason) {
        proxy.metrics().httpRequest(route);
        logLocal(request, status, reason);
        writeLocal(route, request.protocolVersion(), status, sentence, keepAlive);
        if (!keepAlive) {
            startClosing();
        }
    }

    /** Writes the proxy's own answer to the request in flight for {@code route}, e.g. 502 from an exchange. */
    void writeLocal(String route, HttpVersion requestVersion, HttpResponseStatus status, String sentence, boolean keepAlive) {
        proxy.metrics().httpResponse(route, status.code());
        FullHttpResponse response = LocalResponses.plainText(ctx.alloc(), status, sentence, keepAlive);
        if (keepAlive && requestVersion.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.writeAndFlush(response, ctx.voidPromise()); // the channel owns the response
    }

    private void logLocal(HttpRequest request, HttpResponseStatus status, String reason) {
        String format = "event=http_error status={} method={} host={} client={} reason={}";
        // The codec's stand-in for a head it could not read has a made-up method.
        Object method = request.decoderResult().isFailure() ? "-" : request.method();
        Object[] args = {status.code(), method, quoted(request.headers().get(HttpHeaderNames.HOST)),
                ctx.channel().remoteAddress(), reason};
        if (status.code() >= 500) {
            log.warn(format, args);
        } else {
            log.info(format, args);
        }
    }

    /** The exchange in flight is over; {@code keepAlive}: the connection may carry the next request. */
    void exchangeFinished(boolean keepAlive) {
        exchange = null;
        if (!keepAlive) {
            startClosing();
            return;
        }
        while (!waiting.isEmpty() && !closing && (exchange == null || !exchange.requestDone())) {
            handle(waiting.poll());
        }
        updateReading();
        closeIfAllAnswered();
    }

    /**
     * The exchange got {@code 101 Switching Protocols} for a WebSocket upgrade, and its end was
     * written: from now on both connections carry raw bytes. Encoders go first so that no raw
     * byte passes through one; decoders go last and hand on whatever bytes they still hold.
     */
    void switchToRelay(Channel backend) {
        exchange = null;
        Channel client = ctx.channel();
        ChannelPipeline clientPipeline = ctx.pipeline();
        ChannelPipeline backendPipeline = backend.pipeline();
        HttpServerCodec serverCodec = clientPipeline.get(HttpServerCodec.class);
        HttpClientCodec clientCodec = backendPipeline.get(HttpClientCodec.class);
        serverCodec.removeOutboundHandler();
        clientCodec.removeOutboundHandler();
        clientPipeline.remove(RequestHeadTimeout.class);
        clientPipeline.replace(this, "relay", new RelayHandler(backend));
        backendPipeline.replace(BackendHandler.class, "relay", new RelayHandler(client));
        clientPipeline.remove(serverCodec);
        backendPipeline.remove(clientCodec);
        for (Channel side : new Channel[] {client, backend}) {
            side.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }
        proxy.sessions().add(backend);
        client.config().setAutoRead(backend.isWritable());
        backend.config().setAutoRead(client.isWritable());
        releaseWaiting();
    }

    /** Reads from the client only when the next bytes have somewhere to go. */
    void updateReading() {
        if (closing) {
            return; // the lingering close reads (and drops) what still comes
        }
        boolean read = waiting.isEmpty() && (exchange == null || exchange.canTakeRequestBody());
        ctx.channel().config().setAutoRead(read);
    }

    /** Whether another request may follow the one being answered, so that its response may promise keep-alive. */
    boolean expectsMoreRequests() {
        return !closing && (!inputEnded || !waiting.isEmpty());
    }

    /** After a half-close: closes once nothing read is left unanswered. */
    private void closeIfAllAnswered() {
        if (inputEnded && !closing && exchange == null && waiting.isEmpty() && connectRoute == null) {
            startClosing();
        }
    }

    private void startClosing() {
        closing = true;
        releaseWaiting();
        LingeringClose.closeAfterFlush(ctx.channel());
    }

    private void releaseWaiting() {
        HttpObject msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    private static String quoted(String value) {
        return value == null ? "-" : '"' + value.replace('"', '\'') + '"';
    }
}
