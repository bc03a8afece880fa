package io.turnpike.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.turnpike.protocol.IndicationReader;
import io.turnpike.protocol.StunMethod;
import java.util.Arrays;

/**
 * Everything one event loop does on the data path: paces the sends of its allocations (a 1 ms tick)
 * and counts their echoes. All fields are touched by the loop's thread only, except the two
 * progress totals, which it alone writes and the progress printer reads.
 *
 * <p>Pacing at a fixed rate: with n allocations at r packets/s each, the loop owes
 * {@code floor(elapsed * r * n)} packets and hands them out round-robin, so each allocation sends
 * exactly every 1/r seconds on average, and the work per tick is proportional to the packets sent,
 * not to the allocation count. In window mode each allocation keeps {@code window} packets in flight
 * and sends the next one as an echo comes back.
 */
final class LoopWorker implements Runnable {
    /** An allocation with packets in flight but no echo for this long has lost them; refill its window. */
    private static final long STALL_NANOS = 200_000_000L;
    /** At most this much schedule (seconds) is caught up in one tick; the rest counts as generator lag. */
    private static final double MAX_CATCH_UP_SECONDS = 0.1;

    private final RunControl control;
    private final ByteBufAllocator alloc;
    private final int window;
    private final IndicationReader reader = new IndicationReader();
    private Flow[] flows = new Flow[16];
    private int count;
    private int epoch = -1;
    private long phaseSent;
    private long lagged;
    private int cursor;
    private volatile long sentTotal;
    private volatile long echoedTotal;

    LoopWorker(RunControl control, ByteBufAllocator alloc, int window) {
        this.control = control;
        this.alloc = alloc;
        this.window = window;
    }

    /** Adds a ready allocation (on this loop). */
    void add(Flow flow) {
        if (count == flows.length) {
            flows = Arrays.copyOf(flows, count * 2);
        }
        flows[count++] = flow;
    }

    /** The reusable Data indication reader of this loop. */
    IndicationReader reader() {
        return reader;
    }

    /** Packets sent since start (progress; read from another thread). */
    long sentTotal() {
        return sentTotal;
    }

    /** Echoes counted since start (progress; read from another thread). */
    long echoedTotal() {
        return echoedTotal;
    }

    /** The pacing tick. */
    @Override
    public void run() {
        Phase p = control.phase();
        long now = System.nanoTime();
        if (p.epoch() != epoch) {
            epoch = p.epoch();
            phaseSent = 0;
            lagged = 0;
            for (int i = 0; i < count; i++) {
                flows[i].enter(epoch, now);
            }
        }
        if (!p.sending() || count == 0) {
            return;
        }
        if (p.ratePerAllocation() == LoadOptions.RATE_MAX) {
            fillWindows(now);
        } else {
            sendDue(p, now);
        }
    }

    private void sendDue(Phase p, long now) {
        double perSecond = p.ratePerAllocation() * count;
        long due = (long) ((now - p.startNanos()) * 1e-9 * perSecond);
        long owed = due - phaseSent;
        long burst = Math.max(count, (long) (perSecond * MAX_CATCH_UP_SECONDS));
        if (owed > burst) {
            lagged += owed - burst;
            phaseSent += owed - burst;
            owed = burst;
        }
        long sent = 0;
        for (long k = 0; k < owed; k++) {
            Flow f = flows[cursor];
            cursor = cursor + 1 == count ? 0 : cursor + 1;
            if (f.send(alloc, now)) {
                sent++;
            } else {
                lagged++;
            }
        }
        phaseSent += owed;
        sentTotal += sent;
    }

    private void fillWindows(long now) {
        long sent = 0;
        for (int i = 0; i < count; i++) {
            Flow f = flows[i];
            if (f.inFlight > 0 && now - f.lastEchoNanos > STALL_NANOS) {
                f.inFlight = 0;
                f.lastEchoNanos = now;
            }
            while (f.inFlight < window && f.send(alloc, now)) {
                sent++;
            }
        }
        sentTotal += sent;
    }

    /**
     * One payload came back for {@code flow} ({@code length} bytes at absolute {@code index} of
     * {@code buf}, which stays the caller's).
     */
    void onPayload(Flow flow, ByteBuf buf, int index, int length) {
        if (flow == null || !Payload.isOurs(buf, index, length) || Payload.phase(buf, index) != epoch) {
            return;
        }
        long now = System.nanoTime();
        long rtt = now - Payload.sendNanos(buf, index);
        flow.enter(epoch, now);
        flow.stats.onReceived(Payload.sequence(buf, index), rtt);
        control.recordRtt(rtt);
        echoedTotal++;
        flow.inFlight = Math.max(0, flow.inFlight - 1);
        flow.lastEchoNanos = now;
        Phase p = control.phase();
        if (p.sending() && p.epoch() == epoch && p.ratePerAllocation() == LoadOptions.RATE_MAX
                && flow.inFlight < window && flow.send(alloc, now)) {
            sentTotal++;
        }
    }

    /** Sums this loop's counters of the current phase (on this loop). */
    PhaseTotals collect() {
        PhaseTotals t = PhaseTotals.EMPTY;
        for (int i = 0; i < count; i++) {
            if (flows[i].epoch == epoch) {
                t = t.plus(flows[i].stats);
            }
        }
        return t.withLagged(lagged);
    }

    /** Number of ready allocations on this loop. */
    int flowCount() {
        return count;
    }
}
