package io.turnpike.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Asks Cloudflare's TURN key API for ICE servers. Exactly this is sent (see docs/cloudflare.md):
 * <pre>
 * POST {base-url}/v1/turn/keys/{key-id}/credentials/generate-ice-servers
 * Authorization: Bearer {token}
 * Content-Type: application/json
 *
 * {"ttl": N}
 * </pre>
 * Nothing about the end user (no customIdentifier, no client address) leaves Turnpike. The JDK's
 * {@link HttpClient} is used because it is asynchronous, speaks HTTPS with the JDK's trust store, and
 * adds no dependency; the reply completes a future so no event loop ever waits on Cloudflare.
 */
final class CloudflareClient {
    private final CloudflareSettings settings;
    private final ObjectMapper json;
    private final HttpClient http;
    private final URI endpoint;

    CloudflareClient(CloudflareSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = settings.baseUrl().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        this.endpoint = URI.create(base + "/v1/turn/keys/" + settings.keyId() + "/credentials/generate-ice-servers");
    }

    /**
     * Cloudflare's {@code iceServers} array for a credential of {@code ttlSeconds}; fails (never
     * later than the configured timeout) on any network error, non-2xx status or unexpected body.
     */
    CompletableFuture<ArrayNode> generateIceServers(long ttlSeconds) {
        ObjectNode body = json.createObjectNode().put("ttl", ttlSeconds);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + settings.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(this::parse);
    }

    private ArrayNode parse(HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 != 2) {
            throw new CompletionException(new IOException("Cloudflare answered HTTP " + response.statusCode()));
        }
        JsonNode servers;
        try {
            servers = json.readTree(response.body()).path("iceServers");
        } catch (IOException e) {
            throw new CompletionException(new IOException("Cloudflare answered malformed JSON", e));
        }
        ArrayNode out = json.createArrayNode();
        if (servers.isObject()) {
            copyServer(servers, out);
        } else if (servers.isArray()) {
            for (JsonNode s : servers) {
                copyServer(s, out);
            }
        }
        if (out.isEmpty()) {
            throw new CompletionException(new IOException("Cloudflare answered without iceServers"));
        }
        return out;
    }

    /** Keeps only the RTCIceServer fields, so nothing unexpected is passed on to clients. */
    private void copyServer(JsonNode s, ArrayNode out) {
        JsonNode urls = s.path("urls");
        if (!(urls.isTextual() || urls.isArray() && !urls.isEmpty())) {
            return;
        }
        ObjectNode copy = out.addObject();
        copy.set("urls", urls);
        if (s.path("username").isTextual()) {
            copy.put("username", s.get("username").asText());
        }
        if (s.path("credential").isTextual()) {
            copy.put("credential", s.get("credential").asText());
        }
    }
}
