package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's reference configuration, against which the deployment files are checked: every key
 * they set must exist there, and every environment variable they name must be read somewhere.
 *
 * <p>It is the classpath's {@code reference.conf} together with {@code turnpike-http.conf}, which
 * reference.conf includes.
 */
final class ReferenceConfig {
    private static final Pattern ENV = Pattern.compile("\\$\\{\\?(TURNPIKE_[A-Z0-9_]+)}");
    private static final List<String> RESOURCES = List.of("reference.conf", "turnpike-http.conf");

    /** The raw HOCON text of every part, concatenated (for looking up documented env variables). */
    final String text;
    /** Parsed, not resolved. */
    final Config unresolved;

    private ReferenceConfig(String text) {
        this.text = text;
        this.unresolved = ConfigFactory.parseString(text,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription("reference"));
    }

    /** Loads the reference from the classpath. */
    static ReferenceConfig load() {
        StringBuilder text = new StringBuilder();
        for (String name : RESOURCES) {
            try (InputStream in = ReferenceConfig.class.getClassLoader().getResourceAsStream(name)) {
                if (in != null) {
                    text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ReferenceConfig reference = new ReferenceConfig(text.toString());
        assertTrue(reference.unresolved.hasPath("turnpike.relay") && reference.unresolved.hasPath("turnpike.http"),
                "reference.conf and turnpike-http.conf must be on the test classpath");
        return reference;
    }

    /** Resolved without reading this process's environment, so the test machine cannot change it. */
    Config resolved() {
        return unresolved.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    }

    /** {@code overrides} laid over the reference and resolved with {@code env} as the environment. */
    Config with(Config overrides, Map<String, String> env) {
        // The variables sit at the root, where ${?NAME} looks first (resolveWith with a separate
        // source trips over delayed merges such as "software = x, software = ${?Y}").
        return overrides.withFallback(unresolved).withFallback(ConfigFactory.parseMap(env))
                .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    }

    /** Environment variables the reference reads through {@code ${?VAR}}. */
    Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        Matcher m = ENV.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Whether {@code path} (e.g. "turnpike.relay.public-address") is a key of the reference. */
    boolean hasKey(String path) {
        return resolved().hasPathOrNull(path);
    }

    /** Every leaf path (non-object value) under {@code config}'s root, e.g. "turnpike.listen.udp-port". */
    static Set<String> leafPaths(Config config) {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            out.add(e.getKey());
        }
        return out;
    }

    /** Paths set in {@code user} that are no key of the reference (typos, invented or renamed keys). */
    Set<String> unknownKeys(Config user) {
        Config reference = resolved();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String path = e.getKey();
            if (!reference.hasPathOrNull(path)) {
                unknown.add(path);
            }
        }
        return unknown;
    }
}
