package io.turnpike.server.relay;

import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;

/**
 * Flushes deferred to the end of the event loop's current iteration: everything written to a
 * socket while the loop handles one round of ready sockets leaves in one flush: one {@code writev}
 * for a stream instead of one system call per message, and one pass over a UDP listener's outbound
 * buffer (every relay socket that was ready in the round writes to the same listener socket).
 *
 * <p>One per event loop, used only on that loop; the run is scheduled with {@link EventLoop#execute}
 * (a queue slot, no object), so it runs after the loop's I/O of this round. Allocation-free once the
 * target array has grown to the largest round.
 */
public final class FlushBatch implements Runnable {
    private ChannelOutboundInvoker[] targets = new ChannelOutboundInvoker[16];
    private int count;
    private boolean scheduled;

    /**
     * Flushes {@code target} (a channel, or a handler context to flush from that point of the
     * pipeline) after this round of {@code loop}, its event loop. Consecutive duplicates are merged;
     * a target added twice is flushed twice, which is harmless.
     */
    public void add(ChannelOutboundInvoker target, EventLoop loop) {
        if (count > 0 && targets[count - 1] == target) {
            return;
        }
        if (count == targets.length) {
            targets = Arrays.copyOf(targets, count * 2);
        }
        targets[count++] = target;
        if (!scheduled) {
            scheduled = true;
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                run(); // the loop is shutting down: flush now rather than never
            }
        }
    }

    /** Number of flushes waiting (tests). */
    public int pending() {
        return count;
    }

    @Override
    public void run() {
        // Flushes may complete writes whose listeners add targets: those are appended and run here too.
        try {
            for (int i = 0; i < count; i++) {
                ChannelOutboundInvoker target = targets[i];
                targets[i] = null;
                target.flush();
            }
        } finally {
            for (int i = 0; i < count; i++) {
                targets[i] = null; // after a failed flush: the rest are dropped, a later write flushes them
            }
            count = 0;
            scheduled = false;
        }
    }
}
