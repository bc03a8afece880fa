package io.turnpike.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.turnpike.server.auth.RestCredentials;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cloudflare-compatible credential endpoints, after routing and authentication:
 * generate-ice-servers (list shape), generate (older single-object shape) and revoke.
 */
final class CredentialEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialEndpoints.class);
    /** Response header naming where the ICE servers came from (turnpike, cloudflare or both). */
    static final String SOURCES_HEADER = "X-Turnpike-Ice-Sources";

    private final HttpApiContext context;
    private final ObjectMapper json;
    private final CredentialIssuer issuer;
    private final CloudflareClient cloudflare;

    CredentialEndpoints(HttpApiContext context, ObjectMapper json) {
        this.context = context;
        this.json = json;
        this.issuer = new CredentialIssuer(context.sharedSecret(), context.clock());
        CloudflareSettings cf = context.settings().cloudflare();
        this.cloudflare = cf.enabled() ? new CloudflareClient(cf, json) : null;
    }

    private long ttl(ObjectNode body) {
        return JsonBodies.ttl(body, context.settings().defaultTtl().getSeconds(),
                context.settings().maxTtl().getSeconds());
    }

    private ApiException quotaSpent(String keyId) {
        return new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "monthly relay quota of key " + keyId
                + " is spent (" + context.usage().quota(keyId).monthlyBytes() + " bytes)");
    }

    /** POST .../generate-ice-servers: 201 with an iceServers list (Turnpike's, Cloudflare's, or both). */
    CompletableFuture<FullHttpResponse> generateIceServers(String keyId, ObjectNode body) {
        long ttl = ttl(body);
        String tag = JsonBodies.customIdentifier(body);
        boolean spent = context.usage().quotaSpent(keyId);
        ArrayNode own = spent ? null : ownIceServers(keyId, tag, ttl);
        if (!useCloudflare()) {
            if (spent) {
                throw quotaSpent(keyId);
            }
            return CompletableFuture.completedFuture(iceServersResponse(own, null));
        }
        return cloudflare.generateIceServers(ttl).handle((cf, error) -> {
            if (error != null) {
                LOG.warn("Cloudflare generate-ice-servers failed, answering with Turnpike's servers only: {}",
                        error.getCause() != null ? error.getCause().toString() : error.toString());
                if (own == null) {
                    throw quotaSpent(keyId);
                }
                return iceServersResponse(own, null);
            }
            boolean merge = context.settings().cloudflare().mode() == CloudflareSettings.Mode.MERGE;
            return iceServersResponse(merge ? own : null, cf);
        });
    }

    private boolean useCloudflare() {
        long cap = context.settings().cloudflare().monthlyCapBytes();
        return cloudflare != null && (cap == 0 || context.usage().cloudflareBytesThisMonth() < cap);
    }

    private ArrayNode ownIceServers(String keyId, String tag, long ttl) {
        RestCredentials.Credential c = issuer.issue(keyId, tag, ttl);
        ArrayNode servers = json.createArrayNode();
        IceServerEndpoints e = context.endpoints();
        if (!e.stunUrls().isEmpty()) {
            servers.addObject().set("urls", strings(e.stunUrls()));
        }
        ObjectNode turn = servers.addObject();
        turn.set("urls", strings(e.turnUrls()));
        turn.put("username", c.username());
        turn.put("credential", c.password());
        return servers;
    }

    private ArrayNode strings(Iterable<String> values) {
        ArrayNode a = json.createArrayNode();
        for (String v : values) {
            a.add(v);
        }
        return a;
    }

    /** Cloudflare's servers first (when present), then Turnpike's. */
    private FullHttpResponse iceServersResponse(ArrayNode own, ArrayNode cf) {
        ObjectNode out = json.createObjectNode();
        ArrayNode servers = out.putArray("iceServers");
        StringBuilder sources = new StringBuilder();
        if (cf != null) {
            servers.addAll(cf);
            sources.append("cloudflare");
        }
        if (own != null) {
            servers.addAll(own);
            sources.append(sources.length() > 0 ? ",turnpike" : "turnpike");
        }
        FullHttpResponse r = HttpResponses.json(HttpResponseStatus.CREATED, json, out);
        r.headers().set(SOURCES_HEADER, sources.toString());
        return r;
    }

    /** POST .../generate: 201 with the older shape, one iceServers object holding every URL. */
    FullHttpResponse generate(String keyId, ObjectNode body) {
        long ttl = ttl(body);
        String tag = JsonBodies.customIdentifier(body);
        if (context.usage().quotaSpent(keyId)) {
            throw quotaSpent(keyId);
        }
        RestCredentials.Credential c = issuer.issue(keyId, tag, ttl);
        ObjectNode out = json.createObjectNode();
        ObjectNode server = out.putObject("iceServers");
        ArrayNode urls = server.putArray("urls");
        context.endpoints().stunUrls().forEach(urls::add);
        context.endpoints().turnUrls().forEach(urls::add);
        server.put("username", c.username());
        server.put("credential", c.password());
        return HttpResponses.json(HttpResponseStatus.CREATED, json, out);
    }

    /** POST .../credentials/{username}/revoke: 204; the username must have been minted by this key. */
    FullHttpResponse revoke(String keyId, String username) {
        if (!keyId.equals(CredentialIssuer.keyIdOf(username))) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "no credential " + username + " of key " + keyId);
        }
        RevocationList.Result result = context.revocations().revoke(username);
        if (result == RevocationList.Result.FULL) {
            throw new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS,
                    "too many live revocations; try again when some credentials have expired");
        }
        if (result == RevocationList.Result.REVOKED) {
            LOG.info("credential revoked key={} username={}", keyId, username);
            context.onRevoke().accept(username);
        }
        return HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    }
}
