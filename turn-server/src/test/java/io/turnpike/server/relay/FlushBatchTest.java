package io.turnpike.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.turnpike.protocol.testing.LeakCheck;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The relay's per-loop flush batching and pooled datagram envelopes. */
@ExtendWith(LeakCheck.class)
class FlushBatchTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

    @Test
    void writesLeaveOnlyAfterTheLoopRoundInOneFlushPerSocket() {
        // An EmbeddedChannel runs its loop's tasks after each of its own operations, so the batch is
        // scheduled on a's loop and the deferred socket is b, whose operations do not run a's tasks.
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        FlushBatch batch = new FlushBatch();
        a.write(RelaySockets.ALLOCATOR.buffer(4).writeInt(0));
        batch.add(a, a.eventLoop());
        for (int i = 1; i <= 3; i++) {
            b.write(RelaySockets.ALLOCATOR.buffer(4).writeInt(i));
            batch.add(b, a.eventLoop());
        }
        assertEquals(2, batch.pending(), "consecutive flushes of one socket merge");
        assertTrue(a.outboundMessages().isEmpty() && b.outboundMessages().isEmpty(),
                "nothing leaves before the round ends");
        a.runPendingTasks(); // the end of the round on the loop
        assertEquals(0, batch.pending());
        assertEquals(1, a.outboundMessages().size());
        assertEquals(3, b.outboundMessages().size(), "one flush carried the three writes");
        assertTrue(a.finishAndReleaseAll());
        assertTrue(b.finishAndReleaseAll());
    }

    @Test
    void envelopeCarriesItsPayloadAndReleasesItOnce() {
        PooledEnvelope.Pool pool = new PooledEnvelope.Pool();
        ByteBuf payload = RelaySockets.ALLOCATOR.directBuffer(8).writeLong(42);
        PooledEnvelope e = pool.get(payload, PEER);
        assertSame(payload, e.content());
        assertSame(PEER, e.recipient());
        assertNull(e.sender());
        e.retain();
        assertEquals(2, payload.refCnt(), "retain mirrors on the content");
        assertFalse(e.release());
        assertTrue(e.release());
        assertEquals(0, payload.refCnt());
        assertThrows(IllegalArgumentException.class, e::release, "released twice");
    }

    @Test
    void nettyReleasesAnEnvelopeAfterWritingIt() {
        EmbeddedChannel relay = new EmbeddedChannel();
        PooledEnvelope.Pool pool = new PooledEnvelope.Pool();
        ByteBuf payload = RelaySockets.ALLOCATOR.directBuffer(8).writeLong(7);
        relay.writeOutbound(pool.get(payload, PEER));
        Object out = relay.readOutbound();
        assertTrue(out instanceof PooledEnvelope);
        ReferenceCountUtil.release(out);
        assertEquals(0, payload.refCnt());
        assertFalse(relay.finishAndReleaseAll());
    }
}
