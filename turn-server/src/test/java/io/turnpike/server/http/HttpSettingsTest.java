package io.turnpike.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.turnpike.server.usage.UsageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSettingsTest {
    @TempDir
    Path dir;

    private static Config config(String http) {
        return ConfigFactory.parseString("turnpike.http {" + http + "}")
                .withFallback(ConfigFactory.parseResources("turnpike-http.conf")).resolve();
    }

    private static HttpSettings settings(String http) {
        return HttpSettings.from(config(http).getConfig("turnpike.http"));
    }

    /** Asserts that {@code http} is refused with a message naming {@code key}. */
    private static void refused(String http, String key) {
        ConfigException e = assertThrows(ConfigException.BadValue.class, () -> settings(http));
        assertTrue(e.getMessage().contains("turnpike.http." + key), e.getMessage());
    }

    @Test
    void defaultsAreHttpsOn8443WithCloudflareLimitsAndNoKeys() {
        HttpSettings s = settings("");
        assertTrue(s.enabled());
        assertTrue(s.tls());
        assertEquals(8443, s.port());
        assertEquals(Duration.ofHours(48), s.maxTtl());
        assertEquals(Duration.ofSeconds(86400), s.defaultTtl());
        assertTrue(s.keys().isEmpty());
        assertEquals("", s.adminToken());
        assertFalse(s.cloudflare().enabled());
        UsageSettings u = UsageSettings.from(config("").getConfig("turnpike.usage"));
        assertEquals(Duration.ofSeconds(10), u.flushInterval());
        assertEquals("usage.json", u.file());
    }

    @Test
    void keysWithQuotasAndTokenFiles() throws Exception {
        Path f = dir.resolve("token");
        Files.writeString(f, "file-token-0123456789\n");
        HttpSettings s = settings("keys = [{ id = a, token = \"inline-token-0123456\", monthly-quota-bytes = 1000GB,"
                + " warn-at = 0.9 }, { id = b, token-file = \"" + f + "\" }]");
        assertEquals(2, s.keys().size());
        assertEquals(1_000_000_000_000L, s.keys().get(0).quota().monthlyBytes(), "GB is SI, as Cloudflare bills");
        assertEquals(0.9, s.keys().get(0).quota().warnAt());
        assertEquals("file-token-0123456789", s.keys().get(1).token());
        assertFalse(s.keys().get(1).quota().limited());
        assertFalse(s.toString().contains("inline-token"), "toString hides tokens");
    }

    @Test
    void plainHttpOnlyOnLoopbackUnlessAllowed() {
        assertFalse(settings("tls = false, bind-address = \"127.0.0.1\"").tls());
        assertFalse(settings("tls = false, bind-address = \"::1\"").tls());
        refused("tls = false", "tls");
        assertFalse(settings("tls = false, allow-plain-http-on-public = true").tls());
    }

    @Test
    void wrongValuesNameTheirKey() {
        refused("port = 70000", "port");
        refused("default-ttl = 72h", "default-ttl");
        refused("max-body-bytes = 1", "max-body-bytes");
        refused("keys = [{ id = \"bad:id\", token = \"0123456789abcdef\" }]", "keys[0].id");
        refused("keys = [{ id = a, token = short }]", "keys[0].token");
        refused("keys = [{ id = a }]", "keys[0].token");
        refused("keys = [{ id = a, token = \"0123456789abcdef\" }, { id = a, token = \"0123456789abcdef\" }]",
                "keys[1].id");
        refused("keys = [{ id = a, token = \"0123456789abcdef\", warn-at = 1.5 }]", "keys[0].warn-at");
        refused("keys = [{ id = a, token-file = \"/nonexistent/token\" }]", "keys[0].token-file");
        refused("admin-token = tiny", "admin-token");
        refused("rate-limit.burst = 0", "rate-limit.burst");
        refused("cloudflare.mode = sometimes", "cloudflare.mode");
        refused("cloudflare.mode = merge", "cloudflare.key-id");
        refused("cloudflare { mode = merge, key-id = abc }", "cloudflare.token");
        refused("cloudflare.base-url = \"ftp://x\"", "cloudflare.base-url");
        refused("cloudflare.timeout = 5m", "cloudflare.timeout");
    }
}
