package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.net.InetSocketAddress;

/**
 * ALTERNATE-SERVER (RFC 8489 §14.15): the server the client should try instead (with 300 Try Alternate); encoded like MAPPED-ADDRESS.
 *
 * @param address a resolved socket address (IPv4 or IPv6)
 */
public record AlternateServer(InetSocketAddress address) implements StunAttribute {
    /** Validates that the address is resolved. */
    public AlternateServer {
        Addresses.requireResolved(address);
    }

    static AlternateServer decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new AlternateServer(Addresses.read(buf, index, length, txid, false));
    }

    @Override
    public int type() {
        return AttributeType.ALTERNATE_SERVER.code();
    }

    @Override
    public int valueLength() {
        return Addresses.valueLength(address);
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        Addresses.write(out, address, transactionId, false);
    }
}
