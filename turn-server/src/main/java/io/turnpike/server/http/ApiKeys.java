package io.turnpike.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.turnpike.server.usage.AtomicFile;
import io.turnpike.server.usage.Quota;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The API keys the credential endpoints accept, and the admin token. Configured keys are used as
 * given; when none is configured (the embedded default) one key is generated on first start and kept
 * in {@code <data-dir>/api-keys.json} (mode 600), together with a generated admin token when none is
 * configured, so a restart keeps them. Lookups are by id in an immutable map; tokens are compared in
 * constant time.
 */
public final class ApiKeys {
    /** Name of the generated-secrets file in the data directory. */
    public static final String FILE = "api-keys.json";

    private final Map<String, ApiKey> byId;
    private final List<ApiKey> all;
    private final String adminToken;
    private final ApiKey generatedKey;
    private final Path generatedFile;

    private ApiKeys(List<ApiKey> keys, String adminToken, ApiKey generatedKey, Path generatedFile) {
        Map<String, ApiKey> m = new HashMap<>();
        for (ApiKey k : keys) {
            m.put(k.id(), k);
        }
        this.byId = Map.copyOf(m);
        this.all = List.copyOf(keys);
        this.adminToken = adminToken;
        this.generatedKey = generatedKey;
        this.generatedFile = generatedFile;
    }

    /** Keys as given (tests, embedding); nothing is generated or stored. */
    public static ApiKeys of(List<ApiKey> keys, String adminToken) {
        return new ApiKeys(keys, adminToken, null, null);
    }

    /**
     * The configured keys and admin token, generating (and storing in {@code dataDir}) what the
     * configuration leaves empty. Main prints {@link #generatedKey()} when it is not null.
     */
    public static ApiKeys loadOrCreate(Path dataDir, HttpSettings settings) throws IOException {
        if (!settings.keys().isEmpty() && !settings.adminToken().isEmpty()) {
            return of(settings.keys(), settings.adminToken());
        }
        Path file = dataDir.resolve(FILE);
        ObjectMapper json = new ObjectMapper();
        ObjectNode stored = Files.exists(file) ? (ObjectNode) json.readTree(file.toFile()) : json.createObjectNode();
        boolean changed = false;
        if (settings.keys().isEmpty() && (!stored.hasNonNull("keyId") || !stored.hasNonNull("token"))) {
            stored.put("keyId", "turnpike-" + random(6));
            stored.put("token", random(32));
            changed = true;
        }
        if (settings.adminToken().isEmpty() && !stored.hasNonNull("adminToken")) {
            stored.put("adminToken", random(32));
            changed = true;
        }
        if (changed) {
            AtomicFile.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(stored), true);
        }
        ApiKey generated = null;
        List<ApiKey> keys = settings.keys();
        if (keys.isEmpty()) {
            generated = new ApiKey(text(stored, "keyId"), text(stored, "token"), Quota.UNLIMITED);
            keys = List.of(generated);
        }
        String admin = settings.adminToken().isEmpty() ? text(stored, "adminToken") : settings.adminToken();
        return new ApiKeys(keys, admin, generated, file);
    }

    private static String text(JsonNode node, String field) {
        return node.get(field).asText();
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The key with {@code id}, or null. */
    public ApiKey find(String id) {
        return id == null ? null : byId.get(id);
    }

    /** All keys. */
    public List<ApiKey> all() {
        return all;
    }

    /** Whether {@code bearer} is the admin token (constant-time). */
    public boolean isAdmin(String bearer) {
        return ApiKey.constantTimeEquals(adminToken, bearer);
    }

    /** The generated default key, or null when keys are configured. */
    public ApiKey generatedKey() {
        return generatedKey;
    }

    /** Where generated secrets are kept, or null when nothing was generated. */
    public Path generatedFile() {
        return generatedFile;
    }

    /** Configured key ids and their quotas, for usage accounting. */
    public Map<String, Quota> quotas() {
        Map<String, Quota> m = new HashMap<>();
        for (ApiKey k : all) {
            m.put(k.id(), k.quota());
        }
        return m;
    }

    /**
     * Who pays for an allocation made with REST {@code username}: the id of the configured API key
     * that minted it, or "" when the name was not minted by a configured key (static user, or a
     * name minted elsewhere with the shared secret). The result is a bounded set, so the engine can
     * put it into {@code AllocationInfo.owner} and metrics can use it as a label.
     */
    public String ownerOf(String username) {
        String id = CredentialIssuer.keyIdOf(username);
        return byId.containsKey(id) ? id : "";
    }
}
