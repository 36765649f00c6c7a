package io.debugproxy.proxy.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client connection that has no request in progress and does not deliver a complete
 * request head within the timeout. One timer covers a client trickling its headers (slowloris)
 * and an idle keep-alive connection: both hold a socket without asking for anything. It runs
 * while no request is in progress — from accept, and from the end of each final response — and
 * stops when a request head has been decoded. Sits right after the HTTP codec.
 */
final class RequestHeadTimeout extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestHeadTimeout.class);

    private final Duration timeout;
    /** Requests whose head arrived and whose final response has not been written completely. */
    private int inProgress;
    /** The response being written is informational (100 Continue): its end is not the end of the exchange. */
    private boolean informational;
    private ScheduledFuture<?> timer;

    RequestHeadTimeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
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
        timer = ctx.executor().schedule(() -> {
            if (inProgress == 0 && ctx.channel().isActive()) {
                log.debug("event=http_client_closed reason=\"no complete request head within {} ms\" client={}",
                        timeout.toMillis(), ctx.channel().remoteAddress());
                ctx.close();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
