package io.turnpike.protocol.testing;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that fails a test when Netty's leak detector reports a leaked {@link ByteBuf}.
 *
 * <p>Before each test it installs a leak listener on the detector every Netty buffer is tracked by
 * ({@code AbstractByteBuf.leakDetector}); after each test it forces garbage collection and allocates a
 * few tracked buffers (the detector reports only when it tracks a new one), then fails with the leak
 * records if any arrived. Run with {@code -Dio.netty.leakDetection.level=PARANOID} (the parent pom does)
 * so every buffer is tracked. Note that unpooled <i>heap</i> buffers are never tracked by Netty: tests
 * that want leak checking allocate from {@link PooledByteBufAllocator} or use direct buffers.
 *
 * <p>Use: {@code @ExtendWith(LeakCheck.class)} on a test class. Tests run sequentially per JVM in this
 * project; the listener is per detector, so parallel test execution would mix reports.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final int DRAIN_ROUNDS = 3;

    private final ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        assertNoLeaks();
    }

    /** Starts listening (discarding leaks reported earlier, e.g. by tests without this extension). */
    public void start() {
        drain();
        leaks.clear();
        detector().setLeakListener((type, records) -> leaks.add(type + " leaked:\n" + records));
    }

    /**
     * Forces GC, lets the detector report, stops listening and throws {@link AssertionError} listing the
     * leaks, if any.
     */
    public void assertNoLeaks() throws InterruptedException {
        try {
            for (int round = 0; round < DRAIN_ROUNDS && leaks.isEmpty(); round++) {
                System.gc();
                Thread.sleep(5L * (round + 1));
                drain();
            }
        } finally {
            detector().setLeakListener(null);
        }
        if (!leaks.isEmpty()) {
            List<String> found = new ArrayList<>(leaks);
            leaks.clear();
            throw new AssertionError(found.size() + " ByteBuf leak(s) reported by Netty:\n"
                    + String.join("\n", found));
        }
    }

    /** Allocating tracked buffers makes the detector poll its queue of collected, unreleased buffers. */
    private static void drain() {
        for (int i = 0; i < 4; i++) {
            PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
            PooledByteBufAllocator.DEFAULT.heapBuffer(1).release();
        }
    }

    @SuppressWarnings("unchecked")
    private static ResourceLeakDetector<ByteBuf> detector() {
        try {
            Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
            f.setAccessible(true);
            return (ResourceLeakDetector<ByteBuf>) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach Netty's ByteBuf leak detector", e);
        }
    }
}
