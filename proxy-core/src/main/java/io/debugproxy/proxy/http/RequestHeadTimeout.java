package io.debugproxy.proxy.http;

import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Ends a client connection that has no request in progress and does not deliver a complete
 * request head within the timeout. One timer covers a client trickling its headers (slowloris)
 * and an idle keep-alive connection: both hold a socket without asking for anything. It runs
 * while no request is in progress — from accept, and from the end of each final response — and
 * stops when a request head has been decoded. Sits right after the HTTP codec.
 *
 * <p>A client that sent part of a head is told so with {@code 408 Request Timeout}, logged and
 * counted; an idle connection is closed without a word, since its client may be about to reuse it
 * and would take a 408 for the answer to its next request.
 */
final class RequestHeadTimeout extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestHeadTimeout.class);

    private final Duration timeout;
    private final ProxyMetrics metrics;
    /** Requests whose head arrived and whose final response has not been written completely. */
    private int inProgress;
    /** The response being written is informational (100 Continue): its end is not the end of the exchange. */
    private boolean informational;
    /** Bytes arrived while the timer ran: a head is under way, not just an idle connection. */
    private boolean headStarted;
    private ScheduledFuture<?> timer;

    RequestHeadTimeout(Duration timeout, ProxyMetrics metrics) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            inProgress++;
            disarm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // The codec passes on a read-complete for every batch of bytes, even when they did not
        // finish a head; the one that finishes a head came after channelRead stopped the timer.
        if (timer != null) {
            headStarted = true;
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        }
        if (msg instanceof LastHttpContent) {
            if (informational) {
                informational = false;
            } else if (inProgress > 0 && --inProgress == 0) {
                arm(ctx);
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        headStarted = false;
        timer = ctx.executor().schedule(() -> expired(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expired(ChannelHandlerContext ctx) {
        timer = null;
        if (inProgress > 0 || !ctx.channel().isActive()) {
            return;
        }
        if (!headStarted) {
            log.debug("event=http_client_closed reason=\"idle for {} ms\" client={}", timeout.toMillis(),
                    ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        HttpResponseStatus status = HttpResponseStatus.REQUEST_TIMEOUT;
        log.info("event=http_error status={} client={} reason=request_head_timeout timeout_ms={}", status.code(),
                ctx.channel().remoteAddress(), timeout.toMillis());
        metrics.httpResponse(ProxyMetrics.NO_ROUTE, status.code());
        String sentence = "the request head did not arrive within " + seconds(timeout) + ".";
        // Written from here, past this handler's own write(): no request is in progress to count.
        ctx.write(LocalResponses.plainText(ctx.alloc(), status, sentence, false));
        LingeringClose.closeAfterFlush(ctx.channel());
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
