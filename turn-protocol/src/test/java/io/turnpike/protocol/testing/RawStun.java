package io.turnpike.protocol.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.Fingerprints;
import java.io.ByteArrayOutputStream;

/**
 * Builds STUN bytes by hand, including malformed ones the encoder refuses to produce: attributes with any
 * type, value and declared length, and an optional header length override. For tests only.
 */
public final class RawStun {
    /** Transaction id used by default: 01 02 .. 0c. */
    public static final byte[] TXID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private final int type;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int cookie = 0x2112A442;
    private int lengthOverride = -1;

    private RawStun(int type) {
        this.type = type;
    }

    /** A message of the given 16-bit type (e.g. 0x0001 Binding request). */
    public static RawStun message(int type) {
        return new RawStun(type);
    }

    /** Appends an attribute with its real length and zero padding. */
    public RawStun attr(int attrType, byte[] value) {
        return attr(attrType, value.length, value);
    }

    /** Appends an attribute declaring {@code declaredLength} but carrying {@code value} (padded to 4). */
    public RawStun attr(int attrType, int declaredLength, byte[] value) {
        write16(attrType);
        write16(declaredLength);
        body.writeBytes(value);
        for (int i = -value.length & 3; i > 0; i--) {
            body.write(0);
        }
        return this;
    }

    /** Appends raw bytes to the body. */
    public RawStun raw(byte[] bytes) {
        body.writeBytes(bytes);
        return this;
    }

    /** Appends a correct FINGERPRINT over what is there so far. */
    public RawStun fingerprint() {
        return fingerprint(0);
    }

    /** Appends a FINGERPRINT that is correct once {@code bytesAfter} more body bytes follow it. */
    public RawStun fingerprint(int bytesAfter) {
        lengthOverride = -1;
        byte[] sofar = build(body.size() + 8 + bytesAfter);
        long crc = Fingerprints.compute(Unpooled.wrappedBuffer(sofar), 0, sofar.length);
        return attr(0x8028, new byte[] {(byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc});
    }

    /** Uses another magic cookie. */
    public RawStun cookie(int value) {
        cookie = value;
        return this;
    }

    /** Writes this value in the header's length field instead of the real one. */
    public RawStun length(int value) {
        lengthOverride = value;
        return this;
    }

    /** The bytes. */
    public byte[] bytes() {
        return build(lengthOverride >= 0 ? lengthOverride : body.size());
    }

    /** The bytes in an unpooled heap buffer (not leak-tracked; fine for throwaway inputs). */
    public ByteBuf buf() {
        return Unpooled.wrappedBuffer(bytes());
    }

    private byte[] build(int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type >>> 8);
        out.write(type);
        out.write(length >>> 8);
        out.write(length);
        out.write(cookie >>> 24);
        out.write(cookie >>> 16);
        out.write(cookie >>> 8);
        out.write(cookie);
        out.writeBytes(TXID);
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private void write16(int v) {
        body.write(v >>> 8);
        body.write(v);
    }

    /** {@code n} bytes of value {@code b}. */
    public static byte[] fill(int n, int b) {
        byte[] a = new byte[n];
        java.util.Arrays.fill(a, (byte) b);
        return a;
    }

    /** Bytes from ints. */
    public static byte[] b(int... values) {
        byte[] a = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            a[i] = (byte) values[i];
        }
        return a;
    }
}
