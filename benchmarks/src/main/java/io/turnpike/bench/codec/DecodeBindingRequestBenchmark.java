package io.turnpike.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.StunDecoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** How long does decoding a Binding request take, and what does it allocate? */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecodeBindingRequestBenchmark {
    /** bare: 20-byte header only (a plain STUN client); ice: RFC 5769 §2.1 (6 attributes incl. MI + FINGERPRINT). */
    @Param({"bare", "ice"})
    public String kind;

    private ByteBuf datagram;

    /** Puts the request in a pooled direct buffer, as a UDP channel would hand it over. */
    @Setup
    public void setUp() {
        byte[] wire = ByteBufUtil.decodeHexDump("bare".equals(kind)
                ? "000100002112a442b7e7a701bc34d686fa87dfae"
                : "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74"
                + "002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020"
                + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf");
        datagram = PooledByteBufAllocator.DEFAULT.directBuffer(wire.length).writeBytes(wire);
    }

    /** Releases the buffer. */
    @TearDown
    public void tearDown() {
        datagram.release();
    }

    /** Decode only; the input's indexes are not moved, so the same buffer serves every call. */
    @Benchmark
    public DecodeResult decode() {
        return StunDecoder.decode(datagram);
    }
}
