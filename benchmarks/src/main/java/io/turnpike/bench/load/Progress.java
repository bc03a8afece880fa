package io.turnpike.bench.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Prints one progress line per second on stderr while a run is going (a daemon thread). */
final class Progress implements AutoCloseable {
    private final LoadRun run;
    private final PrintStream out;
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private long lastSent;
    private long lastEchoed;
    private long lastNanos = startNanos;

    private Progress(LoadRun run, PrintStream out) {
        this.run = run;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts printing every second. */
    static Progress start(LoadRun run, PrintStream out) {
        Progress p = new Progress(run, out);
        p.timer.scheduleAtFixedRate(p::print, 1, 1, TimeUnit.SECONDS);
        return p;
    }

    /** Prints a line outside the once-per-second rhythm (e.g. a ramp step's result). */
    void note(String line) {
        out.println(line);
    }

    private void print() {
        long now = System.nanoTime();
        long sent = run.sentTotal();
        long echoed = run.echoedTotal();
        double dt = (now - lastNanos) / 1e9;
        Histogram h = run.sampleRtt();
        double sentRate = (sent - lastSent) / dt;
        double echoRate = (echoed - lastEchoed) / dt;
        out.println(String.format(Locale.ROOT,
                "[%5.1fs] allocations %d ready %d failed | sent %9.0f pkt/s echoed %9.0f pkt/s | rtt p50 %.3f p99 %.3f ms",
                (now - startNanos) / 1e9, run.readyCount(), run.failedCount(), sentRate, echoRate,
                h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50) / 1e6,
                h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1e6));
        lastSent = sent;
        lastEchoed = echoed;
        lastNanos = now;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
