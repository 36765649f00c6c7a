package io.debugproxy.proxy.tlslisten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first record header on its own, however the network splits it: refused at the first byte that
 * shows it cannot open a ClientHello, passed through untouched otherwise.
 */
class TlsRecordGuardTest {

    private final TlsRefusals refusals = new TlsRefusals();
    private final EmbeddedChannel channel = new EmbeddedChannel(new TlsRecordGuard(refusals));

    /** A handshake record header (TLS 1.0 legacy version, as ClientHellos carry) claiming {@code length} bytes, then junk. */
    private static byte[] recordClaiming(int length) {
        byte[] bytes = new byte[5 + 64];
        Arrays.fill(bytes, (byte) 0x41);
        bytes[0] = 22;
        bytes[1] = 3;
        bytes[2] = 1;
        bytes[3] = (byte) (length >>> 8);
        bytes[4] = (byte) length;
        return bytes;
    }

    /** Writes {@code bytes} in reads of the given sizes (the last one takes the rest); returns the buffers written. */
    private List<ByteBuf> writeInReads(byte[] bytes, int... sizes) {
        List<ByteBuf> written = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i <= sizes.length && offset < bytes.length && channel.isOpen(); i++) {
            int size = i < sizes.length ? sizes[i] : bytes.length - offset;
            ByteBuf read = Unpooled.copiedBuffer(bytes, offset, size);
            written.add(read);
            channel.writeInbound(read);
            offset += size;
        }
        return written;
    }

    private byte[] passedOn() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buffer; (buffer = channel.readInbound()) != null; buffer.release()) {
            out.writeBytes(ByteBufUtil.getBytes(buffer));
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "header read in pieces of {0} byte(s)")
    @ValueSource(ints = {5, 1, 2, 3, 4})
    void refusesAHeaderClaimingMoreThanAPlaintextRecordAtItsFifthByte(int piece) {
        byte[] record = recordClaiming(65535);
        int[] pieces = new int[(5 + piece - 1) / piece];
        Arrays.fill(pieces, piece);
        List<ByteBuf> written = writeInReads(record, pieces);

        assertFalse(channel.isOpen(), "closed once the length was read");
        assertEquals(1, refusals.count(Refusal.NOT_TLS), refusals.snapshot()::toString);
        assertEquals(1, refusals.total());
        ByteBuf lastRead = written.get(written.size() - 1);
        assertEquals(0, lastRead.refCnt(), "the read holding the length is dropped, not passed on");
        int readsBeforeTheFifthByte = (4 / piece) * piece;
        assertEquals(readsBeforeTheFifthByte, passedOn().length, "only the reads before it were passed on");
    }

    @Test
    void passesAHeaderOfTheLongestPlaintextRecordOnUntouchedAndLeavesThePipeline() {
        byte[] record = recordClaiming(TlsRecordGuard.MAX_PLAINTEXT_RECORD);
        writeInReads(record, 2, 2);

        assertTrue(channel.isOpen());
        assertEquals(0, refusals.total(), refusals.snapshot()::toString);
        assertNull(channel.pipeline().get(TlsRecordGuard.class), "the guard is done after the header");
        assertArrayEquals(record, passedOn());
    }

    @Test
    void refusesAnythingButAHandshakeRecordAtTheFirstByte() {
        writeInReads("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), 1);

        assertFalse(channel.isOpen());
        assertEquals(1, refusals.count(Refusal.NOT_TLS));
        assertEquals(0, passedOn().length, "not even the first byte is passed on");
    }
}
