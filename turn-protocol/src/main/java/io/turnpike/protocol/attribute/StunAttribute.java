package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * A STUN attribute with a typed value (RFC 8489 §14). One record per attribute type; attributes the
 * codec has no record for are kept raw as {@link UnknownAttribute}.
 */
public sealed interface StunAttribute permits AdditionalAddressFamily, AddressErrorCode, AlternateDomain,
        AlternateServer, ChangeRequest, ChannelNumber, ConnectionId, Data, DontFragment, ErrorCode, EvenPort,
        Fingerprint, Icmp, Lifetime, MappedAddress, MessageIntegrity, MessageIntegritySha256, Nonce, OtherAddress,
        Padding, PasswordAlgorithm, PasswordAlgorithms, Realm, RequestedAddressFamily, RequestedTransport,
        ReservationToken, ResponseOrigin, ResponsePort, Software, UnknownAttribute, UnknownAttributes, UserHash,
        Username, XorMappedAddress, XorPeerAddress, XorRelayedAddress {

    /** The 16-bit attribute type code. */
    int type();

    /** The value length in bytes, without padding. */
    int valueLength();

    /**
     * Appends the value (no header, no padding) to {@code out}. The transaction id is needed by the
     * XOR-address attributes. The caller owns {@code out}; nothing is retained or released.
     */
    void writeValue(ByteBuf out, TransactionId transactionId);
}
