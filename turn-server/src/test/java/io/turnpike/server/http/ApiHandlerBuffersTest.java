package io.turnpike.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.turnpike.server.usage.MutableClock;
import io.turnpike.server.usage.Quota;
import io.turnpike.server.usage.UsageLedger;
import io.turnpike.server.usage.UsageSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request buffer is released by the handler, and every response is a single releasable buffer. */
class ApiHandlerBuffersTest {
    @TempDir
    Path dir;
    private UsageLedger usage;
    private EmbeddedChannel channel;
    private EmbeddedChannel wire;

    @BeforeEach
    void setUp() throws Exception {
        HttpSettings settings = HttpSettings.from(com.typesafe.config.ConfigFactory.parseString(
                "turnpike.http { tls = false, bind-address = \"127.0.0.1\" }")
                .withFallback(com.typesafe.config.ConfigFactory.parseResources("turnpike-http.conf")).resolve()
                .getConfig("turnpike.http"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-15T00:00:00Z"));
        ApiKeys keys = ApiKeys.of(List.of(new ApiKey("k1", "k1-token-0123456789", Quota.UNLIMITED)),
                "admin-0123456789abcdef");
        usage = UsageLedger.open(dir, new UsageSettings("usage.json", Duration.ofHours(1), 1), keys.quotas(), clock);
        HttpApiContext context = new HttpApiContext(settings, keys,
                new IceServerEndpoints("h", true, 3478, true, 3478, true, 5349), () -> new byte[] {1, 2, 3},
                new RevocationList(10, clock), u -> { }, usage, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true, () -> null, clock);
        channel = new EmbeddedChannel(new ApiHandler(context, new ObjectMapper()));
        wire = new EmbeddedChannel(new HttpServerCodec(),
                new HttpApiServer.JsonOversizeAggregator(100, new ObjectMapper()), new ApiHandler(context, new ObjectMapper()));
    }

    @AfterEach
    void tearDown() throws Exception {
        channel.finishAndReleaseAll();
        wire.finishAndReleaseAll();
        usage.close();
    }

    private FullHttpRequest request(HttpMethod method, String uri, String bearer, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, content);
        if (bearer != null) {
            r.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
        }
        return r;
    }

    /** Sends {@code request}, checks it was released, returns the status and releases the response. */
    private int exchange(FullHttpRequest request) {
        channel.writeInbound(request);
        assertEquals(0, request.refCnt(), "request buffer released");
        FullHttpResponse response = channel.readOutbound();
        int status = response.status().code();
        // Bodiless answers (204) share Unpooled.EMPTY_BUFFER, which is not reference counted.
        boolean shared = response.content() == Unpooled.EMPTY_BUFFER;
        boolean released = response.release();
        if (!shared) {
            assertTrue(released);
            assertEquals(0, response.refCnt());
        }
        assertNull(channel.readOutbound(), "one response per request");
        return status;
    }

    @Test
    void everyOutcomeReleasesTheRequestAndProducesOneResponse() {
        String gen = "/v1/turn/keys/k1/credentials/generate-ice-servers";
        assertEquals(201, exchange(request(HttpMethod.POST, gen, "k1-token-0123456789", "{\"ttl\": 60}")));
        assertEquals(400, exchange(request(HttpMethod.POST, gen, "k1-token-0123456789", "{oops")));
        assertEquals(401, exchange(request(HttpMethod.POST, gen, null, "{}")));
        assertEquals(404, exchange(request(HttpMethod.POST, "/nope", null, "{}")));
        assertEquals(405, exchange(request(HttpMethod.PUT, gen, "k1-token-0123456789", "{}")));
        assertEquals(204, exchange(request(HttpMethod.POST,
                "/v1/turn/keys/k1/credentials/1900000000:k1/revoke", "k1-token-0123456789", "")));
        assertEquals(200, exchange(request(HttpMethod.GET, "/metrics", null, "")));
        assertEquals(200, exchange(request(HttpMethod.GET, "/", null, "")));
    }

    @Test
    void oversizedBodyOnTheWireGetsAJson413AndLeavesNoBufferBehind() {
        String head = "POST /v1/turn/keys/k1/credentials/generate HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n";
        ByteBuf in = Unpooled.copiedBuffer(head + "x".repeat(500), StandardCharsets.US_ASCII);
        wire.writeInbound(in);
        assertEquals(0, in.refCnt());
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = wire.readOutbound()) != null;) {
            out.append(b.toString(StandardCharsets.UTF_8));
            assertTrue(b.release());
        }
        assertTrue(out.toString().startsWith("HTTP/1.1 413"), out.toString());
        assertTrue(out.toString().contains("\"code\":413"), out.toString());
        assertTrue(wire.isActive(), "keep-alive connection stays usable after the skipped body");
    }
}
