package io.debugproxy.proxy.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;

/** Writes a complete JSON (or other) response and keeps or closes the connection as the request asked. */
final class JsonResponses {

    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("x-content-type-options");
    private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");

    private JsonResponses() {
    }

    static byte[] error(String message) {
        // Messages are fixed strings chosen here, never request input, so no escaping is needed.
        return ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param keepOpen false to close after this response whatever the request asked
     */
    static void send(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, byte[] json,
                     boolean keepOpen) {
        send(ctx, request, status, CONTENT_TYPE, json, keepOpen);
    }

    /** As above, for a body of another {@code contentType}. */
    static void send(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String contentType,
                     byte[] body, boolean keepOpen) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
        if (status == HttpResponseStatus.METHOD_NOT_ALLOWED) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
        }
        boolean keepAlive = keepOpen && request.decoderResult().isSuccess() && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
