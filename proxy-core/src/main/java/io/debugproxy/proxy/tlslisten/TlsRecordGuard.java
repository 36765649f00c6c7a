package io.debugproxy.proxy.tlslisten;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;

/**
 * First handler of a TLS connection: the first record header must open a TLS handshake record
 * (content type 22) of a length TLS allows. Anything else (HTTP, Delve JSON-RPC, an SSLv2 hello,
 * noise) is refused at the first byte, and a header claiming a longer record at its fifth, before
 * any TLS machinery or certificate is involved: the SNI handler waits for a whole record before it
 * looks inside, so a claimed 64 KiB would hold the connection until the handshake deadline. Bytes
 * pass through untouched; leaves the pipeline once the header has been seen.
 */
final class TlsRecordGuard extends ChannelInboundHandlerAdapter {

    private static final int HANDSHAKE_RECORD = 22;
    private static final int HEADER_LENGTH = 5;
    /**
     * The longest record a ClientHello may come in: a TLSPlaintext fragment may not exceed 2^14 bytes
     * (RFC 8446 section 5.1, RFC 5246 section 6.2.1); a longer ClientHello is split across records.
     */
    static final int MAX_PLAINTEXT_RECORD = 1 << 14;

    private final TlsRefusals refusals;
    private final byte[] header = new byte[HEADER_LENGTH];
    private int seen;

    TlsRecordGuard(TlsRefusals refusals) {
        this.refusals = Objects.requireNonNull(refusals, "refusals");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buffer && buffer.isReadable()) {
            int take = Math.min(HEADER_LENGTH - seen, buffer.readableBytes());
            buffer.getBytes(buffer.readerIndex(), header, seen, take);
            seen += take;
            String problem = problem();
            if (problem != null) {
                ReferenceCountUtil.release(msg);
                refusals.refuse(ctx.channel(), Refusal.NOT_TLS, null, null, problem + "; " + Refusal.NOT_TLS.hint());
                ctx.close();
                return;
            }
            if (seen == HEADER_LENGTH) {
                ctx.pipeline().remove(this);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** What is wrong with the header bytes seen so far, or null while they may still open a ClientHello. */
    private String problem() {
        int first = header[0] & 0xff;
        if (first != HANDSHAKE_RECORD) {
            return String.format("the first byte is 0x%02x, not a TLS handshake record", first);
        }
        if (seen == HEADER_LENGTH) {
            int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
            if (length > MAX_PLAINTEXT_RECORD) {
                return "the first TLS record claims " + length + " bytes, more than the " + MAX_PLAINTEXT_RECORD
                        + " a record may hold before encryption starts";
            }
        }
        return null;
    }
}
