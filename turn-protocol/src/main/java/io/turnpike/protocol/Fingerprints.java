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
        CRC32 crc = new CRC32();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + index, length);
        } else if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(index, length));
        } else {
            byte[] copy = new byte[length];
            buf.getBytes(index, copy);
            crc.update(copy);
        }
        return crc.getValue() ^ XOR;
    }
}
