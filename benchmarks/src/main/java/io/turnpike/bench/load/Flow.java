package io.turnpike.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.turnpike.protocol.ChannelData;
import io.turnpike.protocol.IndicationWriter;
import io.turnpike.protocol.TransactionId;
import java.net.InetSocketAddress;

/**
 * The data side of one ready allocation: its channel to the server, the fixed bytes in front of
 * every payload (a ChannelData header or a Send indication head, computed once because the payload
 * size never changes), and the counters of the current phase. Owned by one event loop.
 */
final class Flow {
    final int index;
    final Channel channel;
    final FlowStats stats = new FlowStats();
    private final byte[] prefix;
    private final int padding;
    private final int payloadSize;
    int epoch = -1;
    long nextSequence;
    int inFlight;
    long lastEchoNanos;

    /**
     * @param index allocation index (in every payload)
     * @param channel the client's channel to the server
     * @param channelNumber the bound channel, or 0 to send Send indications
     * @param peer the peer address (for Send indications)
     * @param payloadSize payload bytes
     * @param stream true over TCP/TLS, where ChannelData must be padded to 4 bytes (RFC 8656 §12.5)
     */
    Flow(int index, Channel channel, int channelNumber, InetSocketAddress peer, int payloadSize, boolean stream) {
        this.index = index;
        this.channel = channel;
        this.payloadSize = payloadSize;
        ByteBuf head = Unpooled.buffer(IndicationWriter.HEAD_LENGTH_IPV6);
        if (channelNumber != 0) {
            ChannelData.writeHeader(head, channelNumber, payloadSize);
            padding = stream ? ChannelData.paddingLength(payloadSize) : 0;
        } else {
            // One transaction id per allocation: servers do not match Send indications to anything.
            IndicationWriter.writeSendHead(head, TransactionId.of(0x5450_4C47_0000_0000L | index, index), peer,
                    payloadSize);
            padding = IndicationWriter.paddingLength(payloadSize);
        }
        prefix = new byte[head.readableBytes()];
        head.readBytes(prefix);
    }

    /** Resets the counters when a new phase begins. */
    void enter(int phaseEpoch, long nowNanos) {
        if (epoch != phaseEpoch) {
            epoch = phaseEpoch;
            stats.reset();
            inFlight = 0;
            lastEchoNanos = nowNanos;
        }
    }

    /** Sends one packet of the current phase; false when the channel cannot take it now. */
    boolean send(ByteBufAllocator alloc, long nowNanos) {
        if (!channel.isWritable()) {
            return false;
        }
        ByteBuf buf = alloc.directBuffer(prefix.length + payloadSize + padding);
        buf.writeBytes(prefix);
        Payload.write(buf, payloadSize, index, epoch, nextSequence++, nowNanos);
        buf.writeZero(padding);
        stats.onSent();
        inFlight++;
        channel.writeAndFlush(buf, channel.voidPromise());
        return true;
    }
}
