package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.net.InetSocketAddress;

/**
 * XOR-PEER-ADDRESS (RFC 8656 §18.3): a peer address, XOR-encoded like XOR-MAPPED-ADDRESS. May appear several times (CreatePermission).
 *
 * @param address a resolved socket address (IPv4 or IPv6)
 */
public record XorPeerAddress(InetSocketAddress address) implements StunAttribute {
    /** Validates that the address is resolved. */
    public XorPeerAddress {
        Addresses.requireResolved(address);
    }

    static XorPeerAddress decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new XorPeerAddress(Addresses.read(buf, index, length, txid, true));
    }

    @Override
    public int type() {
        return AttributeType.XOR_PEER_ADDRESS.code();
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
