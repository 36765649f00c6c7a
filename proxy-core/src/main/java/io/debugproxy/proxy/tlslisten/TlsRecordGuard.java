package io.debugproxy.proxy.tlslisten;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;

/**
 * First handler of a TLS connection: the first byte must open a TLS handshake record (content type
 * 22). Anything else (HTTP, Delve JSON-RPC, an SSLv2 hello, noise) is refused at once, before any
 * TLS machinery or certificate is involved. Leaves the pipeline after the first read.
 */
final class TlsRecordGuard extends ChannelInboundHandlerAdapter {

    private static final int HANDSHAKE_RECORD = 22;

    private final TlsRefusals refusals;

    TlsRecordGuard(TlsRefusals refusals) {
        this.refusals = Objects.requireNonNull(refusals, "refusals");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buffer && buffer.isReadable()) {
            int first = buffer.getUnsignedByte(buffer.readerIndex());
            if (first != HANDSHAKE_RECORD) {
                ReferenceCountUtil.release(msg);
                refusals.refuse(ctx.channel(), Refusal.NOT_TLS, null, null,
                        String.format("the first byte is 0x%02x, not a TLS handshake record; %s", first, Refusal.NOT_TLS.hint()));
                ctx.close();
                return;
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}
