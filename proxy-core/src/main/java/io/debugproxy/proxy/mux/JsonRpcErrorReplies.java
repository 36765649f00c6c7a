package io.debugproxy.proxy.mux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.util.Objects;

/**
 * Error replies in Delve's JSON-RPC (Go's {@code net/rpc/jsonrpc}): requests are JSON objects one
 * after another, a reply is {@code {"id":<the request's id>,"result":null,"error":"..."}} and a
 * newline. The id is echoed as sent, so the client matches the reply to its call and shows the text.
 */
final class JsonRpcErrorReplies implements ErrorReplies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String message;

    JsonRpcErrorReplies(String message) {
        this.message = Objects.requireNonNull(message, "message");
    }

    @Override
    public ByteBuf replyToNext(ByteBuf in, ByteBufAllocator alloc) {
        skipWhitespace(in);
        if (!in.isReadable()) {
            return null;
        }
        int length = JsonObjectFrame.length(in);
        if (length < 0) {
            return null;
        }
        JsonNode request;
        try {
            request = JSON.readTree(new ByteBufInputStream(in.readSlice(length)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON-RPC request: " + e.getMessage(), e);
        }
        ObjectNode reply = JSON.createObjectNode();
        reply.set("id", request.hasNonNull("id") ? request.get("id") : NullNode.getInstance());
        reply.putNull("result");
        reply.put("error", message);
        return alloc.buffer().writeBytes(bytes(reply)).writeByte('\n');
    }

    private static byte[] bytes(ObjectNode reply) {
        try {
            return JSON.writeValueAsBytes(reply);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static void skipWhitespace(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            in.skipBytes(1);
        }
    }
}
