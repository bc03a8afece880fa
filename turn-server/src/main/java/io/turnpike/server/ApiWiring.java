package io.turnpike.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.turnpike.server.auth.CredentialStore;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.Transport;
import io.turnpike.server.events.TurnEvents;
import io.turnpike.server.events.TurnEventsFanOut;
import io.turnpike.server.http.ApiCredentialStore;
import io.turnpike.server.http.ApiKey;
import io.turnpike.server.http.ApiKeys;
import io.turnpike.server.http.DrainSwitch;
import io.turnpike.server.http.HttpApiContext;
import io.turnpike.server.http.HttpApiServer;
import io.turnpike.server.http.HttpSettings;
import io.turnpike.server.http.IceServerEndpoints;
import io.turnpike.server.http.RevocationList;
import io.turnpike.server.metrics.MetricSources;
import io.turnpike.server.metrics.TurnMetrics;
import io.turnpike.server.tls.ServerTls;
import io.turnpike.server.usage.UsageLedger;
import io.turnpike.server.usage.UsageSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the HTTP side to the TURN engine: API keys, usage accounting, revocations, Prometheus
 * metrics and the HTTP listener ({@code turnpike.http}, {@code turnpike.usage}).
 *
 * <p>Order of use: {@link #prepare} before the TURN server starts (its {@link #events} and
 * {@link #credentials} go into the server's services: metrics and usage hear every lifecycle event;
 * revoked usernames are refused and REST credentials are owned by the API key that minted them),
 * then {@link #start} once the listeners are bound (the HTTP API runs on the server's event loops and
 * answers {@code /ready} from then on), and {@link #stopHttp()} / {@link #close()} around the
 * server's own close, so the allocations it closes are still counted and written.
 */
public final class ApiWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiWiring.class);
    /**
     * Revocation closes live allocations at once, and once more after this delay: an Allocate that
     * passed the credential check just before the revocation may still be binding its relay socket.
     */
    private static final long REVOKE_SECOND_PASS_MILLIS = 1000;

    private final HttpSettings settings;
    private final ApiKeys keys;
    private final boolean keyGeneratedNow;
    private final UsageLedger usage;
    private final RevocationList revocations;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TurnMetrics metrics;
    private final Supplier<byte[]> newestSecret;
    private final Clock clock;
    private volatile TurnpikeServer server;
    private volatile boolean ready;
    private HttpApiServer http;

    private ApiWiring(HttpSettings settings, ApiKeys keys, boolean keyGeneratedNow, UsageLedger usage,
            TrafficCounters counters, Supplier<byte[]> newestSecret, Clock clock,
            Supplier<Instant> certificateNotAfter) {
        this.settings = settings;
        this.keys = keys;
        this.keyGeneratedNow = keyGeneratedNow;
        this.usage = usage;
        this.newestSecret = newestSecret;
        this.clock = clock;
        this.revocations = new RevocationList(settings.maxRevoked(), clock);
        this.metrics = new TurnMetrics(registry, counters, usage, new MetricSources(
                () -> server == null ? 0 : server.relayPorts().inUse(),
                () -> server == null ? 0 : server.relayPorts().free(),
                certificateNotAfter));
    }

    /**
     * Reads and validates {@code turnpike.http} and {@code turnpike.usage} (throwing a
     * {@link ConfigException} naming the key); null when the HTTP side is disabled.
     */
    public static HttpSettings settingsFrom(Config config, boolean hasSharedSecret) {
        HttpSettings http = HttpSettings.from(config.getConfig("turnpike.http"));
        UsageSettings.from(config.getConfig("turnpike.usage"));
        if (!http.enabled()) {
            return null;
        }
        if (!hasSharedSecret) {
            throw new ConfigException.BadValue(config.getValue("turnpike.http.enabled").origin(),
                    "turnpike.http.enabled", "the credential API mints shared-secret credentials: configure "
                    + "turnpike.auth.shared-secrets or keep turnpike.auth.generate-secret = true, or disable HTTP");
        }
        return http;
    }

    /**
     * Loads (or, on first start, generates in {@code dataDir}) the API keys, opens the usage ledger and
     * registers the metrics; nothing listens yet.
     *
     * @param newestSecret the TURN REST shared secret new credentials are minted with
     * @param tls the server certificate (for its expiry metric and HTTPS), or null when TLS is off
     * @param counters the traffic counters the engine counts into (read by the metrics)
     */
    public static ApiWiring prepare(Config config, HttpSettings http, Path dataDir, Supplier<byte[]> newestSecret,
            ServerTls tls, TrafficCounters counters, Clock clock) throws IOException {
        boolean fresh = !Files.exists(dataDir.resolve(ApiKeys.FILE));
        ApiKeys keys = ApiKeys.loadOrCreate(dataDir, http);
        UsageLedger usage = UsageLedger.open(dataDir, UsageSettings.from(config.getConfig("turnpike.usage")),
                keys.quotas(), clock);
        return new ApiWiring(http, keys, fresh && keys.generatedKey() != null, usage, counters,
                newestSecret, clock, tls == null ? () -> null : tls::notAfter);
    }

    /** The engine's lifecycle listener: metrics, usage, then {@code also} (e.g. a test's recorder). */
    public TurnEvents events(TurnEvents also) {
        return TurnEventsFanOut.of(metrics, usage, also);
    }

    /** The engine's credential check: {@code base} refusing revoked names, owned by API key ids. */
    public CredentialStore credentials(CredentialStore base) {
        return new ApiCredentialStore(base, keys, revocations);
    }

    /**
     * Starts the HTTP API on {@code turn}'s event loops, with ICE server URLs for its bound listeners
     * under {@code publicHost}, and from then on answers {@code /ready} with 200.
     *
     * @param tls the server certificate for HTTPS, or null (then {@code turnpike.http.tls} must be false)
     * @param handshakeTimeout TLS handshake limit for HTTPS connections
     */
    public void start(TurnpikeServer turn, String publicHost, ServerTls tls, Duration handshakeTimeout)
            throws InterruptedException {
        this.server = turn;
        IceServerEndpoints endpoints = IceServerEndpoints.of(publicHost, turn.address(Transport.UDP),
                turn.address(Transport.TCP), turn.address(Transport.TLS), turn.sharedTlsAddress());
        HttpApiContext context = new HttpApiContext(settings, keys, endpoints, newestSecret, revocations,
                this::closeRevoked, usage, registry, () -> ready,
                tls == null ? null : alloc -> tls.newHandler(alloc, handshakeTimeout), clock, new DrainSwitch() {
                    @Override
                    public boolean draining() {
                        return turn.alternates().draining();
                    }

                    @Override
                    public void drain(boolean on) {
                        turn.alternates().drain(on);
                        LOG.info("drain mode {}: new allocations {}", on ? "on" : "off",
                                on ? "go to alternate servers (or get 508)" : "are served here again");
                    }
                });
        http = new HttpApiServer(context);
        http.start(turn.eventLoops(), turn.serverChannels());
        turn.serveHttpOnSharedPort(http::addHandlers); // no-op unless the shared TLS port runs
        // The TURN listeners are bound and the certificate loaded (or TLS is off): ready.
        ready = true;
    }

    /** Closes, on their own loops, the live allocations made with a revoked username. */
    private void closeRevoked(String username) {
        TurnpikeServer turn = server;
        turn.closeAllocations(info -> username.equals(info.username()), CloseReason.REVOKED);
        turn.eventLoops().schedule(
                () -> turn.closeAllocations(info -> username.equals(info.username()), CloseReason.REVOKED),
                REVOKE_SECOND_PASS_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The bound HTTP address; valid after {@link #start}. */
    public InetSocketAddress httpAddress() {
        return http.localAddress();
    }

    /** The usage ledger (per-key bytes this month). */
    public UsageLedger usage() {
        return usage;
    }

    /**
     * What the start-up banner adds: the HTTP URL, and the generated API key's id and token when it
     * was generated by this start (afterwards the token is only in the data directory's file).
     */
    public String bannerLines(String publicHost) {
        InetSocketAddress bound = httpAddress();
        InetAddress address = bound.getAddress();
        String host = address.isAnyLocalAddress() ? publicHost
                : address.getHostAddress().indexOf(':') >= 0 ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        String url = (settings.tls() ? "https://" : "http://") + host + ":" + bound.getPort() + "/";
        StringBuilder b = new StringBuilder();
        b.append("HTTP API, metrics and ICE test page: ").append(url).append('\n');
        b.append("  credentials: POST ").append(url).append("v1/turn/keys/<key id>/credentials/generate-ice-servers")
                .append(" (Authorization: Bearer <token>)\n");
        b.append("  metrics: ").append(url).append("metrics  health: ").append(url).append("health  ready: ")
                .append(url).append("ready\n");
        ApiKey key = keys.generatedKey();
        if (key != null && keyGeneratedNow) {
            b.append("API key generated on first start (kept in ").append(keys.generatedFile())
                    .append(", with the admin token for GET /v1/usage):\n");
            b.append("  key id: ").append(key.id()).append('\n');
            b.append("  token:  ").append(key.token()).append('\n');
            b.append("  test page: ").append(url).append("#key=").append(key.id()).append("&token=")
                    .append(key.token()).append('\n');
        } else if (key != null) {
            b.append("API key ").append(key.id()).append(" (token and admin token in ").append(keys.generatedFile())
                    .append(")\n");
        }
        return b.toString();
    }

    /** Not ready any more, and stops accepting HTTP connections (before the TURN server closes). */
    public void stopHttp() {
        ready = false;
        HttpApiServer running = http;
        http = null;
        if (running != null) {
            running.close();
        }
    }

    /** Stops HTTP if still running, writes the usage counters a last time and stops the metrics. */
    @Override
    public void close() {
        stopHttp();
        try {
            usage.close();
        } catch (IOException e) {
            LOG.error("writing usage counters at shutdown failed: {}", e.toString());
        }
        metrics.close();
    }
}
