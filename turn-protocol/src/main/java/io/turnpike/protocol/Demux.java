package io.turnpike.protocol;

/**
 * Tells packets apart by their first byte (RFC 7983 §7, updating RFC 5764 §5.1.2):
 * <pre>
 *   [0..3]     STUN
 *   [16..19]   ZRTP        (OTHER here)
 *   [20..63]   DTLS        (OTHER here)
 *   [64..79]   TURN ChannelData
 *   [128..191] RTP/RTCP    (OTHER here)
 * </pre>
 * Allocation-free.
 */
public final class Demux {
    /** What a packet is, for a TURN server. */
    public enum Kind {
        /** A STUN message (first two bits 00). */
        STUN,
        /** A TURN ChannelData message (first byte 0x40–0x4F, i.e. channel 0x4000–0x4FFF). */
        CHANNEL_DATA,
        /** Anything else: drop (UDP) or close the connection (TCP/TLS). */
        OTHER
    }

    private Demux() {
    }

    /** Classifies by the first byte (only its low 8 bits are used). */
    public static Kind classify(int firstByte) {
        int b = firstByte & 0xFF;
        if (b <= 3) {
            return Kind.STUN;
        }
        if (b >= 64 && b <= 79) {
            return Kind.CHANNEL_DATA;
        }
        return Kind.OTHER;
    }

    /** True when the first byte marks STUN. */
    public static boolean isStun(int firstByte) {
        return (firstByte & 0xFF) <= 3;
    }

    /** True when the first byte marks ChannelData. */
    public static boolean isChannelData(int firstByte) {
        return (firstByte & 0xF0) == 0x40;
    }
}
