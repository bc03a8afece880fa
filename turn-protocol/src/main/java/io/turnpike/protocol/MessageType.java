package io.turnpike.protocol;

/**
 * The 14-bit STUN message type, in which the 12 method bits M11..M0 and the 2 class bits C1 C0 are
 * interleaved (RFC 8489 §5):
 *
 * <pre>
 *  0                 1
 *  2  3  4 5 6 7 8 9 0 1 2 3 4 5
 * +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
 * |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
 * +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class MessageType {
    private MessageType() {
    }

    /** The message type for a 12-bit method code and a class. */
    public static int of(int methodCode, StunClass messageClass) {
        return of(methodCode, messageClass.bits());
    }

    /** The message type for a 12-bit method code and two class bits. */
    public static int of(int methodCode, int classBits) {
        int m = methodCode & 0x0FFF;
        int type = (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2);
        return type | ((classBits & 0b01) << 4) | ((classBits & 0b10) << 7);
    }

    /** The 12-bit method code of a message type. */
    public static int methodCode(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    /** The two class bits C1 C0 of a message type. */
    public static int classBits(int type) {
        return ((type >> 4) & 0b01) | ((type >> 7) & 0b10);
    }

    /** The class of a message type. */
    public static StunClass messageClass(int type) {
        return StunClass.fromBits(classBits(type));
    }
}
