package io.turnpike.bench.relay;

import io.turnpike.server.allocation.ChannelBindings;
import io.turnpike.server.allocation.Permissions;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What do the per-packet table lookups cost, with {@code allocations} UDP clients on the loop: the
 * allocation of a client 5-tuple ({@code UdpClients.get}, every datagram on the listener), the
 * permission of a peer ({@code Permissions.allows}) and a channel by number (client to peer) and by
 * peer (peer to client). Must allocate 0 B/op.
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Djmh.executor=CUSTOM", EventLoopThreads.JVM_ARGS,
        "-Dio.netty.leakDetection.level=disabled"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LookupBenchmark {
    /** UDP clients with an allocation on the listener (the table the 5-tuple lookup searches). */
    @Param({"1000"})
    public int allocations;

    private RelayFixture fixture;
    private InetSocketAddress client;
    private int permissionKey;
    private long peerKey;
    private long now;

    /** The fixture's allocation plus {@code allocations - 1} other clients in the same table. */
    @Setup
    public void setUp() {
        fixture = new RelayFixture(true);
        for (int i = 1; i < allocations; i++) {
            InetSocketAddress other = new InetSocketAddress("127.0.0." + (2 + i / 50000), 10000 + i % 50000);
            new io.turnpike.server.transport.UdpClientLink(fixture.listener, other, fixture.clients,
                    fixture.relay.flushes()).attach(fixture.allocation);
        }
        fixture.link.attach(fixture.allocation);
        client = new InetSocketAddress("127.0.0.1", RelayFixture.CLIENT.getPort()); // an equal, distinct object
        permissionKey = Permissions.key(RelayFixture.PEER.getAddress());
        peerKey = ChannelBindings.peerKey(RelayFixture.PEER.getAddress(), RelayFixture.PEER.getPort());
        now = fixture.clock.millis();
    }

    /** Releases everything. */
    @TearDown
    public void tearDown() {
        fixture.close();
    }

    /** The allocation of a client 5-tuple. */
    @Benchmark
    public Object allocationBy5Tuple() {
        return fixture.clients.get(client).allocation();
    }

    /** The permission and both channel lookups of one relayed packet each way. */
    @Benchmark
    public void permissionAndChannel(Blackhole bh) {
        bh.consume(fixture.allocation.permissions().allows(permissionKey, now));
        bh.consume(fixture.allocation.channels().byNumber(RelayFixture.CHANNEL, now));
        bh.consume(fixture.allocation.channels().byPeer(peerKey, now));
    }
}
