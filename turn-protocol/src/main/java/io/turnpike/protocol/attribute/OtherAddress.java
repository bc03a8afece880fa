package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.net.InetSocketAddress;

/**
 * OTHER-ADDRESS (RFC 5780 §7.4): the alternate address and port a NAT-behaviour-discovery server offers; encoded like MAPPED-ADDRESS.
 *
 * @param address a resolved socket address (IPv4 or IPv6)
 */
public record OtherAddress(InetSocketAddress address) implements StunAttribute {
    /** Validates that the address is resolved. */
    public OtherAddress {
        Addresses.requireResolved(address);
    }

    static OtherAddress decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new OtherAddress(Addresses.read(buf, index, length, txid, false));
    }

    @Override
    public int type() {
        return AttributeType.OTHER_ADDRESS.code();
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
