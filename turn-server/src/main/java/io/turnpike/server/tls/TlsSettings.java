package io.turnpike.server.tls;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code turnpike.tls} section: where the certificate chain and private key come from and how
 * often the files are checked for renewal.
 *
 * @param certificate    PEM file with the certificate chain (leaf first), or {@code null} for the
 *                       self-signed certificate kept in the data directory
 * @param privateKey     PEM file with the private key (PKCS#8 or traditional RSA/EC), or
 *                       {@code null} together with {@code certificate}
 * @param reloadInterval how often {@link ServerTls#checkForChanges()} should run; zero turns
 *                       periodic checks off
 */
public record TlsSettings(Path certificate, Path privateKey, Duration reloadInterval) {

    private static final String PREFIX = "turnpike.tls.";

    /** Self-signed certificate in the data directory, checked every minute. */
    public static TlsSettings selfSigned() {
        return new TlsSettings(null, null, Duration.ofSeconds(60));
    }

    /** True when the operator gave PEM files; false for the generated self-signed certificate. */
    public boolean usesFiles() {
        return certificate != null;
    }

    /**
     * Reads and validates the section ({@code config.getConfig("turnpike.tls")}).
     *
     * @throws ConfigException.BadValue naming the key when only one of the files is set, a file is
     *                                  not readable, or the interval is negative
     */
    public static TlsSettings from(Config section) {
        String cert = section.getString("certificate").trim();
        String key = section.getString("private-key").trim();
        Duration interval = section.getDuration("reload-interval");
        if (interval.isNegative()) {
            throw bad(section, "reload-interval", "must be zero (off) or positive, got " + interval);
        }
        if (cert.isEmpty() && key.isEmpty()) {
            return new TlsSettings(null, null, interval);
        }
        if (cert.isEmpty() || key.isEmpty()) {
            String missing = cert.isEmpty() ? "certificate" : "private-key";
            throw bad(section, missing,
                    "certificate and private-key must both be set (PEM files) or both be \"\" (self-signed)");
        }
        return new TlsSettings(readable(section, "certificate", cert),
                readable(section, "private-key", key), interval);
    }

    private static Path readable(Config section, String key, String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw bad(section, key, "not a valid path: " + e.getMessage());
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw bad(section, key, "file " + path.toAbsolutePath() + " does not exist or is not readable");
        }
        return path;
    }

    private static ConfigException.BadValue bad(Config section, String key, String message) {
        ConfigOrigin origin = section.hasPath(key) ? section.getValue(key).origin() : section.origin();
        return new ConfigException.BadValue(origin, PREFIX + key, message);
    }
}
