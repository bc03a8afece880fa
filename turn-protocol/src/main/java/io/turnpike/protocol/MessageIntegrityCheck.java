package io.turnpike.protocol;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.attribute.AttributeType;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes and verifies MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and MESSAGE-INTEGRITY-SHA256
 * (HMAC-SHA256, §14.6) over the raw message bytes. The HMAC covers the message up to the integrity
 * attribute, with the header's length field replaced by the length the message would have if the
 * integrity attribute were its last attribute. Comparison is constant-time
 * ({@link MessageDigest#isEqual}).
 *
 * <p>An instance holds its own {@link Mac} objects and scratch buffers and is <b>not thread-safe</b>:
 * use one per event-loop thread, e.g. {@link #forCurrentThread()}. Verification allocates nothing
 * unless the key differs from the previous call's (then {@code Mac.init} runs).
 */
public final class MessageIntegrityCheck {
    /** Length of MESSAGE-INTEGRITY's value. */
    public static final int SHA1_LENGTH = 20;
    /** Full length of MESSAGE-INTEGRITY-SHA256's value. */
    public static final int SHA256_LENGTH = 32;

    private static final ThreadLocal<MessageIntegrityCheck> PER_THREAD =
            ThreadLocal.withInitial(MessageIntegrityCheck::new);

    private final Mac sha1;
    private final Mac sha256;
    private byte[] sha1Key;
    private byte[] sha256Key;
    private byte[] scratch = new byte[1024];
    private final byte[] computed = new byte[SHA256_LENGTH];
    private final byte[] received = new byte[SHA256_LENGTH];

    /** A new instance with its own Mac objects. */
    public MessageIntegrityCheck() {
        try {
            sha1 = Mac.getInstance("HmacSHA1");
            sha256 = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide HmacSHA1 and HmacSHA256", e);
        }
    }

    /** The instance belonging to the calling thread (created on first use). */
    public static MessageIntegrityCheck forCurrentThread() {
        return PER_THREAD.get();
    }

    /**
     * Verifies the message's integrity with {@code key}: MESSAGE-INTEGRITY-SHA256 when present, else
     * MESSAGE-INTEGRITY (RFC 8489 §9.2.4 prefers the stronger). False when neither is present.
     *
     * @param message the buffer that was decoded, reader index still at the message start; only read
     * @param result  the successful decode result of that message
     * @param key     the HMAC key ({@link LongTermKey}); not retained
     */
    public boolean verify(ByteBuf message, DecodeResult result, byte[] key) {
        if (!result.isSuccess()) {
            return false;
        }
        if (result.integritySha256Offset() >= 0) {
            return verifySha256(message, result.integritySha256Offset(), key);
        }
        return result.integrityOffset() >= 0 && verifySha1(message, result.integrityOffset(), key);
    }

    /**
     * Verifies a MESSAGE-INTEGRITY attribute whose header is at {@code integrityOffset} from the message
     * start ({@code message.readerIndex()}). Only reads {@code message}; false for any bad offset.
     */
    public boolean verifySha1(ByteBuf message, int integrityOffset, byte[] key) {
        return verify(message, integrityOffset, key, false);
    }

    /** As {@link #verifySha1} for MESSAGE-INTEGRITY-SHA256 (truncated values of 16..32 bytes accepted). */
    public boolean verifySha256(ByteBuf message, int integrityOffset, byte[] key) {
        return verify(message, integrityOffset, key, true);
    }

    private boolean verify(ByteBuf message, int offset, byte[] key, boolean useSha256) {
        int start = message.readerIndex();
        if (key == null || key.length == 0 || offset < StunDecoder.HEADER_LENGTH
                || offset + 4 > message.readableBytes()) {
            return false;
        }
        int expectedType = useSha256 ? AttributeType.MESSAGE_INTEGRITY_SHA256.code() : AttributeType.MESSAGE_INTEGRITY.code();
        if (message.getUnsignedShort(start + offset) != expectedType) {
            return false;
        }
        int macLength = message.getUnsignedShort(start + offset + 2);
        boolean lengthOk = useSha256 ? macLength >= 16 && macLength <= 32 && macLength % 4 == 0
                : macLength == SHA1_LENGTH;
        if (!lengthOk || offset + 4 + macLength > message.readableBytes()) {
            return false;
        }
        hmac(message, start, offset, macLength, key, useSha256, computed);
        Arrays.fill(computed, macLength, SHA256_LENGTH, (byte) 0);
        Arrays.fill(received, (byte) 0);
        message.getBytes(start + offset + 4, received, 0, macLength);
        boolean ok = MessageDigest.isEqual(computed, received);
        Arrays.fill(computed, (byte) 0);
        return ok;
    }

    /**
     * Computes the HMAC over {@code buf[start, start + prefixLength)} with the length field set as if an
     * integrity attribute with a {@code macLength}-byte value followed, writing the full HMAC to
     * {@code dst} (20 or 32 bytes). Reads {@code buf} only.
     */
    public void hmac(ByteBuf buf, int start, int prefixLength, int macLength, byte[] key, boolean useSha256,
                     byte[] dst) {
        if (scratch.length < prefixLength) {
            scratch = new byte[Math.max(prefixLength, scratch.length * 2)];
        }
        buf.getBytes(start, scratch, 0, prefixLength);
        int adjusted = prefixLength - StunDecoder.HEADER_LENGTH + 4 + macLength;
        scratch[2] = (byte) (adjusted >>> 8);
        scratch[3] = (byte) adjusted;
        Mac mac = useSha256 ? sha256 : sha1;
        try {
            init(mac, key, useSha256);
            mac.update(scratch, 0, prefixLength);
            mac.doFinal(dst, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
    }

    /**
     * Appends an integrity attribute (header and {@code macLength}-byte value) computed over
     * {@code out[start, writerIndex)}, the message written so far. Used by {@link StunEncoder}.
     */
    void appendHmac(ByteBuf out, int start, int macLength, byte[] key, boolean useSha256, int attributeType) {
        hmac(out, start, out.writerIndex() - start, macLength, key, useSha256, computed);
        out.writeShort(attributeType).writeShort(macLength).writeBytes(computed, 0, macLength);
        Arrays.fill(computed, (byte) 0);
    }

    private void init(Mac mac, byte[] key, boolean useSha256) throws GeneralSecurityException {
        byte[] last = useSha256 ? sha256Key : sha1Key;
        if (last != null && MessageDigest.isEqual(last, key)) {
            return; // doFinal left the Mac initialised with this key
        }
        mac.init(new SecretKeySpec(key, useSha256 ? "HmacSHA256" : "HmacSHA1"));
        if (useSha256) {
            sha256Key = key.clone();
        } else {
            sha1Key = key.clone();
        }
    }
}
