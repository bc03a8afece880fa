package io.turnpike.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Loss, rates, percentiles and RFC 3550 jitter computed from synthetic data. */
class ReportMathsTest {
    private static final double MS = 1e6;

    @Test
    void rfc3550JitterFollowsTheOneSixteenthFilter() {
        FlowStats s = new FlowStats();
        long[] transitMs = {10, 12, 11, 15};
        for (int i = 0; i < transitMs.length; i++) {
            s.onReceived(i, (long) (transitMs[i] * MS));
        }
        // J1 = 2/16; J2 = J1 + (1 - J1)/16; J3 = J2 + (4 - J2)/16 (RFC 3550 §6.4.1, A.8), by hand:
        assertEquals(0.41845703125, s.jitterNanos() / MS, 1e-9);
        assertTrue(s.hasJitter());
    }

    @Test
    void constantTransitHasNoJitter() {
        FlowStats s = new FlowStats();
        for (int i = 0; i < 100; i++) {
            s.onReceived(i, 5_000_000);
        }
        assertEquals(0.0, s.jitterNanos());
    }

    @Test
    void aLateSequenceNumberCountsAsReordered() {
        FlowStats s = new FlowStats();
        for (long seq : new long[] {0, 1, 3, 2, 4, 6, 5}) {
            s.onReceived(seq, 1);
        }
        assertEquals(2, s.reordered());
        assertEquals(7, s.received());
    }

    @Test
    void resetForgetsThePreviousPhase() {
        FlowStats s = new FlowStats();
        s.onSent();
        s.onReceived(5, 10);
        s.onReceived(6, 30);
        s.reset();
        assertEquals(0, s.sent());
        assertEquals(0, s.received());
        assertFalse(s.hasJitter());
        s.onReceived(0, 1);
        assertEquals(0, s.reordered(), "sequence 0 is not late after a reset");
    }

    @Test
    void lossIsTheShareOfSentPacketsNeverEchoed() {
        FlowStats a = flow(100, 99);
        FlowStats b = flow(100, 100);
        PhaseTotals t = PhaseTotals.EMPTY.plus(a).plus(b);
        assertEquals(200, t.sent());
        assertEquals(199, t.received());
        assertEquals(0.5, t.lossPercent(), 1e-12);
        assertEquals(0.0, PhaseTotals.EMPTY.lossPercent(), "nothing sent, nothing lost");
        assertEquals(0.0, PhaseTotals.EMPTY.plus(flow(10, 12)).lossPercent(), "duplicates never make loss negative");
    }

    @Test
    void jitterIsAveragedOverAllocationsThatHaveOne() {
        FlowStats steady = new FlowStats();
        steady.onReceived(0, 1_000_000);
        steady.onReceived(1, 1_000_000);
        FlowStats jumpy = new FlowStats();
        jumpy.onReceived(0, 0);
        jumpy.onReceived(1, 16_000_000); // J = 16 ms / 16 = 1 ms
        FlowStats silent = new FlowStats();
        silent.onSent();
        PhaseTotals t = PhaseTotals.EMPTY.plus(steady).plus(jumpy).plus(silent);
        assertEquals(2, t.jitterFlows());
        assertEquals(0.5 * MS, t.jitterMeanNanos(), 1e-6);
        assertEquals(1.0 * MS, t.jitterMaxNanos(), 1e-6);
    }

    @Test
    void loadFiguresFromCountersAndHistogram() {
        Histogram rtt = new Histogram(60_000_000_000L, 3);
        for (long us = 1; us <= 1000; us++) {
            rtt.recordValue(us * 1000);
        }
        PhaseTotals t = new PhaseTotals(1000, 990, 3, 2 * MS, 1.5 * MS, 2, 7);
        Report.Load l = Report.Load.of(50, 2.0, 160, t, rtt, 0.0099);
        assertEquals(500.0, l.offeredPps(), 1e-9);
        assertEquals(495.0, l.achievedPps(), 1e-9);
        assertEquals(0.64, l.offeredMbps(), 1e-9); // 500 pkt/s * 160 B * 8 bit
        assertEquals(0.6336, l.achievedMbps(), 1e-9);
        assertEquals(1.0, l.lossPercent(), 1e-9);
        assertEquals(3, l.reordered());
        assertEquals(7, l.lagged());
        assertEquals(0.500, l.rttP50Ms(), 0.001);
        assertEquals(0.900, l.rttP90Ms(), 0.001);
        assertEquals(0.990, l.rttP99Ms(), 0.001);
        assertEquals(1.000, l.rttMaxMs(), 0.001);
        assertEquals(1.0, l.jitterMeanMs(), 1e-9);
        assertEquals(1.5, l.jitterMaxMs(), 1e-9);
        assertEquals(10.0, l.serverCpuSecondsPerMillion(), 1e-9); // 0.0099 s over 990 echoes = 10 us each
    }

    @Test
    void withoutAServerPidThereAreNoServerFigures() {
        Report.Load l = Report.Load.of(50, 1.0, 160, new PhaseTotals(10, 10, 0, 0, 0, 0, 0),
                new Histogram(1000, 3), -1);
        assertEquals(null, l.serverCpuSeconds());
        assertEquals(null, l.serverCpuSecondsPerMillion());
    }

    @Test
    void anEmptyHistogramGivesZeroLatencies() {
        Report.Load l = Report.Load.of(50, 1.0, 160, PhaseTotals.EMPTY, new Histogram(1000, 3), -1);
        assertEquals(0.0, l.rttP99Ms());
        assertEquals(0.0, l.rttMaxMs());
    }

    @Test
    void aRampStepHoldsOnlyWithinTheLossLimitAndWhenTheGeneratorKeptUp() {
        assertTrue(LoadGenerator.held(load(1000, 995, 0), 1.0));
        assertFalse(LoadGenerator.held(load(1000, 985, 0), 1.0), "1.5 % loss");
        assertFalse(LoadGenerator.held(load(900, 900, 100), 1.0), "generator sent only 90 % of its schedule");
        assertFalse(LoadGenerator.held(load(0, 0, 0), 1.0), "nothing sent");
    }

    @Test
    void jsonAndTextCarryTheFigures() throws Exception {
        Report.Load l = load(1000, 990, 0);
        Report r = new Report("127.0.0.1:3478", "udp", "channel", 160,
                new Report.Setup(10, 9, 1, 0.5, 18, Map.of("441 Wrong Credentials", 1), 250.0, 20480L), l,
                new Report.Ramp(1.0, List.of(new Report.RampStep(l, true, false)), 50, 990));
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertEquals(9, json.at("/setup/ok").asInt());
        assertEquals(1, json.at("/setup/failures/441 Wrong Credentials").asInt());
        assertEquals(1.0, json.at("/load/lossPercent").asDouble(), 1e-9);
        assertTrue(json.at("/load/serverCpuSecondsPerMillion").isNull(), "unknown is null, not NaN");
        assertEquals(250.0, json.at("/setup/serverCpuMicrosPerAllocation").asDouble(), 1e-9);
        assertEquals(990.0, json.at("/ramp/bestAchievedPps").asDouble(), 1e-9);
        assertTrue(json.at("/ramp/steps/0/held").asBoolean());
        String text = r.toText();
        assertTrue(text.contains("9/10 ready, 1 failed"), text);
        assertTrue(text.contains("failure 441 Wrong Credentials: 1"), text);
        assertTrue(text.contains("loss 1.000 %"), text);
        assertTrue(text.contains("highest rate held: 50.0"), text);
        assertTrue(text.contains("within the loss limit: 990 pkt/s"), text);
    }

    private static Report.Load load(long sent, long echoed, long lagged) {
        return Report.Load.of(50, 1.0, 160, new PhaseTotals(sent, echoed, 0, 0, 0, 0, lagged),
                new Histogram(60_000_000_000L, 3), -1);
    }

    private static FlowStats flow(int sent, int received) {
        FlowStats s = new FlowStats();
        for (int i = 0; i < sent; i++) {
            s.onSent();
        }
        for (int i = 0; i < received; i++) {
            s.onReceived(i, 1000);
        }
        return s;
    }
}
