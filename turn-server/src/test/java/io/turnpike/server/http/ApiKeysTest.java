package io.turnpike.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.turnpike.server.usage.Quota;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path dir;

    private static HttpSettings settings(String http) {
        return HttpSettings.from(ConfigFactory.parseString("turnpike.http {" + http + "}")
                .withFallback(ConfigFactory.parseResources("turnpike-http.conf")).resolve().getConfig("turnpike.http"));
    }

    @Test
    void embeddedDefaultGeneratesOneKeyAndAdminTokenOwnerOnlyAndReusesThem() throws Exception {
        ApiKeys first = ApiKeys.loadOrCreate(dir, settings(""));
        ApiKey key = first.generatedKey();
        assertNotNull(key);
        assertTrue(key.id().matches("turnpike-[0-9a-f]{12}"), key.id());
        assertEquals(64, key.token().length());
        Path file = dir.resolve(ApiKeys.FILE);
        assertEquals(file, first.generatedFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        ApiKeys again = ApiKeys.loadOrCreate(dir, settings(""));
        assertEquals(key.id(), again.generatedKey().id());
        assertTrue(again.find(key.id()).tokenMatches(key.token()));
        String admin = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile())
                .get("adminToken").asText();
        assertTrue(again.isAdmin(admin));
        assertFalse(again.isAdmin(key.token()));
    }

    @Test
    void configuredKeysAndAdminTokenNeedNoFile() throws Exception {
        ApiKeys keys = ApiKeys.loadOrCreate(dir, settings(
                "admin-token = \"admin-0123456789abcdef\", keys = [{ id = k1, token = \"k1-token-0123456789\" }]"));
        assertNull(keys.generatedKey());
        assertFalse(Files.exists(dir.resolve(ApiKeys.FILE)));
        assertTrue(keys.find("k1").tokenMatches("k1-token-0123456789"));
        ApiKeys keysOnly = ApiKeys.loadOrCreate(dir, settings("keys = [{ id = k1, token = \"k1-token-0123456789\" }]"));
        assertNull(keysOnly.generatedKey(), "configured keys: no key generated");
        String stored = Files.readString(dir.resolve(ApiKeys.FILE));
        assertTrue(stored.contains("adminToken") && !stored.contains("keyId"), stored);
        assertTrue(keysOnly.isAdmin(new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored)
                .get("adminToken").asText()));
        assertFalse(keys.find("k1").tokenMatches("k1-token-012345678"));
        assertFalse(keys.find("k1").tokenMatches(null));
        assertNull(keys.find("k2"));
    }

    @Test
    void ownerOfNamesOnlyConfiguredKeys() {
        ApiKeys keys = ApiKeys.of(List.of(new ApiKey("k1", "k1-token-0123456789", Quota.UNLIMITED)), "x");
        assertEquals("k1", keys.ownerOf("1900000000:k1"));
        assertEquals("k1", keys.ownerOf("1900000000:k1:user-7"));
        assertEquals("", keys.ownerOf("1900000000:k2"), "unknown ids are not labels");
        assertEquals("", keys.ownerOf("alice"));
        assertEquals("", keys.ownerOf("1900000000"));
    }

    @Test
    void toStringHidesTheToken() {
        assertFalse(new ApiKey("k1", "secret-token-0123456789", Quota.UNLIMITED).toString().contains("secret-token"));
    }
}
