package io.debugproxy.proxy.mux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Error replies in the Debug Adapter Protocol: a message is {@code Content-Length: N}, a blank
 * line and N bytes of JSON; the reply to a request is a response with {@code success: false}, the
 * request's {@code seq} and {@code command}, the text as {@code message} and as an error the IDE
 * shows to the user.
 */
final class DapErrorReplies implements ErrorReplies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** An error id of our own, outside the ranges debug adapters commonly use. */
    private static final int ERROR_ID = 7001;

    private final String message;
    private int seq;

    DapErrorReplies(String message) {
        this.message = Objects.requireNonNull(message, "message");
    }

    @Override
    public ByteBuf replyToNext(ByteBuf in, ByteBufAllocator alloc) {
        int headerEnd = headerLength(in);
        if (headerEnd < 0) {
            return null;
        }
        int contentLength = contentLength(in.toString(in.readerIndex(), headerEnd, StandardCharsets.US_ASCII));
        int bodyStart = in.readerIndex() + headerEnd + HEADER_END.length;
        if (in.writerIndex() - bodyStart < contentLength) {
            return null;
        }
        JsonNode request;
        try {
            request = JSON.readTree(new ByteBufInputStream(in.slice(bodyStart, contentLength)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a DAP message: " + e.getMessage(), e);
        }
        in.readerIndex(bodyStart + contentLength);
        ObjectNode reply = JSON.createObjectNode();
        reply.put("seq", ++seq);
        reply.put("type", "response");
        reply.set("request_seq", request.path("seq").isNumber() ? request.get("seq") : JSON.getNodeFactory().numberNode(0));
        reply.put("success", false);
        reply.put("command", request.path("command").asText(""));
        reply.put("message", message);
        ObjectNode error = reply.putObject("body").putObject("error");
        error.put("id", ERROR_ID);
        error.put("format", message.replace("{", "{{").replace("}", "}}"));
        error.put("showUser", true);
        byte[] body = bytes(reply);
        byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return alloc.buffer(header.length + body.length).writeBytes(header).writeBytes(body);
    }

    /** Bytes before the blank line that ends the header, or -1 when it has not arrived. */
    private static int headerLength(ByteBuf in) {
        for (int i = in.readerIndex(); i + HEADER_END.length <= in.writerIndex(); i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                return i - in.readerIndex();
            }
        }
        return -1;
    }

    private static int contentLength(String header) {
        for (String line : header.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    int length = Integer.parseInt(line.substring(colon + 1).trim());
                    if (length >= 0) {
                        return length;
                    }
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("a DAP message needs a Content-Length header");
    }

    private static byte[] bytes(ObjectNode reply) {
        try {
            return JSON.writeValueAsBytes(reply);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }
}
