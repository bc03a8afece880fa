package io.turnpike.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code turnpike.log}: the format and level are validated naming the key, and applied to the
 * server's real logback.xml (its standard-error appender) they give text lines or one JSON object
 * per line.
 */
class LogSettingsTest {
    private static LogSettings settings(String hocon) {
        return LogSettings.from(ConfigFactory.parseString(hocon)
                .withFallback(ConfigFactory.parseString("format = text, level = INFO")));
    }

    @Test
    void formatAndLevelAreReadCaseInsensitively() {
        assertEquals(new LogSettings(true, Level.DEBUG), settings("format = JSON, level = debug"));
        assertEquals(new LogSettings(false, Level.INFO), settings(""));
    }

    @Test
    void aWrongFormatOrLevelNamesItsKey() {
        ConfigException format = assertThrows(ConfigException.class, () -> settings("format = xml"));
        assertTrue(format.getMessage().contains("turnpike.log.format"), format.getMessage());
        ConfigException level = assertThrows(ConfigException.class, () -> settings("level = loud"));
        assertTrue(level.getMessage().contains("turnpike.log.level"), level.getMessage());
    }

    /** The production logback.xml, in a context of its own (the tests' logback-test.xml stays untouched). */
    private static LoggerContext productionContext() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's binding sets on the default context
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogSettings.class.getResource("/logback.xml"));
        return context;
    }

    /** What {@code context} writes to standard error while {@code body} runs. */
    private static List<String> stderrOf(LoggerContext context, Runnable body) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void jsonFormatWritesOneObjectPerLineAndTextComesBack() throws Exception {
        LoggerContext context = productionContext();
        try {
            org.slf4j.Logger log = context.getLogger("turnpike.allocation");
            new LogSettings(true, Level.INFO).apply(context);
            List<String> json = stderrOf(context, () -> {
                log.info("allocation created id={} transport={}", 7, "udp");
                log.debug("not at INFO");
            });
            assertEquals(1, json.size(), String.join("\n", json));
            JsonNode line = new ObjectMapper().readTree(json.get(0));
            assertEquals("INFO", line.get("level").asText());
            assertEquals("turnpike.allocation", line.get("loggerName").asText());
            assertEquals("allocation created id=7 transport=udp", line.get("formattedMessage").asText());
            assertTrue(line.get("timestamp").asLong() > 0, json.get(0));

            new LogSettings(false, Level.DEBUG).apply(context);
            List<String> text = stderrOf(context, () -> log.debug("allocation closed id={}", 7));
            assertEquals(1, text.size(), String.join("\n", text));
            assertTrue(text.get(0).endsWith("DEBUG turnpike.allocation - allocation closed id=7"), text.get(0));
            assertFalse(text.get(0).startsWith("{"), text.get(0));
        } finally {
            context.stop();
        }
    }
}
