package io.turnpike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.attribute.Fingerprint;
import io.turnpike.protocol.attribute.MessageIntegrity;
import io.turnpike.protocol.attribute.MessageIntegritySha256;
import io.turnpike.protocol.attribute.StunAttribute;
import io.turnpike.protocol.testing.LeakCheck;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeded robustness run: one million random and mutated messages (bit flips, truncations, extensions,
 * header-length and attribute-length tweaks, splices, duplicated attributes) each either decode or give a
 * typed error; no unchecked exception, no read outside the input. The same inputs go through the stream
 * framer, the ChannelData accessors, the indication reader and the integrity check. Decoded messages are
 * re-encoded and must decode to the same attributes.
 */
@ExtendWith(LeakCheck.class)
class FuzzTest {
    private static final long SEED = 0x7475726E70696B65L; // "turnpike"
    private static final int ITERATIONS = 1_000_000;
    private static final int MAX_INPUT = 2048;
    private static final byte[] KEY = LongTermKey.shortTerm(io.turnpike.protocol.testing.Rfc5769.PASSWORD);

    @Test
    void millionRandomAndMutatedInputsNeverThrow() {
        List<byte[]> seeds = Seeds.all();
        SplittableRandom rnd = new SplittableRandom(SEED);
        Mutator mutator = new Mutator(rnd, seeds);
        // One reusable heap buffer over a fixed array; a view of exactly the input for each run.
        byte[] backing = new byte[MAX_INPUT];
        ByteBuf window = Unpooled.wrappedBuffer(backing);
        IndicationReader reader = new IndicationReader();
        MessageIntegrityCheck integrity = new MessageIntegrityCheck();
        Map<DecodeError.Kind, Integer> errors = new EnumMap<>(DecodeError.Kind.class);
        int decoded = 0;
        int pooledChecked = 0;
        long started = System.nanoTime();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutator.next();
            System.arraycopy(input, 0, backing, 0, input.length);
            window.setIndex(0, input.length);
            ByteBuf buf = window;
            ByteBuf pooled = null;
            if (i % 5_000 == 0) {
                // Now and then on a leak-tracked direct buffer, released and checked below.
                pooled = PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(1, input.length)).writeBytes(input);
                buf = pooled;
            } else if (i % 5_000 == 2_500) {
                // ... or on a two-component composite of leak-tracked buffers (split at a random point).
                int cut = input.length / 2;
                pooled = PooledByteBufAllocator.DEFAULT.compositeDirectBuffer(2).addComponents(true,
                        PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(1, cut)).writeBytes(input, 0, cut),
                        PooledByteBufAllocator.DEFAULT.heapBuffer(Math.max(1, input.length - cut))
                                .writeBytes(input, cut, input.length - cut));
                buf = pooled;
            }
            try {
                DecodeResult r = exercise(buf, reader, integrity);
                if (r.isSuccess()) {
                    decoded++;
                } else {
                    errors.merge(r.error().kind(), 1, Integer::sum);
                }
            } catch (RuntimeException | AssertionError e) {
                fail("input #" + i + " " + ByteBufUtil.hexDump(input) + " threw " + e, e);
            } finally {
                if (pooled != null) {
                    assertTrue(pooled.release());
                    assertEquals(0, pooled.refCnt());
                    pooledChecked++;
                }
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("FuzzTest: %d inputs in %d ms (%d decoded, %d leak-tracked); errors %s%n",
                ITERATIONS, millis, decoded, pooledChecked, errors);
        // The mutations must reach deep into the decoder, not stop at the header.
        assertTrue(decoded > ITERATIONS / 50, "decoded " + decoded);
        for (DecodeError.Kind k : DecodeError.Kind.values()) {
            assertTrue(errors.getOrDefault(k, 0) > 0, "never produced " + k + ": " + errors);
        }
    }

    private static DecodeResult exercise(ByteBuf buf, IndicationReader reader, MessageIntegrityCheck integrity) {
        int readable = buf.readableBytes();
        DecodeResult r = StunDecoder.decode(buf);
        if (r.isSuccess()) {
            assertEquals(readable, r.messageLength());
            integrity.verify(buf, r, KEY);
            reencodes(r.message());
        } else {
            assertTrue(r.error().kind() != null);
        }
        int frame = StreamFraming.frameLength(buf);
        assertTrue(frame == StreamFraming.NEED_MORE || frame == StreamFraming.INVALID
                || (frame >= 4 && frame <= readable), "frame " + frame);
        int capped = StreamFraming.frameLength(buf, 512);
        assertTrue(capped <= 512);
        if (ChannelData.isValid(buf)) {
            assertTrue(ChannelData.isValidChannelNumber(ChannelData.channelNumber(buf)));
            ByteBuf payload = ChannelData.payload(buf);
            assertEquals(ChannelData.length(buf), payload.readableBytes());
        }
        for (StunMethod m : new StunMethod[] {StunMethod.SEND, StunMethod.DATA}) {
            if (reader.wrap(buf, m) == IndicationReader.Status.OK) {
                assertTrue(reader.dataIndex() + reader.dataLength() <= buf.writerIndex());
            }
        }
        assertEquals(readable, buf.readableBytes(), "nothing consumed the input");
        return r;
    }

    /** Encodes a decoded message again and checks that it decodes to the same attributes. */
    private static void reencodes(StunMessage m) {
        ByteBuf out = Unpooled.buffer(256);
        StunEncoder.encode(m, out, null, false);
        DecodeResult again = StunDecoder.decode(out);
        assertTrue(again.isSuccess(), () -> "re-encoded message fails: " + again);
        assertEquals(withoutComputed(m.attributes()), again.message().attributes());
    }

    private static List<StunAttribute> withoutComputed(List<StunAttribute> attributes) {
        List<StunAttribute> out = new ArrayList<>(attributes.size());
        for (StunAttribute a : attributes) {
            if (!(a instanceof MessageIntegrity || a instanceof MessageIntegritySha256 || a instanceof Fingerprint)) {
                out.add(a);
            }
        }
        return out;
    }
}
