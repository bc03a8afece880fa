package io.turnpike.bench.relay;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's worker threads as Netty event-loop threads ({@code FastThreadLocalThread}s). Netty 4.2 pools
 * buffers, slices and recycled objects only on such threads, and the server's relay code always runs
 * on one; on a plain thread every recycled object would be a new one and the B/op figures would be
 * wrong. Selected with {@code -Djmh.executor=CUSTOM -Djmh.executor.class=<this class>} (see
 * {@link #JVM_ARGS}); JMH calls the {@code (int, String)} constructor.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {
    /** The forked JVM's arguments that select this executor. */
    public static final String JVM_ARGS = "-Djmh.executor.class=io.turnpike.bench.relay.EventLoopThreads";

    /** A fixed pool of {@code threads} daemon FastThreadLocalThreads named {@code prefix}-N. */
    public EventLoopThreads(int threads, String prefix) {
        super(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), new DefaultThreadFactory(prefix, true));
    }
}
