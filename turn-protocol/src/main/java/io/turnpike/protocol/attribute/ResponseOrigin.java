package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.net.InetSocketAddress;

/**
 * RESPONSE-ORIGIN (RFC 5780 §7.3): the address the response was sent from; encoded like MAPPED-ADDRESS.
 *
 * @param address a resolved socket address (IPv4 or IPv6)
 */
public record ResponseOrigin(InetSocketAddress address) implements StunAttribute {
    /** Validates that the address is resolved. */
    public ResponseOrigin {
        Addresses.requireResolved(address);
    }

    static ResponseOrigin decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new ResponseOrigin(Addresses.read(buf, index, length, txid, false));
    }

    @Override
    public int type() {
        return AttributeType.RESPONSE_ORIGIN.code();
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
