package io.turnpike.protocol;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;

/** FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message prefix XOR 0x5354554e. */
public final class Fingerprints {
    /** The XOR constant, "STUN" in ASCII. */
    public static final long XOR = 0x5354554EL;

    private Fingerprints() {
    }

    /**
     * The FINGERPRINT value for {@code buf[index, index + length)} (the message up to, not including, the
     * FINGERPRINT attribute, whose length field already counts the FINGERPRINT). Reads only; the caller
     * keeps ownership.
     */
    public static long compute(ByteBuf buf, int index, int length) {
        return compute(new CRC32(), buf, index, length);
    }

    /**
     * As {@link #compute(ByteBuf, int, int)} with a caller-owned, reusable {@link CRC32} (reset here), so
     * that a per-thread reader allocates nothing for heap or single-buffer direct input.
     */
    public static long compute(CRC32 crc, ByteBuf buf, int index, int length) {
        crc.reset();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + index, length);
        } else if (buf.nioBufferCount() == 1) {
            // The buffer's own cached view: no ByteBuffer allocated per call.
            crc.update(buf.internalNioBuffer(index, length));
        } else {
            for (int i = 0; i < length; i++) {
                crc.update(buf.getByte(index + i));
            }
        }
        return crc.getValue() ^ XOR;
    }
}
