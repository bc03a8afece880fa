package io.turnpike.server.tls;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code turnpike.tls} section: where the certificate chain and private key come from, how
 * often the files are checked for renewal, and which TLS implementation serves TLS over TCP.
 *
 * @param certificate    PEM file with the certificate chain (leaf first), or {@code null} for the
 *                       self-signed certificate kept in the data directory
 * @param privateKey     PEM file with the private key (PKCS#8 or traditional RSA/EC), or
 *                       {@code null} together with {@code certificate}
 * @param reloadInterval how often {@link ServerTls#checkForChanges()} should run; zero turns
 *                       periodic checks off
 * @param provider       {@link SslProvider#OPENSSL} (Netty's BoringSSL binding, netty-tcnative) or
 *                       {@link SslProvider#JDK} (the JDK's SSLEngine) for TLS over TCP; DTLS always
 *                       uses the JDK ({@link DtlsContexts})
 */
public record TlsSettings(Path certificate, Path privateKey, Duration reloadInterval, SslProvider provider) {

    private static final String PREFIX = "turnpike.tls.";

    /** Checks that the provider is one of the two Turnpike supports. */
    public TlsSettings {
        if (provider != SslProvider.OPENSSL && provider != SslProvider.JDK) {
            throw new IllegalArgumentException("provider must be OPENSSL or JDK, got " + provider);
        }
    }

    /** The given files and interval with the {@link #defaultProvider()}. */
    public TlsSettings(Path certificate, Path privateKey, Duration reloadInterval) {
        this(certificate, privateKey, reloadInterval, defaultProvider());
    }

    /** Self-signed certificate in the data directory, checked every minute, default provider. */
    public static TlsSettings selfSigned() {
        return new TlsSettings(null, null, Duration.ofSeconds(60));
    }

    /**
     * What {@code provider = auto} means: BoringSSL when its native library loads on this machine
     * (the jar carries it for linux-x86_64), else the JDK.
     */
    public static SslProvider defaultProvider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** True when the operator gave PEM files; false for the generated self-signed certificate. */
    public boolean usesFiles() {
        return certificate != null;
    }

    /**
     * Reads and validates the section ({@code config.getConfig("turnpike.tls")}).
     *
     * @throws ConfigException.BadValue naming the key when only one of the files is set, a file is
     *                                  not readable, the interval is negative, or the provider is
     *                                  unknown or {@code openssl} where BoringSSL cannot load
     */
    public static TlsSettings from(Config section) {
        return from(section, OpenSsl.isAvailable());
    }

    /** {@link #from(Config)} as on a machine where BoringSSL does ({@code true}) or does not load. */
    static TlsSettings from(Config section, boolean openSslAvailable) {
        String cert = section.getString("certificate").trim();
        String key = section.getString("private-key").trim();
        Duration interval = section.getDuration("reload-interval");
        if (interval.isNegative()) {
            throw bad(section, "reload-interval", "must be zero (off) or positive, got " + interval);
        }
        SslProvider provider = provider(section, openSslAvailable);
        if (cert.isEmpty() && key.isEmpty()) {
            return new TlsSettings(null, null, interval, provider);
        }
        if (cert.isEmpty() || key.isEmpty()) {
            String missing = cert.isEmpty() ? "certificate" : "private-key";
            throw bad(section, missing,
                    "certificate and private-key must both be set (PEM files) or both be \"\" (self-signed)");
        }
        return new TlsSettings(readable(section, "certificate", cert),
                readable(section, "private-key", key), interval, provider);
    }

    private static SslProvider provider(Config section, boolean openSslAvailable) {
        String value = section.getString("provider").trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "auto":
                return openSslAvailable ? SslProvider.OPENSSL : SslProvider.JDK;
            case "jdk":
                return SslProvider.JDK;
            case "openssl":
                if (!openSslAvailable) {
                    Throwable cause = OpenSsl.unavailabilityCause();
                    throw bad(section, "provider", "openssl: Netty's BoringSSL library (netty-tcnative) does not"
                            + " load on this machine (" + (cause == null ? "unknown cause" : cause.toString())
                            + "); use auto or jdk");
                }
                return SslProvider.OPENSSL;
            default:
                throw bad(section, "provider", "must be auto, openssl or jdk, got \"" + value + "\"");
        }
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
