package io.turnpike.server.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.turnpike.protocol.attribute.PasswordAlgorithm;
import io.turnpike.server.config.ConfigValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Credentials ({@code turnpike.auth}).
 *
 * @param staticUsers username to password
 * @param sharedSecrets TURN REST API secrets, newest first
 * @param generateSecret whether to generate a secret in the data directory when none is configured
 * @param nonceLifetimeMillis how long a nonce is valid before 438 Stale Nonce
 * @param features the RFC 8489 security features offered (password algorithms, username anonymity)
 */
public record AuthSettings(Map<String, String> staticUsers, List<byte[]> sharedSecrets, boolean generateSecret,
        long nonceLifetimeMillis, SecurityFeatures features) {
    private static final String PREFIX = "turnpike.auth.";


    /** Reads and validates {@code turnpike.auth}. */
    public static AuthSettings from(Config section) {
        Map<String, String> users = new LinkedHashMap<>();
        List<? extends Config> entries;
        try {
            entries = section.getConfigList("static-users");
        } catch (ConfigException.WrongType e) {
            throw ConfigValues.bad(section, PREFIX, "static-users",
                    "a list of { username = \"...\", password = \"...\" } objects");
        }
        for (Config user : entries) {
            if (!user.hasPath("username") || !user.hasPath("password")) {
                throw ConfigValues.bad(section, PREFIX, "static-users", "entries with both username and password");
            }
            String name = user.getString("username");
            if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 508) {
                throw ConfigValues.bad(section, PREFIX, "static-users", "usernames of 1 to 508 bytes (RFC 8489 §14.3)");
            }
            if (users.put(name, user.getString("password")) != null) {
                throw ConfigValues.bad(section, PREFIX, "static-users", "distinct usernames; \"" + name + "\" repeats");
            }
        }
        List<byte[]> secrets = new ArrayList<>();
        for (String secret : section.getStringList("shared-secrets")) {
            if (secret.length() < 16) {
                throw ConfigValues.bad(section, PREFIX, "shared-secrets", "secrets of at least 16 characters");
            }
            secrets.add(secret.getBytes(StandardCharsets.UTF_8));
        }
        long nonce = ConfigValues.positiveDuration(section, PREFIX, "nonce-lifetime").toMillis();
        if (nonce < 10_000) {
            throw ConfigValues.bad(section, PREFIX, "nonce-lifetime", "at least 10s");
        }
        return new AuthSettings(Map.copyOf(users), List.copyOf(secrets), section.getBoolean("generate-secret"),
                nonce, features(section, users.isEmpty()));
    }

    /** {@code password-algorithms} (RFC 8489 §18.5 names, preference order) and {@code username-anonymity}. */
    private static SecurityFeatures features(Config section, boolean noStaticUsers) {
        List<Integer> algorithms = new ArrayList<>();
        for (String name : section.getStringList("password-algorithms")) {
            int code = switch (name) {
                case "SHA-256" -> PasswordAlgorithm.SHA256;
                case "MD5" -> PasswordAlgorithm.MD5;
                default -> throw ConfigValues.bad(section, PREFIX, "password-algorithms",
                        "a list of \"SHA-256\" and \"MD5\" (RFC 8489 §18.5), not \"" + name + "\"");
            };
            if (algorithms.contains(code)) {
                throw ConfigValues.bad(section, PREFIX, "password-algorithms", "distinct algorithms");
            }
            algorithms.add(code);
        }
        boolean anonymity = section.getBoolean("username-anonymity");
        if (anonymity && noStaticUsers) {
            throw ConfigValues.bad(section, PREFIX, "username-anonymity",
                    "false without static-users: only static users can be found by USERHASH");
        }
        return new SecurityFeatures(algorithms, anonymity);
    }

    /** A copy with {@code secrets} as the shared secrets (used after generating one in the data dir). */
    public AuthSettings withSharedSecrets(List<byte[]> secrets) {
        return new AuthSettings(staticUsers, List.copyOf(secrets), generateSecret, nonceLifetimeMillis, features);
    }
}
