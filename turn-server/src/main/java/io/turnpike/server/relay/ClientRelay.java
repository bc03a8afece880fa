package io.turnpike.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.turnpike.protocol.ChannelData;
import io.turnpike.protocol.IndicationReader;
import io.turnpike.protocol.StunMethod;
import io.turnpike.server.allocation.Allocation;
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
 * buffer. One instance per event loop (the indication reader is a reusable, single-thread flyweight).
 * Callers keep ownership of the buffers they pass.
 */
public final class ClientRelay {
    private final IndicationReader reader = new IndicationReader();
    private final Clock clock;
    private final TrafficCounters counters;

    /** A relay for one event loop. */
    public ClientRelay(Clock clock, TrafficCounters counters) {
        this.clock = clock;
        this.counters = counters;
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
     * Relays a Send indication (§11.2): dropped when malformed, without XOR-PEER-ADDRESS or DATA, of
     * another address family than the relay, or when no permission exists for the peer.
     */
    public void send(Allocation allocation, ByteBuf message) {
        if (allocation == null || !allocation.isActive()) {
            counters.dropped(DropReason.NO_ALLOCATION);
            return;
        }
        if (reader.wrap(message, StunMethod.SEND) != IndicationReader.Status.OK || reader.peerIsIpv6()) {
            counters.dropped(DropReason.MALFORMED);
            return;
        }
        long now = clock.millis();
        if (!allocation.permissions().allows(reader.peerIpv4(), now)) {
            counters.dropped(DropReason.NO_PERMISSION);
            return;
        }
        long key = reader.peerIpv4AndPort();
        InetSocketAddress peer = allocation.cachedSendPeer(key);
        if (peer == null) {
            ChannelBinding bound = allocation.channels().byPeer(key, now);
            peer = bound != null ? bound.peer() : reader.peerAddress();
            allocation.cacheSendPeer(key, peer);
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
        Channel relay = allocation.relay();
        relay.writeAndFlush(new DatagramPacket(payload, peer), relay.voidPromise());
        allocation.bytesToPeer += length;
        counters.relayed(Direction.CLIENT_TO_PEER, allocation.link().transport(), length);
    }
}
