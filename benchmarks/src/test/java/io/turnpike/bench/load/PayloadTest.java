package io.turnpike.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.protocol.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class PayloadTest {
    @Test
    void fieldsSitAtTheDocumentedOffsetsAndTheRestIsZero() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            buf.writeByte(0x40); // something before the payload, as a ChannelData header would be
            Payload.write(buf, 160, 7, 3, 0x0102030405060708L, 123_456_789_012L);
            assertEquals(1 + 160, buf.readableBytes());
            assertTrue(Payload.isOurs(buf, 1, 160));
            assertEquals(0x54504C47, buf.getInt(1));
            assertEquals(7, buf.getInt(5));
            assertEquals(3, buf.getInt(9));
            assertEquals(0x0102030405060708L, buf.getLong(13));
            assertEquals(123_456_789_012L, buf.getLong(21));
            assertEquals(7, Payload.allocationIndex(buf, 1));
            assertEquals(3, Payload.phase(buf, 1));
            assertEquals(0x0102030405060708L, Payload.sequence(buf, 1));
            assertEquals(123_456_789_012L, Payload.sendNanos(buf, 1));
            for (int i = 1 + Payload.HEADER_LENGTH; i < buf.writerIndex(); i++) {
                assertEquals(0, buf.getByte(i), "filler byte " + i);
            }
        } finally {
            buf.release();
        }
        assertEquals(0, buf.refCnt());
    }

    @Test
    void smallestPayloadIsJustTheHeader() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            Payload.write(buf, Payload.HEADER_LENGTH, 0, 0, 0, 0);
            assertEquals(28, buf.readableBytes());
        } finally {
            buf.release();
        }
    }

    @Test
    void foreignOrShortDataIsNotOurs() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            Payload.write(buf, 64, 1, 1, 1, 1);
            assertFalse(Payload.isOurs(buf, 0, Payload.HEADER_LENGTH - 1), "too short");
            buf.setByte(0, 'X');
            assertFalse(Payload.isOurs(buf, 0, 64), "wrong magic");
        } finally {
            buf.release();
        }
    }
}
