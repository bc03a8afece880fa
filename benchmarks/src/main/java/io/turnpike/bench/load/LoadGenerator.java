package io.turnpike.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load generator's entry point ({@code java -jar turnpike-load.jar --help}). Exit status: 0 when
 * at least one allocation relayed, 2 when none could be set up, 64 on a usage error.
 */
public final class LoadGenerator {
    private static final int EXIT_NO_ALLOCATION = 2;
    private static final int EXIT_USAGE = 64;
    /** A ramp step holds only if the generator sent at least this share of what it meant to. */
    private static final double MIN_SENT_SHARE = 0.95;

    private LoadGenerator() {
    }

    /** Runs the generator with the process's arguments and exits with its status. */
    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    /** Netty's start-up DEBUG lines would bury the progress output; only warnings are shown. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** Runs the generator; returns the exit status (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (LoadOptions.UsageException e) {
            err.println("turnpike-load: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (options == null) {
            out.print(LoadOptions.usage());
            return 0;
        }
        try {
            Report report = execute(options, err);
            out.println(options.json() ? report.toJson() : report.toText());
            return report.setup().ok() > 0 ? 0 : EXIT_NO_ALLOCATION;
        } catch (LoadOptions.UsageException e) {
            err.println("turnpike-load: " + e.getMessage());
            return EXIT_USAGE;
        } catch (Exception e) {
            err.println("turnpike-load: " + e);
            return 1;
        }
    }

    /** Runs the set-up and the load the options ask for and returns the report. */
    static Report execute(LoadOptions o, PrintStream err) throws Exception {
        try (LoadRun run = new LoadRun(o); Progress progress = o.quiet() ? null : Progress.start(run, err)) {
            Report.Setup setup = run.setUp();
            if (!o.quiet()) {
                err.println(String.format(Locale.ROOT, "setup: %d ready, %d failed in %.2f s (%s, peer %s)",
                        setup.ok(), setup.failed(), setup.seconds(), run.epoll() ? "epoll" : "nio",
                        run.peerAddress()));
            }
            Report.Load load = null;
            Report.Ramp ramp = null;
            if (setup.ok() > 0) {
                if (o.ramp()) {
                    ramp = ramp(run, o, progress);
                } else if (o.idle()) {
                    run.hold(o.durationSeconds());
                } else {
                    if (o.warmupSeconds() > 0) {
                        run.runPhase(o.ratePerAllocation(), o.warmupSeconds());
                    }
                    load = run.runPhase(o.ratePerAllocation(), o.durationSeconds());
                }
            }
            String server = new LoadOptions.HostPort(o.serverHost(), o.serverPort()).toString();
            return new Report(server, o.transport().name().toLowerCase(Locale.ROOT),
                    o.mode().name().toLowerCase(Locale.ROOT), o.payloadSize(), setup, load, ramp);
        }
    }

    private static Report.Ramp ramp(LoadRun run, LoadOptions o, Progress progress) throws Exception {
        RampPlan plan = new RampPlan(o.ratePerAllocation(), o.rampMaxSteps());
        // An unmeasured first phase (--warmup, else up to 1 s): the generator's own JIT warm-up would
        // otherwise fail step one.
        run.runPhase(o.ratePerAllocation(), o.warmupSeconds() > 0 ? o.warmupSeconds()
                : Math.min(1.0, o.rampStepSeconds()));
        List<Report.RampStep> steps = new ArrayList<>();
        double bestPps = 0;
        boolean retried = false;
        for (double rate = plan.next(); !Double.isNaN(rate) && steps.size() < 2 * o.rampMaxSteps();
                rate = plan.next()) {
            Report.Load l = run.runPhase(rate, o.rampStepSeconds());
            boolean lossOk = l.sent() > 0 && l.lossPercent() <= o.rampLossPercent();
            boolean keptUp = keptUp(l);
            steps.add(new Report.RampStep(l, lossOk && keptUp, !keptUp));
            if (lossOk) {
                bestPps = Math.max(bestPps, l.achievedPps());
            }
            note(progress, String.format(Locale.ROOT, "ramp step %d: %.1f pkt/s/alloc -> echoed %.0f pkt/s, "
                    + "loss %.2f %%, lag %d: %s", steps.size(), rate, l.achievedPps(), l.lossPercent(), l.lagged(),
                    lossOk && keptUp ? "held" : keptUp ? "failed" : "generator fell behind"));
            if (lossOk && !keptUp && !retried) {
                retried = true; // a stall of the generator (e.g. a busy machine): try this rate once more
                continue;
            }
            retried = false;
            plan.record(lossOk && keptUp);
        }
        return new Report.Ramp(o.rampLossPercent(), steps, plan.bestHeld(), bestPps);
    }

    private static void note(Progress progress, String line) {
        if (progress != null) {
            progress.note(line);
        }
    }

    /** True when the generator sent (almost) everything its schedule asked for. */
    static boolean keptUp(Report.Load l) {
        return l.sent() >= MIN_SENT_SHARE * (l.sent() + l.lagged());
    }

    /** A step holds when its loss is within the limit and the generator sent (almost) all it meant to. */
    static boolean held(Report.Load l, double lossLimitPercent) {
        return l.sent() > 0 && l.lossPercent() <= lossLimitPercent && keptUp(l);
    }
}
