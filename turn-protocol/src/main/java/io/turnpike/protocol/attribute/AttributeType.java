package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.DecodeError;
import io.turnpike.protocol.TransactionId;

/**
 * The registry of attribute types the codec knows: code, RFC name, comprehension range, fixed value
 * length and the value decoder. Types 0x0000–0x7FFF are comprehension-required, 0x8000–0xFFFF
 * comprehension-optional (RFC 8489 §14, §18.3). The ICE attributes (RFC 8445 §16.1) are known so that a
 * Binding request from an ICE agent is not refused with 420, but are kept raw.
 */
public enum AttributeType {
    MAPPED_ADDRESS(0x0001, "MAPPED-ADDRESS", -1, MappedAddress::decode),
    CHANGE_REQUEST(0x0003, "CHANGE-REQUEST", 4, ChangeRequest::decode),
    USERNAME(0x0006, "USERNAME", -1, Username::decode),
    MESSAGE_INTEGRITY(0x0008, "MESSAGE-INTEGRITY", 20, MessageIntegrity::decode),
    ERROR_CODE(0x0009, "ERROR-CODE", -1, ErrorCode::decode),
    UNKNOWN_ATTRIBUTES(0x000A, "UNKNOWN-ATTRIBUTES", -1, UnknownAttributes::decode),
    CHANNEL_NUMBER(0x000C, "CHANNEL-NUMBER", 4, ChannelNumber::decode),
    LIFETIME(0x000D, "LIFETIME", 4, Lifetime::decode),
    XOR_PEER_ADDRESS(0x0012, "XOR-PEER-ADDRESS", -1, XorPeerAddress::decode),
    DATA(0x0013, "DATA", -1, Data::decode),
    REALM(0x0014, "REALM", -1, Realm::decode),
    NONCE(0x0015, "NONCE", -1, Nonce::decode),
    XOR_RELAYED_ADDRESS(0x0016, "XOR-RELAYED-ADDRESS", -1, XorRelayedAddress::decode),
    REQUESTED_ADDRESS_FAMILY(0x0017, "REQUESTED-ADDRESS-FAMILY", 4, RequestedAddressFamily::decode),
    EVEN_PORT(0x0018, "EVEN-PORT", 1, EvenPort::decode),
    REQUESTED_TRANSPORT(0x0019, "REQUESTED-TRANSPORT", 4, RequestedTransport::decode),
    DONT_FRAGMENT(0x001A, "DONT-FRAGMENT", 0, DontFragment::decode),
    MESSAGE_INTEGRITY_SHA256(0x001C, "MESSAGE-INTEGRITY-SHA256", -1, MessageIntegritySha256::decode),
    PASSWORD_ALGORITHM(0x001D, "PASSWORD-ALGORITHM", -1, PasswordAlgorithm::decode),
    USERHASH(0x001E, "USERHASH", 32, UserHash::decode),
    XOR_MAPPED_ADDRESS(0x0020, "XOR-MAPPED-ADDRESS", -1, XorMappedAddress::decode),
    RESERVATION_TOKEN(0x0022, "RESERVATION-TOKEN", 8, ReservationToken::decode),
    PRIORITY(0x0024, "PRIORITY", -1, null),
    USE_CANDIDATE(0x0025, "USE-CANDIDATE", -1, null),
    PADDING(0x0026, "PADDING", -1, Padding::decode),
    RESPONSE_PORT(0x0027, "RESPONSE-PORT", 4, ResponsePort::decode),
    CONNECTION_ID(0x002A, "CONNECTION-ID", 4, ConnectionId::decode),
    ADDITIONAL_ADDRESS_FAMILY(0x8000, "ADDITIONAL-ADDRESS-FAMILY", 4, AdditionalAddressFamily::decode),
    ADDRESS_ERROR_CODE(0x8001, "ADDRESS-ERROR-CODE", -1, AddressErrorCode::decode),
    PASSWORD_ALGORITHMS(0x8002, "PASSWORD-ALGORITHMS", -1, PasswordAlgorithms::decode),
    ALTERNATE_DOMAIN(0x8003, "ALTERNATE-DOMAIN", -1, AlternateDomain::decode),
    ICMP(0x8004, "ICMP", 8, Icmp::decode),
    SOFTWARE(0x8022, "SOFTWARE", -1, Software::decode),
    ALTERNATE_SERVER(0x8023, "ALTERNATE-SERVER", -1, AlternateServer::decode),
    FINGERPRINT(0x8028, "FINGERPRINT", 4, Fingerprint::decode),
    ICE_CONTROLLED(0x8029, "ICE-CONTROLLED", -1, null),
    ICE_CONTROLLING(0x802A, "ICE-CONTROLLING", -1, null),
    RESPONSE_ORIGIN(0x802B, "RESPONSE-ORIGIN", -1, ResponseOrigin::decode),
    OTHER_ADDRESS(0x802C, "OTHER-ADDRESS", -1, OtherAddress::decode);

    /** Decodes one attribute value that the caller has bounds-checked. */
    @FunctionalInterface
    interface ValueDecoder {
        StunAttribute decode(ByteBuf buf, int index, int length, TransactionId txid)
                throws InvalidAttributeException;
    }

    private static final int TABLE = 0x40;
    private static final AttributeType[] LOW = new AttributeType[TABLE];
    private static final AttributeType[] HIGH = new AttributeType[TABLE];

    static {
        for (AttributeType t : values()) {
            (t.code < 0x8000 ? LOW : HIGH)[t.code & 0x7FFF] = t;
        }
    }

    private final int code;
    private final String rfcName;
    private final int fixedLength;
    private final ValueDecoder decoder;

    AttributeType(int code, String rfcName, int fixedLength, ValueDecoder decoder) {
        this.code = code;
        this.rfcName = rfcName;
        this.fixedLength = fixedLength;
        this.decoder = decoder;
    }

    /** The type, or null when the codec does not know {@code code}. Allocation-free. */
    public static AttributeType fromCode(int code) {
        int i = code & 0x7FFF;
        if (code < 0 || code > 0xFFFF || i >= TABLE) {
            return null;
        }
        return (code < 0x8000 ? LOW : HIGH)[i];
    }

    /** True for 0x0000–0x7FFF: an agent that does not understand it must reject the request (420). */
    public static boolean isComprehensionRequired(int code) {
        return (code & 0x8000) == 0;
    }

    /** The 16-bit code. */
    public int code() {
        return code;
    }

    /** The name used in the RFCs, e.g. "XOR-MAPPED-ADDRESS". */
    public String rfcName() {
        return rfcName;
    }

    /** True when this type is in the comprehension-required range. */
    public boolean comprehensionRequired() {
        return isComprehensionRequired(code);
    }

    /** The value length the RFC fixes for this type, or -1 when it varies. */
    public int fixedLength() {
        return fixedLength;
    }

    /** True when the codec has a typed record for this type (false: kept as {@link UnknownAttribute}). */
    public boolean typed() {
        return decoder != null;
    }

    /**
     * Decodes a value of this type lying in {@code buf} at {@code [index, index + length)}, which the
     * caller has checked is inside the message. Reads without moving indexes; retains nothing except
     * that {@link Data} is a slice of {@code buf} (not retained).
     *
     * @throws InvalidAttributeException when the value breaks the attribute's rules
     */
    public StunAttribute decode(ByteBuf buf, int index, int length, TransactionId txid)
            throws InvalidAttributeException {
        if (fixedLength >= 0 && length != fixedLength) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ATTRIBUTE_LENGTH,
                    rfcName + " must be " + fixedLength + " bytes, got " + length);
        }
        if (decoder == null) {
            return UnknownAttribute.read(code, buf, index, length);
        }
        return decoder.decode(buf, index, length, txid);
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
