package io.turnpike.server.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.turnpike.server.usage.Quota;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code turnpike.http} section: the HTTP listener, API keys, credential lifetimes, request
 * limits and the optional Cloudflare upstream. See {@code turnpike-http.conf} for every key.
 *
 * @param enabled whether the HTTP listener runs at all
 * @param bindAddress listener address
 * @param port listener port (0 = ephemeral)
 * @param tls HTTPS (true) or plain HTTP
 * @param keys configured API keys; empty means "generate one in the data directory"
 * @param adminToken bearer token for the admin endpoints; "" means "generate one"
 * @param defaultTtl credential lifetime when the request names none
 * @param maxTtl largest lifetime a request may ask for
 * @param maxBodyBytes largest request body
 * @param maxRevoked revoked credentials remembered at once
 * @param rateLimit per-client request limit
 * @param cloudflare the Cloudflare upstream
 */
public record HttpSettings(boolean enabled, String bindAddress, int port, boolean tls, List<ApiKey> keys,
        String adminToken, Duration defaultTtl, Duration maxTtl, int maxBodyBytes, int maxRevoked,
        RateLimit rateLimit, CloudflareSettings cloudflare) {
    private static final String PREFIX = "turnpike.http.";

    /** Token bucket per client IP: sustained rate, burst, and how many clients are tracked at once. */
    public record RateLimit(double requestsPerSecond, int burst, int maxClients) {
    }

    /** Copies the key list. */
    public HttpSettings {
        keys = List.copyOf(keys);
    }

    @Override
    public String toString() {
        return "HttpSettings[bind=" + bindAddress + ":" + port + ", tls=" + tls + ", keys=" + keys
                + ", adminToken=<redacted>, defaultTtl=" + defaultTtl + ", maxTtl=" + maxTtl + ", cloudflare="
                + cloudflare + "]";
    }

    /** Reads and validates {@code turnpike.http}; a wrong value throws naming the key. */
    public static HttpSettings from(Config c) {
        String bind = c.getString("bind-address");
        boolean tls = c.getBoolean("tls");
        if (!tls && !c.getBoolean("allow-plain-http-on-public") && !isLoopback(c, bind)) {
            throw bad(c, "tls", "plain HTTP is only allowed on a loopback bind-address (got " + bind
                    + "); set allow-plain-http-on-public = true to override");
        }
        int port = c.getInt("port");
        if (port < 0 || port > 65535) {
            throw bad(c, "port", "must be 0-65535, got " + port);
        }
        Duration maxTtl = c.getDuration("max-ttl");
        if (maxTtl.getSeconds() < 1) {
            throw bad(c, "max-ttl", "must be at least 1s");
        }
        Duration defaultTtl = c.getDuration("default-ttl");
        if (defaultTtl.getSeconds() < 1 || defaultTtl.compareTo(maxTtl) > 0) {
            throw bad(c, "default-ttl", "must be between 1s and max-ttl (" + maxTtl + "), got " + defaultTtl);
        }
        int maxBody = c.getInt("max-body-bytes");
        if (maxBody < 64 || maxBody > 1 << 20) {
            throw bad(c, "max-body-bytes", "must be between 64 and 1048576, got " + maxBody);
        }
        int maxRevoked = c.getInt("max-revoked");
        if (maxRevoked < 1) {
            throw bad(c, "max-revoked", "must be positive");
        }
        String admin = token(c, "", "admin-token", "admin-token-file", true);
        return new HttpSettings(c.getBoolean("enabled"), bind, port, tls, keys(c), admin, defaultTtl, maxTtl,
                maxBody, maxRevoked, rateLimit(c), cloudflare(c));
    }

    private static boolean isLoopback(Config c, String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw bad(c, "bind-address", "unknown address " + bind);
        }
    }

    private static List<ApiKey> keys(Config c) {
        List<ApiKey> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<? extends Config> list = c.getConfigList("keys");
        for (int i = 0; i < list.size(); i++) {
            Config k = list.get(i);
            String at = "keys[" + i + "].";
            if (!k.hasPath("id")) {
                throw bad(c, at + "id", "missing");
            }
            String id = k.getString("id");
            if (!ApiKey.ID.matcher(id).matches()) {
                throw bad(c, at + "id", "must be 1-64 characters of [A-Za-z0-9_-], got \"" + id + "\"");
            }
            if (!ids.add(id)) {
                throw bad(c, at + "id", "duplicate key id \"" + id + "\"");
            }
            String token = token(k, at, "token", "token-file", false);
            if (token.length() < ApiKey.MIN_TOKEN_LENGTH) {
                throw bad(c, at + "token", "must be at least " + ApiKey.MIN_TOKEN_LENGTH + " characters");
            }
            long quota = k.hasPath("monthly-quota-bytes") ? k.getBytes("monthly-quota-bytes") : 0;
            if (quota < 0) {
                throw bad(c, at + "monthly-quota-bytes", "must be >= 0 (0 = unlimited)");
            }
            double warnAt = k.hasPath("warn-at") ? k.getDouble("warn-at") : 0.8;
            if (!(warnAt > 0 && warnAt <= 1)) {
                throw bad(c, at + "warn-at", "must be a fraction in (0, 1], got " + warnAt);
            }
            keys.add(new ApiKey(id, token, new Quota(quota, warnAt)));
        }
        return keys;
    }

    /** A secret given inline or through a file (trimmed); "" when neither is set and that is allowed. */
    private static String token(Config c, String at, String inline, String fileKey, boolean optional) {
        String value = c.hasPath(inline) ? c.getString(inline) : "";
        String file = c.hasPath(fileKey) ? c.getString(fileKey) : "";
        if (!value.isEmpty() && !file.isEmpty()) {
            throw bad(c, at + inline, "set either " + inline + " or " + fileKey + ", not both");
        }
        if (!file.isEmpty()) {
            try {
                value = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw bad(c, at + fileKey, "cannot read " + file + ": " + e.getMessage());
            }
        }
        if (value.isEmpty() && !optional) {
            throw bad(c, at + inline, "missing (set " + inline + " or " + fileKey + ")");
        }
        if (!value.isEmpty() && value.length() < ApiKey.MIN_TOKEN_LENGTH) {
            throw bad(c, at + inline, "must be at least " + ApiKey.MIN_TOKEN_LENGTH + " characters");
        }
        return value;
    }

    private static RateLimit rateLimit(Config c) {
        Config r = c.getConfig("rate-limit");
        double rps = r.getDouble("requests-per-second");
        int burst = r.getInt("burst");
        int max = r.getInt("max-clients");
        if (!(rps > 0)) {
            throw bad(c, "rate-limit.requests-per-second", "must be positive");
        }
        if (burst < 1) {
            throw bad(c, "rate-limit.burst", "must be at least 1");
        }
        if (max < 1) {
            throw bad(c, "rate-limit.max-clients", "must be at least 1");
        }
        return new RateLimit(rps, burst, max);
    }

    private static CloudflareSettings cloudflare(Config c) {
        Config cf = c.getConfig("cloudflare");
        CloudflareSettings.Mode mode;
        try {
            mode = CloudflareSettings.Mode.valueOf(cf.getString("mode").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(c, "cloudflare.mode", "must be off, merge or fallback, got " + cf.getString("mode"));
        }
        URI base;
        try {
            base = new URI(cf.getString("base-url"));
            if (base.getHost() == null || !("https".equals(base.getScheme()) || "http".equals(base.getScheme()))) {
                throw new URISyntaxException(cf.getString("base-url"), "needs http(s)://host");
            }
        } catch (URISyntaxException e) {
            throw bad(c, "cloudflare.base-url", e.getMessage());
        }
        Duration timeout = cf.getDuration("timeout");
        if (timeout.toMillis() < 10 || timeout.getSeconds() > 60) {
            throw bad(c, "cloudflare.timeout", "must be between 10ms and 60s, got " + timeout);
        }
        long cap = cf.getBytes("monthly-cap-bytes");
        if (cap < 0) {
            throw bad(c, "cloudflare.monthly-cap-bytes", "must be >= 0 (0 = no cap)");
        }
        if (mode == CloudflareSettings.Mode.OFF) {
            return new CloudflareSettings(mode, "", "", base, timeout, cap);
        }
        String keyId = cf.getString("key-id");
        if (keyId.isEmpty() || !ApiKey.ID.matcher(keyId).matches()) {
            throw bad(c, "cloudflare.key-id", "must be set (Cloudflare TURN key id) when mode is " + cf.getString("mode"));
        }
        String token = token(cf, "cloudflare.", "token", "token-file", true);
        if (token.isEmpty()) {
            throw bad(c, "cloudflare.token", "must be set when mode is " + cf.getString("mode"));
        }
        return new CloudflareSettings(mode, keyId, token, base, timeout, cap);
    }

    private static ConfigException.BadValue bad(Config c, String key, String message) {
        return new ConfigException.BadValue(c.origin(), PREFIX + key, message);
    }
}
