package io.debugproxy.proxy.mux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The framing of a debug protocol, as far as refusing its requests needs it: cut one request off
 * the front of the bytes received and build the error response to it.
 */
interface ErrorReplies {

    /**
     * Consumes the next whole request from {@code in} and returns the error reply to it (owned by
     * the caller), or returns null without consuming anything while the request is incomplete.
     *
     * @throws IllegalArgumentException when the bytes cannot be a request of this protocol
     */
    ByteBuf replyToNext(ByteBuf in, ByteBufAllocator alloc);
}
