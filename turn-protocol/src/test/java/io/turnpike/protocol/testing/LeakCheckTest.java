package io.turnpike.protocol.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check must really catch a leak, and stay quiet when buffers are released. */
class LeakCheckTest {

    @Test
    void deliberateLeakFailsTheCheck() {
        LeakCheck check = new LeakCheck();
        check.beforeEach(null);
        leakOneBuffer();
        AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(null));
        assertTrue(e.getMessage().contains("leak"), e.getMessage());
        assertTrue(e.getMessage().contains("leakOneBuffer"), "the report names where the buffer came from");
    }

    @Test
    void releasedBuffersPass() {
        LeakCheck check = new LeakCheck();
        check.beforeEach(null);
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(7);
        b.release();
        assertDoesNotThrow(() -> check.afterEach(null));
    }

    private static void leakOneBuffer() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeInt(42); // a touch, so PARANOID records an access
    }
}
