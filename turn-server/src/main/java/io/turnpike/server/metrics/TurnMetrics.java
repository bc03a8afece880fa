package io.turnpike.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.AuthFailure;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.Transport;
import io.turnpike.server.events.TurnEvents;
import io.turnpike.server.usage.UsageLedger;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turnpike's Prometheus metrics. As a {@link TurnEvents} listener it counts lifecycle events; the
 * relay counters in {@link TrafficCounters} are exposed as function counters read at scrape time, so
 * the hot path never touches Micrometer. Every label has a bounded set of values: enums, a fixed list
 * of STUN error codes, and configured API key ids (anything else is "other"); never user names.
 *
 * <p>Each event handler is an array load and an increment of a counter built at construction.
 * Gauges hold their state objects strongly: Micrometer's default is a weak reference, and the
 * suppliers handed in often have no other reference, so their gauges would silently turn to NaN.
 */
public final class TurnMetrics implements TurnEvents, AutoCloseable {
    /**
     * Error codes the engine refuses an Allocate with (RFC 8656 §7.2; §14.8 of RFC 8489 for 300);
     * anything else is "other". 401/438 challenges and 441 wrong credentials are authentication
     * failures, counted in {@code turnpike_auth_failures_total}, not here.
     */
    private static final int[] REFUSAL_CODES = {300, 400, 420, 437, 440, 442, 486, 508};

    private final AtomicLong activeAllocations = new AtomicLong();
    private final AtomicLong activePermissions = new AtomicLong();
    private final AtomicLong activeChannels = new AtomicLong();
    private final Counter created;
    private final Counter[] refused = new Counter[REFUSAL_CODES.length + 1];
    private final Counter[] closed = new Counter[CloseReason.values().length];
    private final Counter[] authFailures = new Counter[AuthFailure.values().length];
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * Registers every meter.
     *
     * @param usage per-key usage counters, or null when usage accounting is off
     */
    public TurnMetrics(MeterRegistry registry, TrafficCounters traffic, UsageLedger usage, MetricSources sources) {
        Gauge.builder("turnpike.allocations.active", activeAllocations, AtomicLong::get)
                .description("Allocations alive now").strongReference(true).register(registry);
        Gauge.builder("turnpike.permissions.active", activePermissions, AtomicLong::get)
                .description("Permissions installed now").strongReference(true).register(registry);
        Gauge.builder("turnpike.channels.active", activeChannels, AtomicLong::get)
                .description("Channel bindings alive now").strongReference(true).register(registry);
        // Not ".created": Prometheus reserves the _created suffix (OpenMetrics creation timestamps).
        created = Counter.builder("turnpike.allocations.started").description("Allocations created")
                .register(registry);
        for (int i = 0; i < REFUSAL_CODES.length; i++) {
            refused[i] = refusedCounter(registry, Integer.toString(REFUSAL_CODES[i]));
        }
        refused[REFUSAL_CODES.length] = refusedCounter(registry, "other");
        for (CloseReason r : CloseReason.values()) {
            closed[r.ordinal()] = Counter.builder("turnpike.allocations.closed").tag("reason", r.label())
                    .description("Allocations ended, by reason").register(registry);
        }
        for (AuthFailure f : AuthFailure.values()) {
            authFailures[f.ordinal()] = Counter.builder("turnpike.auth.failures").tag("reason", f.label())
                    .description("Requests that failed authentication, by reason").register(registry);
        }
        registerTraffic(registry, traffic);
        registerSources(registry, sources);
        if (usage != null) {
            UsageMetrics.register(registry, usage);
        }
        registerRuntime(registry);
    }

    private static Counter refusedCounter(MeterRegistry registry, String code) {
        return Counter.builder("turnpike.allocations.refused").tag("code", code)
                .description("Allocate requests refused, by STUN error code").register(registry);
    }

    private static void registerTraffic(MeterRegistry registry, TrafficCounters traffic) {
        for (Direction d : Direction.values()) {
            for (Transport t : Transport.values()) {
                FunctionCounter.builder("turnpike.relay.packets", traffic, c -> c.packets(d, t))
                        .tags("direction", d.label(), "transport", t.label())
                        .description("Packets relayed").register(registry);
                FunctionCounter.builder("turnpike.relay.bytes", traffic, c -> c.bytes(d, t))
                        .tags("direction", d.label(), "transport", t.label()).baseUnit("bytes")
                        .description("Payload bytes relayed").register(registry);
            }
        }
        for (DropReason r : DropReason.values()) {
            FunctionCounter.builder("turnpike.packets.dropped", traffic, c -> c.drops(r)).tag("reason", r.label())
                    .description("Packets dropped instead of relayed, by reason").register(registry);
        }
        FunctionCounter.builder("turnpike.relay.tcp.paced", traffic, c -> c.pacedNanos() / 1e9).baseUnit("seconds")
                .description("Time TCP relay sockets did not read because their allocation was over its bandwidth"
                        + " limit, summed over sockets").register(registry);
    }

    private static void registerSources(MeterRegistry registry, MetricSources sources) {
        Gauge.builder("turnpike.relay.ports.in.use", sources.relayPortsInUse(), s -> s.getAsLong()).strongReference(false)
                .description("Relay ports allocated").strongReference(true).register(registry);
        Gauge.builder("turnpike.relay.ports.free", sources.relayPortsFree(), s -> s.getAsLong())
                .description("Relay ports still available").strongReference(true).register(registry);
        Gauge.builder("turnpike.tls.certificate.expiry", sources.certificateNotAfter(), s -> {
            Instant notAfter = s.get();
            return notAfter == null ? Double.NaN : notAfter.getEpochSecond();
        }).baseUnit("seconds").description("TLS certificate notAfter, seconds since the epoch").strongReference(true).register(registry);
    }

    private void registerRuntime(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        allocatorGauges(registry, "pooled", PooledByteBufAllocator.DEFAULT.metric());
        if (ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT
                && ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p) {
            allocatorGauges(registry, "default", p.metric());
        }
    }

    private static void allocatorGauges(MeterRegistry registry, String allocator, ByteBufAllocatorMetric m) {
        Gauge.builder("netty.allocator.memory.used", m, ByteBufAllocatorMetric::usedDirectMemory)
                .tags("allocator", allocator, "memory", "direct").baseUnit("bytes")
                .description("Memory held by a Netty buffer allocator").strongReference(true).register(registry);
        Gauge.builder("netty.allocator.memory.used", m, ByteBufAllocatorMetric::usedHeapMemory)
                .tags("allocator", allocator, "memory", "heap").baseUnit("bytes")
                .description("Memory held by a Netty buffer allocator").strongReference(true).register(registry);
    }

    @Override
    public void allocationCreated(AllocationInfo allocation) {
        activeAllocations.incrementAndGet();
        created.increment();
    }

    @Override
    public void allocationClosed(AllocationInfo allocation, CloseReason reason, long bytesToPeer,
            long bytesToClient) {
        activeAllocations.decrementAndGet();
        closed[reason.ordinal()].increment();
    }

    @Override
    public void allocationRefused(int errorCode) {
        for (int i = 0; i < REFUSAL_CODES.length; i++) {
            if (REFUSAL_CODES[i] == errorCode) {
                refused[i].increment();
                return;
            }
        }
        refused[REFUSAL_CODES.length].increment();
    }

    @Override
    public void authFailure(AuthFailure reason) {
        authFailures[reason.ordinal()].increment();
    }

    @Override
    public void permissionCreated() {
        activePermissions.incrementAndGet();
    }

    @Override
    public void permissionRemoved() {
        activePermissions.decrementAndGet();
    }

    @Override
    public void channelBound() {
        activeChannels.incrementAndGet();
    }

    @Override
    public void channelRemoved() {
        activeChannels.decrementAndGet();
    }

    /** Stops the GC notification listener. */
    @Override
    public void close() {
        gc.close();
    }
}
