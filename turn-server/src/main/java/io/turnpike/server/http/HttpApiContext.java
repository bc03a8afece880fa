package io.turnpike.server.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.turnpike.server.usage.UsageLedger;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything {@link HttpApiServer} needs from the rest of the server, in one record.
 *
 * @param settings the {@code turnpike.http} section
 * @param keys API keys and admin token ({@link ApiKeys#loadOrCreate})
 * @param endpoints public host and enabled TURN listeners, for the ICE server URLs
 * @param sharedSecret the newest TURN REST shared secret (the one the TURN side validates with)
 * @param revocations the list the TURN engine's credential check consults
 * @param onRevoke called (on an HTTP event loop) with each revoked username, so live allocations
 *     made with it can be closed; must not block
 * @param usage usage counters and quotas
 * @param metrics the registry {@code /metrics} scrapes
 * @param ready whether listeners are bound and the certificate is loaded ({@code /ready})
 * @param tlsHandler makes the TLS handler of a new connection from the current server certificate
 *     (so reloads apply to new connections), e.g. {@code ServerTls.newHandler} with the handshake
 *     timeout; unused when {@code settings.tls()} is false
 * @param clock wall clock for credential expiry
 * @param drain the engine's drain mode for {@code POST /v1/admin/drain}, or null (then 404)
 */
public record HttpApiContext(
        HttpSettings settings,
        ApiKeys keys,
        IceServerEndpoints endpoints,
        Supplier<byte[]> sharedSecret,
        RevocationList revocations,
        Consumer<String> onRevoke,
        UsageLedger usage,
        PrometheusMeterRegistry metrics,
        BooleanSupplier ready,
        Function<ByteBufAllocator, SslHandler> tlsHandler,
        Clock clock,
        DrainSwitch drain) {

    /** A context without drain control. */
    public HttpApiContext(HttpSettings settings, ApiKeys keys, IceServerEndpoints endpoints,
            Supplier<byte[]> sharedSecret, RevocationList revocations, Consumer<String> onRevoke, UsageLedger usage,
            PrometheusMeterRegistry metrics, BooleanSupplier ready, Function<ByteBufAllocator, SslHandler> tlsHandler,
            Clock clock) {
        this(settings, keys, endpoints, sharedSecret, revocations, onRevoke, usage, metrics, ready, tlsHandler, clock,
                null);
    }
}
