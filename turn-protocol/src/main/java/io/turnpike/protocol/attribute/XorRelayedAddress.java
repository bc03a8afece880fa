package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.net.InetSocketAddress;

/**
 * XOR-RELAYED-ADDRESS (RFC 8656 §18.5): the relayed transport address allocated for the client.
 *
 * @param address a resolved socket address (IPv4 or IPv6)
 */
public record XorRelayedAddress(InetSocketAddress address) implements StunAttribute {
    /** Validates that the address is resolved. */
    public XorRelayedAddress {
        Addresses.requireResolved(address);
    }

    static XorRelayedAddress decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new XorRelayedAddress(Addresses.read(buf, index, length, txid, true));
    }

    @Override
    public int type() {
        return AttributeType.XOR_RELAYED_ADDRESS.code();
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
