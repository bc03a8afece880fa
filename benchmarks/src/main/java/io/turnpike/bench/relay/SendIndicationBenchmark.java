package io.turnpike.bench.relay;

import io.netty.buffer.ByteBuf;
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

/**
 * What does the server spend relaying one Send indication from a client to its peer (RFC 8656
 * §11.2), system call excluded: {@code ClientRelay.send} (in-place parse of XOR-PEER-ADDRESS and
 * DATA, permission check, cached peer address, retained payload slice, pooled envelope) and the
 * flush. Must allocate 0 B/op.
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Djmh.executor=CUSTOM", EventLoopThreads.JVM_ARGS,
        "-Dio.netty.leakDetection.level=disabled"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SendIndicationBenchmark {
    /** Payload bytes: 160 (G.711 20 ms) or 1,200 (a typical video packet). */
    @Param({"160", "1200"})
    public int size;

    private RelayFixture fixture;
    private ByteBuf message;

    /** One allocation with a permission for the peer, and the client's indication. */
    @Setup
    public void setUp() {
        fixture = new RelayFixture(false);
        message = RelayFixture.sendIndication(size);
        RelayFixture.expect(relay(), size);
    }

    /** Releases everything. */
    @TearDown
    public void tearDown() {
        fixture.close();
        message.release();
    }

    /** One indication relayed and flushed; returns the bytes written to the relay socket. */
    @Benchmark
    public int relay() {
        fixture.relay.send(fixture.allocation, message);
        return RelayFixture.drain(fixture.relaySocket);
    }
}
