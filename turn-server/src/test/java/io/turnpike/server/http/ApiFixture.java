package io.turnpike.server.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.turnpike.server.usage.MutableClock;
import io.turnpike.server.usage.UsageLedger;
import io.turnpike.server.usage.UsageSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A running {@link HttpApiServer} on loopback port 0 with one API key, plus a JDK HTTP client.
 * {@code overrides} is HOCON for {@code turnpike.http} layered over the shipped defaults.
 */
final class ApiFixture implements AutoCloseable {
    static final String KEY = "app1";
    static final String TOKEN = "token-app1-0123456789";
    static final String ADMIN = "admin-token-0123456789";
    static final byte[] SECRET = "rest-shared-secret-for-tests".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final RevocationList revocations;
    final List<String> revokedCallbacks = new CopyOnWriteArrayList<>();
    final AtomicBoolean ready = new AtomicBoolean(true);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final UsageLedger usage;
    final HttpSettings settings;
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final HttpApiServer server;
    final HttpClient http;
    final URI base;

    ApiFixture(Path dataDir, String overrides) throws Exception {
        this(dataDir, overrides, null, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    ApiFixture(Path dataDir, String overrides, Supplier<SslContext> ssl, HttpClient client) throws Exception {
        Config all = ConfigFactory.parseString("turnpike.http {" + overrides + "}")
                .withFallback(ConfigFactory.parseString("turnpike.http { bind-address = \"127.0.0.1\", port = 0,"
                        + " tls = false, admin-token = \"" + ADMIN + "\", keys = [{ id = \"" + KEY + "\", token = \""
                        + TOKEN + "\", monthly-quota-bytes = 1000 }] }"))
                .withFallback(ConfigFactory.parseResources("turnpike-http.conf")).resolve();
        settings = HttpSettings.from(all.getConfig("turnpike.http"));
        ApiKeys keys = ApiKeys.loadOrCreate(dataDir, settings);
        revocations = new RevocationList(settings.maxRevoked(), clock);
        usage = UsageLedger.open(dataDir, UsageSettings.from(all.getConfig("turnpike.usage")), keys.quotas(), clock);
        IceServerEndpoints endpoints = new IceServerEndpoints("turn.example.org", true, 3478, true, 3478, true, 5349);
        HttpApiContext context = new HttpApiContext(settings, keys, endpoints, () -> SECRET, revocations,
                revokedCallbacks::add, usage, registry, ready::get, ssl, clock);
        server = new HttpApiServer(context);
        server.start(group, NioServerSocketChannel.class);
        http = client;
        base = URI.create((settings.tls() ? "https://localhost:" : "http://127.0.0.1:") + server.localAddress().getPort());
    }

    HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String bearer, String body) throws Exception {
        return send("POST", path, bearer, body);
    }

    HttpResponse<String> get(String path, String bearer) throws Exception {
        return send("GET", path, bearer, null);
    }

    static String generateIce(String key) {
        return "/v1/turn/keys/" + key + "/credentials/generate-ice-servers";
    }

    @Override
    public void close() throws java.io.IOException {
        server.close();
        usage.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
