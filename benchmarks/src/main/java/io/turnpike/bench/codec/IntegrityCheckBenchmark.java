package io.turnpike.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.EncodeOptions;
import io.turnpike.protocol.LongTermKey;
import io.turnpike.protocol.MessageIntegrityCheck;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunDecoder;
import io.turnpike.protocol.StunEncoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.Username;
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
 * How long does checking MESSAGE-INTEGRITY of an authenticated Allocate take (HMAC-SHA1 over the prefix with
 * the adjusted length, constant-time compare), with the per-thread Mac and an unchanged key?
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IntegrityCheckBenchmark {
    private ByteBuf request;
    private DecodeResult decoded;
    private byte[] key;
    private MessageIntegrityCheck check;

    /** Encodes an Allocate like a browser's second (authenticated) one. */
    @Setup
    public void setUp() {
        key = LongTermKey.md5("1735689600:alice", "turnpike", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==");
        StunMessage allocate = StunMessage.builder(StunMethod.ALLOCATE, StunClass.REQUEST,
                        TransactionId.of(0x1122334455667788L, 0x99AABBCC))
                .add(new RequestedTransport(17)).add(new Username("1735689600:alice")).add(new Realm("turnpike"))
                .add(new Nonce("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA")).add(new Software("WebRTC"))
                .build();
        request = PooledByteBufAllocator.DEFAULT.directBuffer(256);
        StunEncoder.encode(allocate, request, EncodeOptions.of(key, true));
        decoded = StunDecoder.decode(request);
        check = new MessageIntegrityCheck();
        if (!check.verify(request, decoded, key)) {
            throw new IllegalStateException("benchmark message does not verify");
        }
    }

    /** Releases the buffer. */
    @TearDown
    public void tearDown() {
        request.release();
    }

    /** Verify only. */
    @Benchmark
    public boolean verify() {
        return check.verify(request, decoded, key);
    }
}
