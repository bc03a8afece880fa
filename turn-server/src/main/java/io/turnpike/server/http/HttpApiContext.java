package io.turnpike.server.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.turnpike.server.usage.UsageLedger;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
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
 * @param sslContext the current server TLS context (read per connection, so reloads apply to new
 *     connections); unused when {@code settings.tls()} is false
 * @param clock wall clock for credential expiry
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
        Supplier<SslContext> sslContext,
        Clock clock) {
}
