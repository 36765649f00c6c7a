package io.debugproxy.proxy.mux;

import io.netty.buffer.ByteBuf;

/** Finds where the JSON object at the front of a buffer ends, without parsing it. */
final class JsonObjectFrame {

    private JsonObjectFrame() {
    }

    /**
     * The length of the JSON object starting at {@code in}'s reader index (which must be at a
     * {@code '{'}), or -1 when the object is not complete yet. Nothing is consumed.
     *
     * @throws IllegalArgumentException when the bytes do not start with {@code '{'}
     */
    static int length(ByteBuf in) {
        int start = in.readerIndex();
        if (in.getByte(start) != '{') {
            throw new IllegalArgumentException("a JSON-RPC request must be a JSON object");
        }
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = start; i < in.writerIndex(); i++) {
            byte b = in.getByte(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                return i - start + 1;
            }
        }
        return -1;
    }
}
