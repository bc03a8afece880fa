package io.turnpike.server.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.typesafe.config.Config;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * How the server logs ({@code turnpike.log}): the level of the root logger and the format of the
 * lines on standard error, plain text (one line per event, allocation lines as key=value) or one
 * JSON object per line for log pipelines (Loki, Elasticsearch, CloudWatch), written by logback's own
 * {@link JsonEncoder}. {@code logback.xml} sets the level from {@code TURNPIKE_LOG_LEVEL} before the
 * configuration is read, so start-up problems are logged too; {@link #apply()} then sets both from
 * the configuration.
 *
 * @param json whether lines are JSON objects
 * @param level the root logger's level
 */
public record LogSettings(boolean json, Level level) {
    private static final String PREFIX = "turnpike.log.";
    /** The appender logback.xml defines for standard error. */
    static final String APPENDER = "STDERR";

    /** Reads and validates {@code turnpike.log}; a wrong value names its key. */
    public static LogSettings from(Config section) {
        String format = section.getString("format").trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw ConfigValues.bad(section, PREFIX, "format", "\"text\" or \"json\"");
        }
        String levelName = section.getString("level").trim().toUpperCase(Locale.ROOT);
        Level level = Level.toLevel(levelName, null);
        if (level == null) {
            throw ConfigValues.bad(section, PREFIX, "level", "one of ERROR, WARN, INFO, DEBUG, TRACE, OFF");
        }
        return new LogSettings(format.equals("json"), level);
    }

    /**
     * Applies the level and the format to logback's root logger and its standard-error appender.
     * Does nothing when another SLF4J binding, or a user's own logback configuration without that
     * appender, is in charge: the operator's choice wins.
     */
    public void apply() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            apply(context);
        }
    }

    /** {@link #apply()} on the given logback context. */
    void apply(LoggerContext context) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        Appender<ILoggingEvent> appender = root.getAppender(APPENDER);
        if (!(appender instanceof OutputStreamAppender<ILoggingEvent> stream)) {
            return;
        }
        Encoder<ILoggingEvent> current = stream.getEncoder();
        if (json == current instanceof JsonEncoder) {
            return;
        }
        Encoder<ILoggingEvent> encoder = json ? jsonEncoder(context) : textEncoder(context);
        // setEncoder is not thread-safe against appending: stop, swap, start (a line logged in
        // between is dropped by logback with a status message, not lost to a half-built encoder).
        stream.stop();
        stream.setEncoder(encoder);
        stream.start();
        current.stop();
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // One object per line: timestamp (epoch ms), level, threadName, loggerName, the rendered
        // message as formattedMessage, mdc/kvpList/throwable when present. Left out: the raw pattern
        // and its arguments (the rendered message says it), the logger context and counters.
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.start();
        return encoder;
    }

    /** The pattern of logback.xml, for switching back (tests). */
    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{20} - %msg%n");
        encoder.start();
        return encoder;
    }
}
