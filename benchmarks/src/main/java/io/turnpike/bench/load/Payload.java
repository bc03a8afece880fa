package io.turnpike.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * The load generator's packet payload, read and written in place (allocation-free):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      magic 0x54504C47 "TPLG"                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        allocation index                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  phase (epoch of the run or ramp step)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    sequence number (64 bits)                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                send time, System.nanoTime() (64 bits)         |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                zero filler up to the payload size ...         |
 * </pre>
 *
 * The echo peer returns the bytes unchanged, so the sender reads its own timestamp back: RTT needs
 * only one clock.
 */
public final class Payload {
    /** Marks our packets ("TPLG"); anything else arriving is counted as foreign and ignored. */
    public static final int MAGIC = 0x54504C47;
    /** Bytes of the fixed fields; the smallest payload. */
    public static final int HEADER_LENGTH = 28;

    private static final int INDEX_OFFSET = 4;
    private static final int PHASE_OFFSET = 8;
    private static final int SEQUENCE_OFFSET = 12;
    private static final int TIME_OFFSET = 20;

    private Payload() {
    }

    /** Appends a payload of {@code size} bytes (at least {@link #HEADER_LENGTH}) to {@code out}. */
    public static void write(ByteBuf out, int size, int allocationIndex, int phase, long sequence, long sendNanos) {
        out.writeInt(MAGIC).writeInt(allocationIndex).writeInt(phase).writeLong(sequence).writeLong(sendNanos);
        out.writeZero(size - HEADER_LENGTH);
    }

    /** True when {@code length} bytes at absolute {@code index} hold one of our payloads. */
    public static boolean isOurs(ByteBuf buf, int index, int length) {
        return length >= HEADER_LENGTH && buf.getInt(index) == MAGIC;
    }

    /** The allocation index of the payload at {@code index}. */
    public static int allocationIndex(ByteBuf buf, int index) {
        return buf.getInt(index + INDEX_OFFSET);
    }

    /** The phase of the payload at {@code index}. */
    public static int phase(ByteBuf buf, int index) {
        return buf.getInt(index + PHASE_OFFSET);
    }

    /** The sequence number of the payload at {@code index}. */
    public static long sequence(ByteBuf buf, int index) {
        return buf.getLong(index + SEQUENCE_OFFSET);
    }

    /** The send time of the payload at {@code index}. */
    public static long sendNanos(ByteBuf buf, int index) {
        return buf.getLong(index + TIME_OFFSET);
    }
}
