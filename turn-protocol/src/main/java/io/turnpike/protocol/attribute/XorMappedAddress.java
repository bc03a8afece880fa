package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.net.InetSocketAddress;

/**
 * XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the reflexive transport address of the client, XOR-ed with the magic cookie (and transaction id for IPv6).
 *
 * @param address a resolved socket address (IPv4 or IPv6)
 */
public record XorMappedAddress(InetSocketAddress address) implements StunAttribute {
    /** Validates that the address is resolved. */
    public XorMappedAddress {
        Addresses.requireResolved(address);
    }

    static XorMappedAddress decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new XorMappedAddress(Addresses.read(buf, index, length, txid, true));
    }

    @Override
    public int type() {
        return AttributeType.XOR_MAPPED_ADDRESS.code();
    }

    @Override
    public int valueLength() {
        return Addresses.valueLength(address);
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        Addresses.write(out, address, transactionId, true);
    }
}
