package io.turnpike.bench.relay;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DatagramPacket;
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
 * What does the server spend relaying one datagram from a peer to a UDP client (RFC 8656 §11.3,
 * §12.7), system calls excluded: the relay socket's {@code PeerHandler} (permission and channel
 * lookup, header written in a pooled buffer with the payload) as a read and read-complete, the
 * write on the listener's pipeline and the deferred flush. {@code wrap = channel}: ChannelData;
 * {@code wrap = data}: a Data indication (no channel bound). The packet Netty reads (and its sender
 * address) is built once here; on a real socket Netty creates those per datagram.
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Djmh.executor=CUSTOM", EventLoopThreads.JVM_ARGS,
        "-Dio.netty.leakDetection.level=disabled"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PeerToClientBenchmark {
    /** ChannelData ("channel") or Data indication ("data"). */
    @Param({"channel", "data"})
    public String wrap;

    /** Payload bytes: 160 (G.711 20 ms) or 1,200 (a typical video packet). */
    @Param({"160", "1200"})
    public int size;

    private RelayFixture fixture;
    private DatagramPacket packet;
    private ChannelPipeline pipeline;

    /** One allocation with a permission (and for "channel" a channel) for the peer. */
    @Setup
    public void setUp() {
        fixture = new RelayFixture("channel".equals(wrap));
        packet = RelayFixture.fromPeer(size);
        pipeline = fixture.relaySocket.pipeline();
        RelayFixture.expect(relay(), size + ("channel".equals(wrap) ? 4 : 36 + (-size & 3)));
    }

    /** Releases everything. */
    @TearDown
    public void tearDown() {
        fixture.close();
        packet.release();
    }

    /** One datagram relayed and flushed; returns the bytes written to the listener socket. */
    @Benchmark
    public int relay() {
        pipeline.fireChannelRead(packet.retain()); // the handler releases what it reads
        pipeline.fireChannelReadComplete();
        return RelayFixture.drain(fixture.listener);
    }
}
