package io.turnpike.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.turnpike.protocol.ChannelData;
import io.turnpike.protocol.IndicationReader;
import io.turnpike.protocol.StunMethod;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.allocation.PeerPolicy;
import io.turnpike.server.allocation.ChannelBinding;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.security.BandwidthLimiter;
import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * Client to peer, the relay hot path: ChannelData (RFC 8656 §12.6) and Send indications (§11.2),
 * both read in place; the payload goes to the relay socket as a retained slice of the received
 * buffer, in a pooled envelope, flushed once per loop round ({@link FlushBatch}). One instance per
 * event loop: the indication reader is a reusable, single-thread flyweight, and the envelope pool and
 * flush batch of the loop live here. Callers keep ownership of the buffers they pass.
 */
public final class ClientRelay {
    private final IndicationReader reader = new IndicationReader();
    private final PooledEnvelope.Pool envelopes = new PooledEnvelope.Pool();
    private final FlushBatch flushes = new FlushBatch();
    /** Scratch for an IPv6 peer address read from a Send indication (this loop only). */
    private final byte[] peer6 = new byte[16];
    private final Clock clock;
    private final TrafficCounters counters;
    private final PeerPolicy peers;

    /** A relay for one event loop; {@code peers} judges Send indication destinations (ports included). */
    public ClientRelay(Clock clock, TrafficCounters counters, PeerPolicy peers) {
        this.clock = clock;
        this.counters = counters;
        this.peers = peers;
    }

    /** This loop's deferred flushes (also used by the UDP listener's client links and TLS connections). */
    public FlushBatch flushes() {
        return flushes;
    }

    /**
     * Relays a ChannelData message from the client of {@code allocation} (null when the 5-tuple has
     * none: dropped, §5) to the channel's peer; unbound channels are dropped (§12.6).
     */
    public void channelData(Allocation allocation, ByteBuf message) {
        if (allocation == null || !allocation.isActive()) {
            counters.dropped(DropReason.NO_ALLOCATION);
            return;
        }
        if (!ChannelFrames.complete(message)) {
            counters.dropped(DropReason.MALFORMED);
            return;
        }
        long now = clock.millis();
        ChannelBinding channel = allocation.channels().byNumber(ChannelData.channelNumber(message), now);
        if (channel == null) {
            counters.dropped(DropReason.UNBOUND_CHANNEL);
            return;
        }
        int length = ChannelData.length(message);
        if (overBudget(allocation, length)) {
            return;
        }
        ByteBuf payload = message.retainedSlice(ChannelData.payloadIndex(message), length);
        forward(allocation, payload, channel.peer(), length);
    }

    /**
     * Relays a Send indication (§11.2): dropped when malformed, without XOR-PEER-ADDRESS or DATA, with
     * a DONT-FRAGMENT the relay cannot honour, when no permission exists for the peer (permissions
     * exist only for peers of a family the allocation relays, §9), or when the peer
     * policy refuses the destination. The last check is needed because permissions are per IP (§9)
     * while the policy also refuses ports (the server's own listeners): a permission installed for
     * the server's IP through another port must not carry a Send indication to its listening port.
     * The policy is immutable, so the verdict is checked once per destination and cached with it.
     */
    public void send(Allocation allocation, ByteBuf message) {
        if (allocation == null || !allocation.isActive()) {
            counters.dropped(DropReason.NO_ALLOCATION);
            return;
        }
        if (reader.wrap(message, StunMethod.SEND) != IndicationReader.Status.OK) {
            counters.dropped(DropReason.MALFORMED);
            return;
        }
        if (reader.dontFragment() && !allocation.dontFragment() && !RelaySockets.dontFragment(allocation)) {
            counters.dropped(DropReason.MALFORMED); // §11.2: DF we cannot set: as an unknown attribute
            return;
        }
        long now = clock.millis();
        if (reader.peerIsIpv6()) {
            send6(allocation, message, now);
            return;
        }
        if (!allocation.permissions().allows(reader.peerIpv4(), now)) {
            counters.dropped(DropReason.NO_PERMISSION);
            return;
        }
        long key = reader.peerIpv4AndPort();
        InetSocketAddress peer = allocation.cachedSendPeer(key);
        if (peer == null) {
            ChannelBinding bound = allocation.channels().byPeer(key, now);
            peer = bound != null ? bound.peer() : reader.peerAddress();
            if (bound == null && !peers.allows(peer)) {
                counters.dropped(DropReason.FILTER); // ChannelBind already checked bound peers
                return;
            }
            allocation.cacheSendPeer(key, peer);
        }
        int length = reader.dataLength();
        if (overBudget(allocation, length)) {
            return;
        }
        forward(allocation, message.retainedSlice(reader.dataIndex(), length), peer, length);
    }

    /**
     * A Send indication to an IPv6 peer: the same checks as for IPv4, on the 16 address bytes copied
     * into a per-loop scratch array; the peer's socket address is created only when it differs from
     * the previous Send indication's.
     */
    private void send6(Allocation allocation, ByteBuf message, long now) {
        reader.copyPeerIpv6(peer6, 0);
        if (!allocation.permissions().allowsIpv6(peer6, now)) {
            counters.dropped(DropReason.NO_PERMISSION); // also: no IPv6 relay (no IPv6 permission, §9)
            return;
        }
        int port = reader.peerPort();
        InetSocketAddress peer = allocation.cachedSendPeer6(peer6, port);
        if (peer == null) {
            peer = reader.peerAddress();
            ChannelBinding bound = allocation.channels().byPeer6(peer, now);
            if (bound != null) {
                peer = bound.peer();
            } else if (!peers.allows(peer)) {
                counters.dropped(DropReason.FILTER);
                return;
            }
            allocation.cacheSendPeer6(peer6, port, peer);
        }
        int length = reader.dataLength();
        if (overBudget(allocation, length)) {
            return;
        }
        forward(allocation, message.retainedSlice(reader.dataIndex(), length), peer, length);
    }

    /** RFC 8656 §21.3.1: over the allocation's bandwidth budget, the packet is dropped and counted. */
    private boolean overBudget(Allocation allocation, int length) {
        BandwidthLimiter bandwidth = allocation.bandwidth();
        if (bandwidth != null && !bandwidth.tryPass(length, System.nanoTime())) {
            counters.dropped(DropReason.QUOTA);
            return true;
        }
        return false;
    }

    private void forward(Allocation allocation, ByteBuf payload, InetSocketAddress peer, int length) {
        Channel relay = allocation.relayFor(peer);
        if (relay == null) {
            payload.release(); // the family's half of a dual allocation was deleted (§8.1)
            counters.dropped(DropReason.NO_PERMISSION);
            return;
        }
        relay.write(envelopes.get(payload, peer), relay.voidPromise());
        flushes.add(relay, relay.eventLoop());
        allocation.bytesToPeer += length;
        counters.relayed(Direction.CLIENT_TO_PEER, allocation.link().transport(), length);
    }
}
