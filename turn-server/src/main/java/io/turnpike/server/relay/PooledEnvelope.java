package io.turnpike.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.util.Recycler;
import java.net.InetSocketAddress;

/**
 * A datagram to write on an unconnected UDP socket: a payload and its recipient, taken from a
 * per-event-loop pool and returned to it when Netty releases it after the write, so relaying a
 * datagram creates no envelope object (a {@code DatagramPacket} would be one object per packet).
 * Netty's datagram channels accept any {@link AddressedEnvelope} of a {@link ByteBuf} and an
 * {@link InetSocketAddress} and release it once written or failed. Used for every relayed datagram:
 * on relay sockets (to peers) and on listener sockets (to clients). Netty 4.2 batches only
 * {@code DatagramPacket}s into {@code sendmmsg}, so these leave with one {@code sendto} each; on
 * the listener sockets that measured no different in server CPU per message (docs/performance.md).
 *
 * <p>Reference counting: the envelope counts its own references and mirrors every retain and
 * release on its content; when its count reaches 0 (content released as well) it goes back to its
 * pool and must not be touched again.
 */
public final class PooledEnvelope implements AddressedEnvelope<ByteBuf, InetSocketAddress> {
    /** A pool of envelopes: one per event loop's {@link ClientRelay} and one per UDP listener; recycling is thread-safe. */
    public static final class Pool {
        private final Recycler<PooledEnvelope> recycler = new Recycler<>() {
            @Override
            protected PooledEnvelope newObject(Handle<PooledEnvelope> handle) {
                return new PooledEnvelope(handle);
            }
        };

        /** An envelope holding {@code content} (ownership passes to the envelope) for {@code recipient}. */
        public PooledEnvelope get(ByteBuf content, InetSocketAddress recipient) {
            PooledEnvelope e = recycler.get();
            e.content = content;
            e.recipient = recipient;
            e.refCnt = 1;
            return e;
        }
    }

    private final Recycler.Handle<PooledEnvelope> handle;
    private ByteBuf content;
    private InetSocketAddress recipient;
    private int refCnt;

    private PooledEnvelope(Recycler.Handle<PooledEnvelope> handle) {
        this.handle = handle;
    }

    @Override
    public ByteBuf content() {
        return content;
    }

    @Override
    public InetSocketAddress sender() {
        return null;
    }

    @Override
    public InetSocketAddress recipient() {
        return recipient;
    }

    @Override
    public int refCnt() {
        return refCnt;
    }

    @Override
    public PooledEnvelope retain() {
        return retain(1);
    }

    @Override
    public PooledEnvelope retain(int increment) {
        content.retain(increment);
        refCnt += increment;
        return this;
    }

    @Override
    public PooledEnvelope touch() {
        content.touch();
        return this;
    }

    @Override
    public PooledEnvelope touch(Object hint) {
        content.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return release(1);
    }

    @Override
    public boolean release(int decrement) {
        if (decrement <= 0 || decrement > refCnt) {
            throw new IllegalArgumentException("decrement " + decrement + " with refCnt " + refCnt);
        }
        content.release(decrement);
        refCnt -= decrement;
        if (refCnt > 0) {
            return false;
        }
        content = null;
        recipient = null;
        handle.recycle(this);
        return true;
    }

    @Override
    public String toString() {
        return "PooledEnvelope(" + recipient + ", " + content + ")";
    }
}
