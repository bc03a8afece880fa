package io.turnpike.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunEncoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.XorMappedAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How long does answering a Binding request take on the encoding side: building the success response
 * with XOR-MAPPED-ADDRESS and encoding it with FINGERPRINT into a reused buffer?
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodeBindingResponseBenchmark {
    private final TransactionId txid = TransactionId.of(0xb7e7a701bc34d686L, 0xfa87dfae);
    private final InetSocketAddress source = new InetSocketAddress("192.0.2.1", 32853);
    private ByteBuf out;

    /** A pooled direct output buffer, cleared per call. */
    @Setup
    public void setUp() {
        out = PooledByteBufAllocator.DEFAULT.directBuffer(128);
    }

    /** Releases the buffer. */
    @TearDown
    public void tearDown() {
        out.release();
    }

    /** Build the message (as the server does per request) and encode it. */
    @Benchmark
    public int buildAndEncode() {
        out.clear();
        StunMessage response = StunMessage.builder(StunMethod.BINDING, StunClass.SUCCESS_RESPONSE, txid)
                .add(new XorMappedAddress(source)).build();
        return StunEncoder.encode(response, out, null, true);
    }
}
