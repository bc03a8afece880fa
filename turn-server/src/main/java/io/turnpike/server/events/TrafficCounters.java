package io.turnpike.server.events;

import java.util.concurrent.atomic.LongAdder;

/**
 * Packet, byte and drop counters for the relay hot path. {@link LongAdder} keeps increments from
 * several event loops free of contention and allocation (after its cells exist); metrics read the
 * sums. Indexes are enum ordinals, so recording is an array load and an add.
 */
public final class TrafficCounters {
    private static final int DIRECTIONS = Direction.values().length;
    private static final int TRANSPORTS = Transport.values().length;

    private final LongAdder[] packets = adders(DIRECTIONS * TRANSPORTS);
    private final LongAdder[] bytes = adders(DIRECTIONS * TRANSPORTS);
    private final LongAdder[] drops = adders(DropReason.values().length);
    private final LongAdder pacedNanos = new LongAdder();

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** Counts one relayed packet of {@code payloadBytes} bytes. */
    public void relayed(Direction direction, Transport transport, int payloadBytes) {
        int i = direction.ordinal() * TRANSPORTS + transport.ordinal();
        packets[i].increment();
        bytes[i].add(payloadBytes);
    }

    /** Counts one dropped packet. */
    public void dropped(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    /**
     * Counts {@code nanos} during which a TCP relay socket did not read because its allocation was
     * over its bandwidth limit (RFC 6062 relays pace instead of dropping). Not a drop.
     */
    public void paced(long nanos) {
        pacedNanos.add(nanos);
    }

    /** Nanoseconds TCP relay sockets spent paused by the bandwidth limit so far, summed over sockets. */
    public long pacedNanos() {
        return pacedNanos.sum();
    }

    /** Packets relayed so far in {@code direction} for clients on {@code transport}. */
    public long packets(Direction direction, Transport transport) {
        return packets[direction.ordinal() * TRANSPORTS + transport.ordinal()].sum();
    }

    /** Payload bytes relayed so far in {@code direction} for clients on {@code transport}. */
    public long bytes(Direction direction, Transport transport) {
        return bytes[direction.ordinal() * TRANSPORTS + transport.ordinal()].sum();
    }

    /** Packets dropped so far for {@code reason}. */
    public long drops(DropReason reason) {
        return drops[reason.ordinal()].sum();
    }
}
