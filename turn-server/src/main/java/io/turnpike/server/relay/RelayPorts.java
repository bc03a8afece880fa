package io.turnpike.server.relay;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The relay port range as a lock-free bitmap shared by all event loops. A port is taken by a CAS on
 * its bit, starting at a random position so relay ports are hard to guess (RFC 8656 §7.2 asks for
 * unpredictable ports) and so loops rarely contend.
 */
public final class RelayPorts {
    private final int minPort;
    private final int count;
    private final AtomicLongArray bits;
    private final AtomicInteger inUse = new AtomicInteger();

    /** A pool of the ports {@code minPort..maxPort} inclusive. */
    public RelayPorts(int minPort, int maxPort) {
        if (minPort < 1 || maxPort > 65535 || maxPort < minPort) {
            throw new IllegalArgumentException("bad port range " + minPort + "-" + maxPort);
        }
        this.minPort = minPort;
        this.count = maxPort - minPort + 1;
        this.bits = new AtomicLongArray((count + 63) >>> 6);
    }

    /** Takes a free port, or returns -1 when every port is in use (508 Insufficient Capacity). */
    public int acquire() {
        if (inUse.get() >= count) {
            return -1;
        }
        int start = ThreadLocalRandom.current().nextInt(count);
        for (int i = 0; i < count; i++) {
            int index = start + i;
            if (index >= count) {
                index -= count;
            }
            if (tryTake(index)) {
                inUse.incrementAndGet();
                return minPort + index;
            }
        }
        return -1;
    }

    /**
     * Takes a free even port (RFC 8656 §7.2, EVEN-PORT), or with {@code pair} an even port N whose
     * N+1 is free too, taking both (N+1 is then reserved for a later Allocate). -1 when none is free.
     */
    public int acquireEven(boolean pair) {
        int firstEven = minPort & 1; // index of the first even port
        int candidates = (count - firstEven + 1) / 2;
        if (candidates <= 0) {
            return -1;
        }
        int start = ThreadLocalRandom.current().nextInt(candidates);
        for (int i = 0; i < candidates; i++) {
            int index = firstEven + 2 * ((start + i) % candidates);
            if (pair && index + 1 >= count) {
                continue;
            }
            if (!tryTake(index)) {
                continue;
            }
            if (pair && !tryTake(index + 1)) {
                untake(index);
                continue;
            }
            inUse.addAndGet(pair ? 2 : 1);
            return minPort + index;
        }
        return -1;
    }

    private void untake(int index) {
        int word = index >>> 6;
        long mask = 1L << (index & 63);
        while (true) {
            long old = bits.get(word);
            if (bits.compareAndSet(word, old, old & ~mask)) {
                return;
            }
        }
    }

    private boolean tryTake(int index) {
        int word = index >>> 6;
        long mask = 1L << (index & 63);
        while (true) {
            long old = bits.get(word);
            if ((old & mask) != 0) {
                return false;
            }
            if (bits.compareAndSet(word, old, old | mask)) {
                return true;
            }
        }
    }

    /** Returns {@code port} to the pool; releasing a free or foreign port is a bug and throws. */
    public void release(int port) {
        int index = port - minPort;
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("port " + port + " is outside the relay range");
        }
        int word = index >>> 6;
        long mask = 1L << (index & 63);
        while (true) {
            long old = bits.get(word);
            if ((old & mask) == 0) {
                throw new IllegalStateException("relay port " + port + " released twice");
            }
            if (bits.compareAndSet(word, old, old & ~mask)) {
                inUse.decrementAndGet();
                return;
            }
        }
    }

    /** Ports currently taken. */
    public int inUse() {
        return inUse.get();
    }

    /** Ports currently free. */
    public int free() {
        return count - inUse.get();
    }

    /** Size of the range. */
    public int capacity() {
        return count;
    }
}
