package io.turnpike.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The final report of a run: allocation set-up, the load phase (absent for an idle hold), and the
 * ramp steps (present with {@code --ramp}). Printed as text or serialised as JSON.
 *
 * @param server host:port of the TURN server
 * @param transport udp, tcp or tls
 * @param mode channel or send
 * @param payloadBytes payload size of every packet
 * @param setup how the allocations were set up
 * @param load the fixed-rate phase, or null
 * @param ramp the ramp, or null
 */
public record Report(String server, String transport, String mode, int payloadBytes, Setup setup, Load load,
        Ramp ramp) {

    /**
     * Allocation set-up: Allocate (with its 401 round trip) plus CreatePermission or ChannelBind.
     *
     * @param requested allocations asked for
     * @param ok allocations ready to relay
     * @param failed allocations that failed, by reason in {@code failures}
     * @param seconds from the first request to the last answer
     * @param perSecond ready allocations per second over {@code seconds}
     * @param failures failure reason to count
     * @param serverCpuMicrosPerAllocation server CPU per ready allocation during set-up (with
     *     {@code --server-pid}; else null)
     * @param serverRssKib server VmRSS right after set-up (with {@code --server-pid}; else null)
     */
    public record Setup(int requested, int ok, int failed, double seconds, double perSecond,
            Map<String, Integer> failures, Double serverCpuMicrosPerAllocation, Long serverRssKib) {
    }

    /**
     * One load phase. Rates count packets per second summed over allocations; an echoed packet has
     * crossed the relay twice (client to peer, and back). Mbit/s count payload bits.
     *
     * @param ratePerAllocation offered packets/s per allocation, -1 for "max"
     * @param seconds length of the sending phase
     * @param sent packets sent
     * @param echoed echoes received
     * @param offeredPps sent / seconds
     * @param achievedPps echoed / seconds
     * @param offeredMbps payload Mbit/s sent
     * @param achievedMbps payload Mbit/s echoed
     * @param lossPercent (sent - echoed) / sent
     * @param reordered echoes that arrived after a later one of the same allocation
     * @param lagged packets the generator itself could not send on schedule
     * @param rttP50Ms round-trip time percentiles and maximum in milliseconds
     * @param rttP90Ms 90th percentile
     * @param rttP99Ms 99th percentile
     * @param rttMaxMs maximum
     * @param jitterMeanMs RFC 3550 interarrival jitter (of the round trip), mean over allocations
     * @param jitterMaxMs the largest per-allocation jitter
     * @param serverCpuSeconds server CPU during the sending phase and drain (with {@code --server-pid};
     *     else null)
     * @param serverCpuSecondsPerMillion server CPU seconds per million echoed packets (else null)
     */
    public record Load(double ratePerAllocation, double seconds, long sent, long echoed, double offeredPps,
            double achievedPps, double offeredMbps, double achievedMbps, double lossPercent, long reordered,
            long lagged, double rttP50Ms, double rttP90Ms, double rttP99Ms, double rttMaxMs, double jitterMeanMs,
            double jitterMaxMs, Double serverCpuSeconds, Double serverCpuSecondsPerMillion) {

        /**
         * Computes the figures of a phase from its counters and its RTT histogram (nanoseconds);
         * {@code serverCpuSeconds} is negative when unknown.
         */
        static Load of(double ratePerAllocation, double seconds, int payloadBytes, PhaseTotals t, Histogram rtt,
                double serverCpuSeconds) {
            double s = seconds > 0 ? seconds : 1;
            double bitsPerPacket = payloadBytes * 8.0;
            boolean any = rtt.getTotalCount() > 0;
            return new Load(ratePerAllocation, seconds, t.sent(), t.received(), t.sent() / s, t.received() / s,
                    t.sent() * bitsPerPacket / s / 1e6, t.received() * bitsPerPacket / s / 1e6, t.lossPercent(),
                    t.reordered(), t.lagged(),
                    any ? millis(rtt.getValueAtPercentile(50)) : 0, any ? millis(rtt.getValueAtPercentile(90)) : 0,
                    any ? millis(rtt.getValueAtPercentile(99)) : 0, any ? millis(rtt.getMaxValue()) : 0,
                    t.jitterMeanNanos() / 1e6, t.jitterMaxNanos() / 1e6,
                    serverCpuSeconds < 0 ? null : serverCpuSeconds,
                    serverCpuSeconds < 0 || t.received() == 0 ? null : serverCpuSeconds / (t.received() / 1e6));
        }

        private static double millis(long nanos) {
            return nanos / 1e6;
        }
    }

    /**
     * A ramp step: its load and whether it held (loss within the limit and the generator kept up).
     *
     * @param load the step's figures
     * @param held true when the step counts as sustained
     * @param generatorBound true when the generator sent less than 95 % of its schedule (it, not the
     *     server, was the limit; such a step is run once more before it counts as failed)
     */
    public record RampStep(Load load, boolean held, boolean generatorBound) {
    }

    /**
     * The ramp.
     *
     * @param lossLimitPercent loss a step may show and still hold
     * @param steps the steps in the order run
     * @param bestRatePerAllocation highest per-allocation rate held (0 if none)
     * @param bestAchievedPps the most echoed packets/s of any step within the loss limit (0 if none)
     */
    public record Ramp(double lossLimitPercent, List<RampStep> steps, double bestRatePerAllocation,
            double bestAchievedPps) {
    }

    /** The report as JSON (pretty-printed). */
    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report as human-readable text. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "server %s, %s, %s, %d-byte payloads%n", server, transport, mode,
                payloadBytes));
        b.append(String.format(Locale.ROOT, "allocations: %d/%d ready, %d failed, set up in %.2f s (%.1f/s)%n",
                setup.ok(), setup.requested(), setup.failed(), setup.seconds(), setup.perSecond()));
        if (setup.serverCpuMicrosPerAllocation() != null) {
            b.append(String.format(Locale.ROOT, "  server: %.1f us CPU per allocation, VmRSS %d KiB after set-up%n",
                    setup.serverCpuMicrosPerAllocation(), setup.serverRssKib()));
        }
        for (Map.Entry<String, Integer> f : setup.failures().entrySet()) {
            b.append(String.format(Locale.ROOT, "  failure %s: %d%n", f.getKey(), f.getValue()));
        }
        if (load != null) {
            appendLoad(b, load);
        }
        if (ramp != null) {
            b.append(String.format(Locale.ROOT, "ramp (held = loss <= %.2f %% and the generator kept up):%n",
                    ramp.lossLimitPercent()));
            for (RampStep s : ramp.steps()) {
                Load l = s.load();
                b.append(String.format(Locale.ROOT,
                        "  %9.1f pkt/s/alloc: offered %10.0f pkt/s, echoed %10.0f pkt/s, loss %6.2f %%, "
                                + "p99 %8.3f ms  %s%n",
                        l.ratePerAllocation(), l.offeredPps(), l.achievedPps(), l.lossPercent(), l.rttP99Ms(),
                        s.held() ? "held" : s.generatorBound() ? "generator fell behind" : "FAILED"));
            }
            b.append(String.format(Locale.ROOT, "highest rate held: %.1f pkt/s per allocation; most echoed "
                    + "within the loss limit: %.0f pkt/s%n",
                    ramp.bestRatePerAllocation(), ramp.bestAchievedPps()));
        }
        return b.toString();
    }

    private static void appendLoad(StringBuilder b, Load l) {
        b.append(String.format(Locale.ROOT, "load: %.2f s at %s pkt/s per allocation%n", l.seconds(),
                l.ratePerAllocation() < 0 ? "max" : String.format(Locale.ROOT, "%.1f", l.ratePerAllocation())));
        b.append(String.format(Locale.ROOT, "  offered  %12.1f pkt/s %10.3f Mbit/s (%d sent)%n", l.offeredPps(),
                l.offeredMbps(), l.sent()));
        b.append(String.format(Locale.ROOT, "  achieved %12.1f pkt/s %10.3f Mbit/s (%d echoed)%n", l.achievedPps(),
                l.achievedMbps(), l.echoed()));
        b.append(String.format(Locale.ROOT, "  loss %.3f %%, reordered %d, generator lag %d packets%n",
                l.lossPercent(), l.reordered(), l.lagged()));
        b.append(String.format(Locale.ROOT, "  rtt ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n", l.rttP50Ms(),
                l.rttP90Ms(), l.rttP99Ms(), l.rttMaxMs()));
        b.append(String.format(Locale.ROOT, "  jitter ms (RFC 3550): mean %.3f  max %.3f%n", l.jitterMeanMs(),
                l.jitterMaxMs()));
        if (l.serverCpuSecondsPerMillion() != null) {
            b.append(String.format(Locale.ROOT, "  server CPU %.3f s, %.3f s per million echoed packets%n",
                    l.serverCpuSeconds(), l.serverCpuSecondsPerMillion()));
        }
    }
}
