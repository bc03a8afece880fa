package io.turnpike.server.usage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * The {@code turnpike.usage} section: where the counters live and how often they are written.
 *
 * @param file counter file name, resolved against the data directory unless absolute
 * @param flushInterval how often dirty counters are written (bounded write frequency)
 * @param historyMonths how many past months are kept in the file for reports
 */
public record UsageSettings(String file, Duration flushInterval, int historyMonths) {
    private static final String PREFIX = "turnpike.usage.";

    /** Reads and validates {@code turnpike.usage}. */
    public static UsageSettings from(Config c) {
        String file = c.getString("file");
        if (file.isBlank()) {
            throw new ConfigException.BadValue(c.origin(), PREFIX + "file", "must name a file");
        }
        Duration flush = c.getDuration("flush-interval");
        if (flush.toMillis() < 100 || flush.toHours() > 1) {
            throw new ConfigException.BadValue(c.origin(), PREFIX + "flush-interval",
                    "must be between 100ms and 1h, got " + flush);
        }
        int history = c.getInt("history-months");
        if (history < 0 || history > 120) {
            throw new ConfigException.BadValue(c.origin(), PREFIX + "history-months",
                    "must be between 0 and 120, got " + history);
        }
        return new UsageSettings(file, flush, history);
    }
}
