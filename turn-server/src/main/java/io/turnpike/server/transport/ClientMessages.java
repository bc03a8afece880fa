package io.turnpike.server.transport;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.Demux;
import io.turnpike.protocol.MessageType;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunMethod;
import io.turnpike.server.allocation.ClientLink;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.relay.ChannelFrames;

/**
 * The one demultiplexer both transports share (RFC 8656 §12 / RFC 7983): ChannelData and Send
 * indications go to the relay hot path, read in place; every other STUN message to the dispatcher;
 * anything else is dropped and counted. The caller keeps ownership of {@code message}.
 */
final class ClientMessages {
    private static final int SEND_INDICATION = MessageType.of(StunMethod.SEND.code(), StunClass.INDICATION);

    private ClientMessages() {
    }

    static void handle(LoopContext loop, ClientLink link, ByteBuf message, TrafficCounters counters) {
        if (!message.isReadable()) {
            counters.dropped(DropReason.MALFORMED);
            return;
        }
        int start = message.readerIndex();
        byte first = message.getByte(start);
        if (ChannelFrames.isChannelData(first)) {
            loop.relay().channelData(link.allocation(), message);
            return;
        }
        switch (Demux.classify(first)) {
            case STUN -> {
                if (message.readableBytes() >= 2 && message.getUnsignedShort(start) == SEND_INDICATION) {
                    loop.relay().send(link.allocation(), message);
                } else {
                    loop.dispatcher().handle(link, loop.allocations(), loop.limiter(), message);
                }
            }
            default -> counters.dropped(DropReason.MALFORMED);
        }
    }
}
