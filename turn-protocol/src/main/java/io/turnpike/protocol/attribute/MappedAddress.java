package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.net.InetSocketAddress;

/**
 * MAPPED-ADDRESS (RFC 8489 §14.1): the reflexive transport address, not XOR-ed (kept for RFC 3489-era clients).
 *
 * @param address a resolved socket address (IPv4 or IPv6)
 */
public record MappedAddress(InetSocketAddress address) implements StunAttribute {
    /** Validates that the address is resolved. */
    public MappedAddress {
        Addresses.requireResolved(address);
    }

    static MappedAddress decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new MappedAddress(Addresses.read(buf, index, length, txid, false));
    }

    @Override
    public int type() {
        return AttributeType.MAPPED_ADDRESS.code();
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
