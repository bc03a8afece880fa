package io.turnpike.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the one immutable configuration tree: system properties over the user file over
 * {@code reference.conf} (whose {@code ${?TURNPIKE_...}} substitutions read the environment).
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Loads the configuration.
     *
     * @param userFile a HOCON file laid over the defaults, or null for the embedded default
     * @throws com.typesafe.config.ConfigException when the file is missing or malformed
     */
    public static Config load(Path userFile) {
        Config user = ConfigFactory.empty();
        if (userFile != null) {
            if (!Files.isRegularFile(userFile)) {
                throw new com.typesafe.config.ConfigException.IO(
                        com.typesafe.config.ConfigOriginFactory.newSimple(userFile.toString()),
                        "configuration file not found: " + userFile);
            }
            user = ConfigFactory.parseFile(userFile.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false));
        }
        return overDefaults(user);
    }

    /** {@code overrides} laid over reference.conf, with system properties over both; resolved. */
    public static Config overDefaults(Config overrides) {
        Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        return ConfigFactory.systemProperties()
                .withFallback(overrides)
                .withFallback(reference)
                .resolve(ConfigResolveOptions.defaults());
    }
}
