package io.turnpike.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.protocol.ChannelData;
import io.turnpike.protocol.Demux;
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
 * What does the relay path pay to recognise and parse a ChannelData datagram: demux on the first byte,
 * validate, read channel number, length and payload index? Must allocate 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelDataParseBenchmark {
    private ByteBuf datagram;

    /** A 1,200-byte ChannelData message (typical media packet) in a pooled direct buffer. */
    @Setup
    public void setUp() {
        datagram = PooledByteBufAllocator.DEFAULT.directBuffer(1204);
        ChannelData.writeHeader(datagram, 0x4001, 1200);
        datagram.writeZero(1200);
    }

    /** Releases the buffer. */
    @TearDown
    public void tearDown() {
        datagram.release();
    }

    /** Parse in place; returns a value that depends on every field so nothing is dead code. */
    @Benchmark
    public long parse() {
        ByteBuf buf = datagram;
        if (!Demux.isChannelData(buf.getByte(buf.readerIndex())) || !ChannelData.isValid(buf)) {
            return -1;
        }
        return ((long) ChannelData.channelNumber(buf) << 32) | ((long) ChannelData.length(buf) << 16)
                | ChannelData.payloadIndex(buf);
    }
}
