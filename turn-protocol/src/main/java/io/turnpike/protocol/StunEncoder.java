package io.turnpike.protocol;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.attribute.AttributeType;
import io.turnpike.protocol.attribute.StunAttribute;

/**
 * Encodes a {@link StunMessage} into a caller-provided buffer (RFC 8489 §5, §14). The message's
 * MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT attributes, if any, are not copied:
 * they are computed from the options and appended in the RFC's order (MESSAGE-INTEGRITY,
 * MESSAGE-INTEGRITY-SHA256, FINGERPRINT). Stateless; uses the calling thread's
 * {@link MessageIntegrityCheck}.
 */
public final class StunEncoder {
    private StunEncoder() {
    }

    /**
     * Encodes with optional MESSAGE-INTEGRITY and FINGERPRINT and zero padding.
     *
     * @see #encode(StunMessage, ByteBuf, EncodeOptions)
     */
    public static int encode(StunMessage message, ByteBuf out, byte[] integrityKeyOrNull, boolean fingerprint) {
        return encode(message, out, EncodeOptions.of(integrityKeyOrNull, fingerprint));
    }

    /**
     * Appends the encoded message at {@code out}'s writer index and returns the number of bytes written.
     *
     * <p>Ownership: {@code out} stays the caller's (nothing retained or released); DATA payloads are
     * copied into {@code out} and stay their owner's.
     *
     * @throws IllegalArgumentException when the message would exceed 65535 bytes of attributes; the
     *                                  writer index is then restored
     */
    public static int encode(StunMessage message, ByteBuf out, EncodeOptions options) {
        int start = out.writerIndex();
        TransactionId txid = message.transactionId();
        out.writeShort(message.messageType()).writeShort(0).writeInt(StunDecoder.MAGIC_COOKIE);
        txid.write(out);
        for (StunAttribute a : message.attributes()) {
            int type = a.type();
            if (type == AttributeType.MESSAGE_INTEGRITY.code() || type == AttributeType.MESSAGE_INTEGRITY_SHA256.code()
                    || type == AttributeType.FINGERPRINT.code()) {
                continue;
            }
            int length = a.valueLength();
            // Leave room for the integrity and fingerprint attributes (24 + 36 + 8 bytes).
            if (out.writerIndex() - start - StunDecoder.HEADER_LENGTH + 4 + padded(length) > 0xFFFF - 68) {
                out.writerIndex(start);
                throw new IllegalArgumentException("STUN message too long");
            }
            out.writeShort(type).writeShort(length);
            a.writeValue(out, txid);
            writePadding(out, length, options.paddingByte());
        }
        MessageIntegrityCheck mic = MessageIntegrityCheck.forCurrentThread();
        if (options.integrityKey() != null) {
            appendIntegrity(out, start, options.integrityKey(), false, mic);
        }
        if (options.integritySha256Key() != null) {
            appendIntegrity(out, start, options.integritySha256Key(), true, mic);
        }
        if (options.fingerprint()) {
            setLength(out, start, out.writerIndex() - start + 8);
            long crc = Fingerprints.compute(out, start, out.writerIndex() - start);
            out.writeShort(AttributeType.FINGERPRINT.code()).writeShort(4).writeInt((int) crc);
        }
        setLength(out, start, out.writerIndex() - start);
        return out.writerIndex() - start;
    }

    private static void appendIntegrity(ByteBuf out, int start, byte[] key, boolean sha256,
                                        MessageIntegrityCheck mic) {
        int macLength = sha256 ? MessageIntegrityCheck.SHA256_LENGTH : MessageIntegrityCheck.SHA1_LENGTH;
        AttributeType type = sha256 ? AttributeType.MESSAGE_INTEGRITY_SHA256 : AttributeType.MESSAGE_INTEGRITY;
        mic.appendHmac(out, start, macLength, key, sha256, type.code());
    }

    private static void setLength(ByteBuf out, int start, int total) {
        out.setShort(start + 2, total - StunDecoder.HEADER_LENGTH);
    }

    /** Writes the 0..3 padding bytes that follow a value of {@code valueLength} bytes (RFC 8489 §14). */
    public static void writePadding(ByteBuf out, int valueLength, int paddingByte) {
        for (int i = -valueLength & 3; i > 0; i--) {
            out.writeByte(paddingByte);
        }
    }

    /** The value length rounded up to a multiple of 4. */
    public static int padded(int valueLength) {
        return (valueLength + 3) & ~3;
    }
}
