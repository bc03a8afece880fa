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
 * What does the server spend relaying one message from a client to its peer, system call excluded.
 * {@code wrap = channel}: a ChannelData message (RFC 8656 §12.6) through {@code ClientRelay.channelData}
 * (channel lookup, retained payload slice, pooled envelope, write to the relay socket's outbound
 * buffer, deferred flush). {@code wrap = send}: a Send indication (RFC 8656 §11.2) through
 * {@code ClientRelay.send} (in-place parse of XOR-PEER-ADDRESS and DATA, permission check, cached
 * peer address, retained payload slice, pooled envelope). Both must allocate 0 B/op.
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Djmh.executor=CUSTOM", EventLoopThreads.JVM_ARGS,
        "-Dio.netty.leakDetection.level=disabled"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClientToPeerBenchmark {
    /** ChannelData ("channel") or Send indication ("send"). */
    @Param({"channel", "send"})
    public String wrap;

    /** Payload bytes: 160 (G.711 20 ms) or 1,200 (a typical video packet). */
    @Param({"160", "1200"})
    public int size;

    private RelayFixture fixture;
    private ByteBuf message;
    private boolean channel;

    /** One allocation with a channel ("channel") or a permission ("send") for the peer, and the client's message. */
    @Setup
    public void setUp() {
        channel = "channel".equals(wrap);
        fixture = new RelayFixture(channel);
        message = channel ? RelayFixture.channelData(size) : RelayFixture.sendIndication(size);
        RelayFixture.expect(relay(), size);
    }

    /** Releases everything. */
    @TearDown
    public void tearDown() {
        fixture.close();
        message.release();
    }

    /** One message relayed and flushed; returns the bytes written to the relay socket. */
    @Benchmark
    public int relay() {
        if (channel) {
            fixture.relay.channelData(fixture.allocation, message);
        } else {
            fixture.relay.send(fixture.allocation, message);
        }
        return RelayFixture.drain(fixture.relaySocket);
    }
}
