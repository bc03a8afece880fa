package io.turnpike.server.interop;

import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The closing statistics of a {@code turnutils_uclient} run, parsed from lines such as
 * <pre>
 * 4: : start_mclient: tot_send_msgs=100, tot_recv_msgs=100
 * 4: : start_mclient: tot_send_bytes ~ 12000, tot_recv_bytes ~ 12000
 * 4: : Total lost packets 0 (0.000000%), total send dropped 0 (0.000000%)
 * </pre>
 * (the per-interval progress lines carry {@code msz=} and are skipped).
 *
 * @param sentMessages messages the client sent through the relay
 * @param receivedMessages echoes the client got back through the relay
 * @param sentBytes payload bytes sent
 * @param receivedBytes payload bytes received
 * @param lostPackets what the client counted as lost
 */
public record UclientReport(long sentMessages, long receivedMessages, long sentBytes, long receivedBytes,
                            long lostPackets) {

    private static final Pattern MESSAGES =
            Pattern.compile("(?m)^.*start_mclient: tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)\\s*$");
    private static final Pattern BYTES =
            Pattern.compile("(?m)^.*start_mclient: tot_send_bytes ~ (\\d+), tot_recv_bytes ~ (\\d+)\\s*$");
    private static final Pattern LOST = Pattern.compile("(?m)^.*Total lost packets (\\d+) ");

    /** Parses the final statistics; throws if the output has none (the client did not finish). */
    public static UclientReport parse(String output) {
        MatchResult messages = last(MESSAGES, output, "message totals");
        MatchResult bytes = last(BYTES, output, "byte totals");
        MatchResult lost = last(LOST, output, "lost packets");
        return new UclientReport(Long.parseLong(messages.group(1)), Long.parseLong(messages.group(2)),
                Long.parseLong(bytes.group(1)), Long.parseLong(bytes.group(2)), Long.parseLong(lost.group(1)));
    }

    private static MatchResult last(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        MatchResult found = null;
        while (matcher.find()) {
            found = matcher.toMatchResult();
        }
        if (found == null) {
            throw new IllegalArgumentException("turnutils_uclient printed no " + what);
        }
        return found;
    }

    /**
     * Asserts that a uclient run finished in time and echoed all {@code expected} messages of
     * {@code length} bytes with no loss; returns its report.
     */
    static UclientReport assertEveryMessageEchoed(ToolRun run, long expected, int length) {
        org.junit.jupiter.api.Assertions.assertFalse(run.timedOut(), run::describe);
        org.junit.jupiter.api.Assertions.assertEquals(0, run.exitCode(), run::describe);
        UclientReport report = parse(run.output());
        org.junit.jupiter.api.Assertions.assertEquals(expected, report.sentMessages(),
                () -> "messages sent\n" + run.describe());
        org.junit.jupiter.api.Assertions.assertEquals(expected, report.receivedMessages(),
                () -> "messages echoed\n" + run.describe());
        org.junit.jupiter.api.Assertions.assertEquals(expected * length, report.receivedBytes(),
                () -> "bytes echoed\n" + run.describe());
        org.junit.jupiter.api.Assertions.assertEquals(0, report.lostPackets(), () -> "lost packets\n" + run.describe());
        return report;
    }
}
