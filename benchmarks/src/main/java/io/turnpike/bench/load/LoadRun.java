package io.turnpike.bench.load;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * One generator run: event loops with their {@link LoopWorker}s, the echo peer, the allocations, and
 * the phases the controller (the calling thread) drives. Every wait is bounded.
 */
final class LoadRun implements AutoCloseable, TurnSession.Listener {
    private static final long TICK_MICROS = 1000;
    /** Set-up gives up after this long whatever the allocation count. */
    private static final long SETUP_LIMIT_MILLIS = 120_000;
    private static final long RELEASE_LIMIT_MILLIS = 5_000;
    private static final long COLLECT_LIMIT_MILLIS = 5_000;
    /** Bytes a server adds around a payload at most (Data indication with an IPv6 peer, padding). */
    private static final int MAX_OVERHEAD = 64;

    private final LoadOptions options;
    private final Transports transports;
    private final RunControl control = new RunControl();
    private final EventLoop[] loops;
    private final LoopWorker[] workers;
    private final List<TurnSession> sessions = new ArrayList<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private CountDownLatch setupDone;
    private EchoPeer peer;
    private InetSocketAddress server;
    private InetSocketAddress peerAddress;
    private InetSocketAddress local;
    private SslContext tls;
    private Credentials credentials;
    private final ServerProcess serverProcess;
    private volatile long lastAnswerNanos;
    private int epoch;

    LoadRun(LoadOptions options) {
        this.options = options;
        this.transports = Transports.create(options.threads());
        this.serverProcess = options.serverPid() > 0 ? new ServerProcess(options.serverPid()) : null;
        List<EventLoop> list = new ArrayList<>();
        for (EventExecutor e : transports.group()) {
            list.add((EventLoop) e);
        }
        loops = list.toArray(new EventLoop[0]);
        workers = new LoopWorker[loops.length];
        for (int i = 0; i < loops.length; i++) {
            workers[i] = new LoopWorker(control, PooledByteBufAllocator.DEFAULT, options.window());
            loops[i].scheduleAtFixedRate(workers[i], TICK_MICROS, TICK_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    /** True when native epoll is in use. */
    boolean epoll() {
        return transports.epoll();
    }

    /** The echo peer's address as given to the server. */
    InetSocketAddress peerAddress() {
        return peerAddress;
    }

    /**
     * Binds the echo peer and sets up every allocation, {@code setupConcurrency} at a time; returns
     * when all have answered or the set-up limit passed.
     */
    Report.Setup setUp() throws Exception {
        peer = EchoPeer.bind(loops[0], transports, new InetSocketAddress(options.peerBind().host(),
                options.peerBind().port()), options.payloadSize() + MAX_OVERHEAD);
        if (options.peerAdvertise() != null) {
            peerAddress = new InetSocketAddress(options.peerAdvertise().host(), options.peerAdvertise().port());
        } else if (peer.localAddress().getAddress().isAnyLocalAddress()) {
            throw new LoadOptions.UsageException("--peer-bind is a wildcard address: give --peer-advertise");
        } else {
            peerAddress = peer.localAddress();
        }
        server = new InetSocketAddress(options.serverHost(), options.serverPort());
        if (server.isUnresolved()) {
            throw new LoadOptions.UsageException("--server: cannot resolve " + options.serverHost());
        }
        local = options.localAddress() == null ? null : new InetSocketAddress(options.localAddress(), 0);
        tls = options.transport() == LoadOptions.ClientTransport.TLS ? Transports.insecureClientTls() : null;
        credentials = Credentials.of(options, System.currentTimeMillis() / 1000);
        int n = options.allocations();
        setupDone = new CountDownLatch(n);
        double cpu0 = serverCpu();
        long start = System.nanoTime();
        lastAnswerNanos = start;
        for (int i = 0; i < Math.min(n, options.setupConcurrency()); i++) {
            openNext();
        }
        boolean all = setupDone.await(SETUP_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        Map<String, Integer> reasons = new TreeMap<>(failures);
        int missing = all ? 0 : (int) setupDone.getCount();
        if (missing > 0) {
            reasons.merge("no answer within " + SETUP_LIMIT_MILLIS / 1000 + " s", missing, Integer::sum);
        }
        double cpu = serverCpu() - cpu0;
        double seconds = (lastAnswerNanos - start) / 1e9;
        int ok = ready.get();
        boolean known = cpu0 >= 0 && cpu >= 0 && ok > 0;
        return new Report.Setup(n, ok, n - ok, seconds, seconds > 0 ? ok / seconds : 0, reasons,
                known ? cpu * 1e6 / ok : null, known ? serverProcess.rssKib() : null);
    }

    private void openNext() {
        int i = next.getAndIncrement();
        if (i >= options.allocations()) {
            return;
        }
        LoopWorker worker = workers[i % loops.length];
        TurnSession session = new TurnSession(i, worker, credentials, peerAddress, options, this);
        synchronized (sessions) {
            sessions.add(session);
        }
        SessionHandler handler = new SessionHandler(worker, tls != null);
        handler.session(session);
        transports.open(loops[i % loops.length], server, options.transport() == LoadOptions.ClientTransport.UDP,
                tls, local, handler).addListener(f -> {
                    if (!f.isSuccess()) {
                        session.connectFailed("connect: " + f.cause().getClass().getSimpleName());
                    }
                });
    }

    @Override
    public void ready(TurnSession session) {
        ready.incrementAndGet();
        answered();
    }

    @Override
    public void failed(TurnSession session, String reason) {
        failures.merge(reason, 1, Integer::sum);
        failed.incrementAndGet();
        answered();
    }

    private void answered() {
        lastAnswerNanos = System.nanoTime();
        setupDone.countDown();
        openNext();
    }

    /**
     * Sends at {@code ratePerAllocation} for {@code seconds}, waits for the echoes (at most the
     * drain time), and returns the phase's figures.
     */
    Report.Load runPhase(double ratePerAllocation, double seconds) throws Exception {
        double cpu0 = serverCpu();
        long start = System.nanoTime();
        control.begin(new Phase(++epoch, ratePerAllocation, start, true));
        sleepUntil(start + (long) (seconds * 1e9));
        control.stopSending();
        long sendingNanos = System.nanoTime() - start;
        long drainEnd = System.nanoTime() + options.drainMillis() * 1_000_000;
        long sentSoFar = -1;
        while (System.nanoTime() < drainEnd) {
            PhaseTotals t = collect();
            if (t.received() >= t.sent() && t.sent() == sentSoFar) {
                break;
            }
            sentSoFar = t.sent();
            Thread.sleep(20);
        }
        PhaseTotals totals = collect();
        Histogram rtt = control.phaseHistogram();
        double cpu1 = serverCpu();
        return Report.Load.of(ratePerAllocation, sendingNanos / 1e9, options.payloadSize(), totals, rtt,
                cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1);
    }

    /** The server's CPU seconds so far, or -1 without {@code --server-pid} (or when unreadable). */
    private double serverCpu() {
        return serverProcess == null ? -1 : serverProcess.cpuSeconds();
    }

    /** Holds the allocations idle for {@code seconds}. */
    void hold(double seconds) throws InterruptedException {
        sleepUntil(System.nanoTime() + (long) (seconds * 1e9));
    }

    private static void sleepUntil(long deadlineNanos) throws InterruptedException {
        for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 50_000_000L));
        }
    }

    private PhaseTotals collect() throws Exception {
        List<Future<PhaseTotals>> parts = new ArrayList<>();
        for (int i = 0; i < loops.length; i++) {
            parts.add(loops[i].submit(workers[i]::collect));
        }
        PhaseTotals sum = PhaseTotals.EMPTY;
        for (Future<PhaseTotals> f : parts) {
            sum = sum.plus(f.get(COLLECT_LIMIT_MILLIS, TimeUnit.MILLISECONDS));
        }
        return sum;
    }

    /** Set-up progress: allocations ready and failed so far. */
    int readyCount() {
        return ready.get();
    }

    /** Allocations that failed so far. */
    int failedCount() {
        return failed.get();
    }

    /** Packets sent since start, all loops (progress). */
    long sentTotal() {
        long s = 0;
        for (LoopWorker w : workers) {
            s += w.sentTotal();
        }
        return s;
    }

    /** Echoes counted since start, all loops (progress). */
    long echoedTotal() {
        long s = 0;
        for (LoopWorker w : workers) {
            s += w.echoedTotal();
        }
        return s;
    }

    /** RTTs recorded since the last sample (progress). */
    Histogram sampleRtt() {
        return control.sample();
    }

    /** Releases every allocation (Refresh LIFETIME 0), then closes the peer and the loops. */
    @Override
    public void close() {
        List<Future<Void>> releases = new ArrayList<>();
        synchronized (sessions) {
            for (TurnSession s : sessions) {
                Future<Void> f = s.release();
                if (f != null) {
                    releases.add(f);
                }
            }
        }
        long deadline = System.currentTimeMillis() + RELEASE_LIMIT_MILLIS;
        for (Future<Void> f : releases) {
            f.awaitUninterruptibly(Math.max(1, deadline - System.currentTimeMillis()));
        }
        if (peer != null) {
            peer.close();
        }
        transports.shutdown();
    }
}
