package io.turnpike.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each HTTP request to its endpoint, after the checks every API request goes through in this
 * order: known path (404), allowed method (405 with Allow), per-IP rate limit (429), bearer token
 * (401), known key (404). Answers are written on the connection's event loop; the one endpoint that
 * waits on the network (Cloudflare) completes a future, during which the connection reads nothing
 * more, so pipelined answers keep their order.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final String KEYS_PREFIX = "/v1/turn/keys/";

    private final HttpApiContext context;
    private final ObjectMapper json;
    private final RequestRateLimiter limiter;
    private final CredentialEndpoints credentials;
    private final AdminEndpoints admin;
    private final StaticPage page = new StaticPage();

    ApiHandler(HttpApiContext context, ObjectMapper json) {
        this.context = context;
        this.json = json;
        this.limiter = new RequestRateLimiter(context.settings().rateLimit(), System::nanoTime);
        this.credentials = new CredentialEndpoints(context, json);
        this.admin = new AdminEndpoints(context, json);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        CompletableFuture<FullHttpResponse> answer = answer(ctx, req);
        if (answer.isDone()) {
            respond(ctx, outcome(answer), keepAlive);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        answer.whenComplete((r, e) -> ctx.executor().execute(() -> {
            respond(ctx, outcome(answer), keepAlive);
            ctx.channel().config().setAutoRead(true);
        }));
    }

    /** Writes {@code r} and counts it by status code (a small fixed set, so a bounded label). */
    private void respond(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        context.metrics().counter("turnpike.http.responses", "status", Integer.toString(r.status().code()))
                .increment();
        HttpResponses.write(ctx, r, keepAlive);
    }

    private CompletableFuture<FullHttpResponse> answer(ChannelHandlerContext ctx, FullHttpRequest req) {
        try {
            if (!req.decoderResult().isSuccess()) {
                throw new ApiException(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            }
            return route(ctx, req);
        } catch (ApiException e) {
            return done(HttpResponses.error(json, e));
        } catch (RuntimeException e) {
            LOG.error("HTTP {} {} failed", req.method(), new QueryStringDecoder(req.uri()).rawPath(), e);
            return done(HttpResponses.error(json, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"));
        }
    }

    /** The response of a completed future, turning a failure into its JSON error. */
    private FullHttpResponse outcome(CompletableFuture<FullHttpResponse> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ApiException a) {
                return HttpResponses.error(json, a);
            }
            LOG.error("HTTP request failed", e.getCause());
            return HttpResponses.error(json, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    private static CompletableFuture<FullHttpResponse> done(FullHttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private CompletableFuture<FullHttpResponse> route(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).rawPath();
        StaticPage.Asset asset = page.get(path);
        if (asset != null) {
            method(req, HttpMethod.GET);
            FullHttpResponse r = HttpResponses.of(HttpResponseStatus.OK, asset.contentType(), asset.body());
            r.headers().set("Content-Security-Policy", StaticPage.CSP);
            r.headers().set("X-Frame-Options", "DENY");
            r.headers().set("Referrer-Policy", "no-referrer");
            return done(r);
        }
        switch (path) {
            case "/health":
                method(req, HttpMethod.GET);
                return done(text(HttpResponseStatus.OK, "{\"status\":\"ok\"}"));
            case "/ready":
                method(req, HttpMethod.GET);
                return done(context.ready().getAsBoolean()
                        ? text(HttpResponseStatus.OK, "{\"status\":\"ready\"}")
                        : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "{\"status\":\"not ready\"}"));
            case "/metrics":
                method(req, HttpMethod.GET);
                return done(HttpResponses.of(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                        context.metrics().scrape().getBytes(StandardCharsets.UTF_8)));
            case "/v1/usage":
                method(req, HttpMethod.GET);
                requireAdmin(ctx, req);
                return done(admin.usage());
            case "/v1/usage/cloudflare":
                method(req, HttpMethod.POST);
                requireAdmin(ctx, req);
                return done(admin.reportCloudflare(JsonBodies.object(json, req.content())));
            case "/v1/admin/drain":
                method(req, HttpMethod.POST);
                requireAdmin(ctx, req);
                return done(admin.drain(JsonBodies.object(json, req.content())));
            default:
                if (path.startsWith(KEYS_PREFIX)) {
                    return credentialRoute(ctx, req, path.substring(KEYS_PREFIX.length()).split("/", -1));
                }
                throw new ApiException(HttpResponseStatus.NOT_FOUND, "no such path: " + path);
        }
    }

    /** {@code {keyId}/credentials/generate-ice-servers | generate | {username}/revoke}. */
    private CompletableFuture<FullHttpResponse> credentialRoute(ChannelHandlerContext ctx, FullHttpRequest req,
            String[] parts) {
        boolean shape = parts.length >= 3 && "credentials".equals(parts[1]);
        boolean generateIce = shape && parts.length == 3 && "generate-ice-servers".equals(parts[2]);
        boolean generate = shape && parts.length == 3 && "generate".equals(parts[2]);
        boolean revoke = shape && parts.length == 4 && "revoke".equals(parts[3]) && !parts[2].isEmpty();
        if (!generateIce && !generate && !revoke) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "no such path");
        }
        method(req, HttpMethod.POST);
        rateLimit(ctx);
        String bearer = bearer(req);
        String keyId = QueryStringDecoder.decodeComponent(parts[0]);
        ApiKey key = context.keys().find(keyId);
        if (key == null) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "unknown key " + keyId);
        }
        if (!key.tokenMatches(bearer)) {
            throw unauthorized("wrong bearer token for key " + keyId);
        }
        if (revoke) {
            return done(credentials.revoke(keyId, QueryStringDecoder.decodeComponent(parts[2])));
        }
        ObjectNode body = JsonBodies.object(json, req.content());
        return generateIce ? credentials.generateIceServers(keyId, body) : done(credentials.generate(keyId, body));
    }

    private FullHttpResponse text(HttpResponseStatus status, String jsonText) {
        return HttpResponses.of(status, HttpResponses.JSON, jsonText.getBytes(StandardCharsets.UTF_8));
    }

    private static void method(FullHttpRequest req, HttpMethod allowed) {
        if (!allowed.equals(req.method())) {
            throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + req.method() + " not allowed; use " + allowed, allowed.name());
        }
    }

    private void rateLimit(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress a && a.getAddress() != null
                && !limiter.tryAcquire(a.getAddress())) {
            throw new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "too many requests; slow down");
        }
    }

    private void requireAdmin(ChannelHandlerContext ctx, FullHttpRequest req) {
        rateLimit(ctx);
        if (!context.keys().isAdmin(bearer(req))) {
            throw unauthorized("wrong admin token");
        }
    }

    /** The bearer token of the request; 401 when there is none. */
    private static String bearer(FullHttpRequest req) {
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("missing Authorization: Bearer token");
        }
        return h.substring(7).trim();
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
