package io.turnpike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.attribute.AdditionalAddressFamily;
import io.turnpike.protocol.attribute.AddressErrorCode;
import io.turnpike.protocol.attribute.AlternateDomain;
import io.turnpike.protocol.attribute.AlternateServer;
import io.turnpike.protocol.attribute.AttributeType;
import io.turnpike.protocol.attribute.ChangeRequest;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.ConnectionId;
import io.turnpike.protocol.attribute.Data;
import io.turnpike.protocol.attribute.DontFragment;
import io.turnpike.protocol.attribute.ErrorCode;
import io.turnpike.protocol.attribute.EvenPort;
import io.turnpike.protocol.attribute.Fingerprint;
import io.turnpike.protocol.attribute.Icmp;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.MappedAddress;
import io.turnpike.protocol.attribute.MessageIntegrity;
import io.turnpike.protocol.attribute.MessageIntegritySha256;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.OtherAddress;
import io.turnpike.protocol.attribute.Padding;
import io.turnpike.protocol.attribute.PasswordAlgorithm;
import io.turnpike.protocol.attribute.PasswordAlgorithms;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.ReservationToken;
import io.turnpike.protocol.attribute.ResponseOrigin;
import io.turnpike.protocol.attribute.ResponsePort;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.StunAttribute;
import io.turnpike.protocol.attribute.UnknownAttribute;
import io.turnpike.protocol.attribute.UnknownAttributes;
import io.turnpike.protocol.attribute.UserHash;
import io.turnpike.protocol.attribute.Username;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every attribute record encodes and decodes back to an equal record, with correct padding. */
@ExtendWith(io.turnpike.protocol.testing.LeakCheck.class)
class AttributeRoundTripTest {
    static final TransactionId TXID = TransactionId.of(0x0102030405060708L, 0x090A0B0C);
    static final InetSocketAddress V4 = new InetSocketAddress("192.0.2.1", 32853);
    static final InetSocketAddress V4_MAPPED = v4Mapped();
    static final InetSocketAddress V6 = new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 3478);

    static Stream<Arguments> attributes() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, "MAPPED-ADDRESS IPv4", new MappedAddress(V4));
        add(cases, "MAPPED-ADDRESS IPv6", new MappedAddress(V6));
        add(cases, "XOR-MAPPED-ADDRESS IPv4", new XorMappedAddress(V4));
        add(cases, "XOR-MAPPED-ADDRESS IPv6", new XorMappedAddress(V6));
        add(cases, "XOR-PEER-ADDRESS IPv4", new XorPeerAddress(V4));
        add(cases, "XOR-PEER-ADDRESS IPv6", new XorPeerAddress(V6));
        add(cases, "XOR-PEER-ADDRESS IPv4-mapped IPv6 stays family 0x02", new XorPeerAddress(V4_MAPPED));
        add(cases, "XOR-RELAYED-ADDRESS IPv4", new XorRelayedAddress(V4));
        add(cases, "XOR-RELAYED-ADDRESS IPv6", new XorRelayedAddress(V6));
        add(cases, "ALTERNATE-SERVER", new AlternateServer(V6));
        add(cases, "RESPONSE-ORIGIN", new ResponseOrigin(V4));
        add(cases, "OTHER-ADDRESS", new OtherAddress(V4));
        add(cases, "USERNAME (padding 3)", new Username("evtj:h6vY"));
        add(cases, "USERNAME non-ASCII", new Username("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9"));
        add(cases, "USERHASH", new UserHash(bytes(32)));
        add(cases, "ERROR-CODE 420", new ErrorCode(420, "Unknown Attribute"));
        add(cases, "ERROR-CODE 699 empty reason", new ErrorCode(699, ""));
        add(cases, "REALM", new Realm("example.org"));
        add(cases, "NONCE", new Nonce("f//499k954d6OL34oL9FSTvy64sA"));
        add(cases, "PASSWORD-ALGORITHMS", new PasswordAlgorithms(List.of(new PasswordAlgorithm(
                PasswordAlgorithm.SHA256), new PasswordAlgorithm(PasswordAlgorithm.MD5), new PasswordAlgorithm(9,
                bytes(3)))));
        add(cases, "PASSWORD-ALGORITHM", new PasswordAlgorithm(PasswordAlgorithm.SHA256));
        add(cases, "PASSWORD-ALGORITHM with params", new PasswordAlgorithm(7, bytes(5)));
        add(cases, "UNKNOWN-ATTRIBUTES odd count", new UnknownAttributes(List.of(0x0024, 0x7777, 0x0031)));
        add(cases, "SOFTWARE", new Software("Turnpike 0.1"));
        add(cases, "ALTERNATE-DOMAIN", new AlternateDomain("turn.example.org"));
        add(cases, "CHANNEL-NUMBER", new ChannelNumber(0x4001));
        add(cases, "LIFETIME max unsigned", new Lifetime(0xFFFFFFFFL));
        add(cases, "DATA (padding 1)", new Data(Unpooled.wrappedBuffer(bytes(7))));
        add(cases, "DATA empty", new Data(Unpooled.EMPTY_BUFFER));
        add(cases, "REQUESTED-ADDRESS-FAMILY", new RequestedAddressFamily(0x02));
        add(cases, "EVEN-PORT R", new EvenPort(true));
        add(cases, "EVEN-PORT no R", new EvenPort(false));
        add(cases, "REQUESTED-TRANSPORT UDP", new RequestedTransport(17));
        add(cases, "DONT-FRAGMENT", new DontFragment());
        add(cases, "RESERVATION-TOKEN", new ReservationToken(bytes(8)));
        add(cases, "ADDITIONAL-ADDRESS-FAMILY", new AdditionalAddressFamily(0x02));
        add(cases, "ADDRESS-ERROR-CODE", new AddressErrorCode(0x02, 440, "Address Family not Supported"));
        add(cases, "ICMP", new Icmp(3, 4, 1400));
        add(cases, "CONNECTION-ID", new ConnectionId(0xFFFFFFFEL));
        add(cases, "CHANGE-REQUEST both", new ChangeRequest(true, true));
        add(cases, "CHANGE-REQUEST port", new ChangeRequest(false, true));
        add(cases, "RESPONSE-PORT", new ResponsePort(40000));
        add(cases, "PADDING", new Padding(13));
        add(cases, "unknown optional raw", new UnknownAttribute(0xC001, bytes(5)));
        return cases.stream();
    }

    private static final UnknownAttribute MARKER = new UnknownAttribute(0xFFFE, bytes(5));

    @ParameterizedTest(name = "{0}")
    @MethodSource("attributes")
    void roundTrips(String name, StunAttribute attribute) {
        StunMessage m = StunMessage.builder(StunMethod.ALLOCATE, StunClass.SUCCESS_RESPONSE, TXID)
                .add(attribute).add(MARKER).build();
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            int n = StunEncoder.encode(m, buf, null, false);
            int padded = (attribute.valueLength() + 3) & ~3;
            assertEquals(20 + 4 + padded + 12, n, "length with padding");
            assertEquals(attribute.valueLength(), buf.getUnsignedShort(22), "attribute length field unpadded");
            DecodeResult r = StunDecoder.decode(buf);
            assertTrue(r.isSuccess(), r::toString);
            assertEquals(List.of(attribute, MARKER), r.message().attributes(), "next attribute aligned");
        } finally {
            buf.release();
        }
    }

    /** The encoder computes these itself, so they are written by hand here (and must come last). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("integrityAttributes")
    void integrityAttributesDecodeFromHandWrittenBytes(String name, StunAttribute attribute) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeShort(0x0101).writeShort(4 + attribute.valueLength()).writeInt(StunDecoder.MAGIC_COOKIE);
            TXID.write(buf);
            buf.writeShort(attribute.type()).writeShort(attribute.valueLength());
            attribute.writeValue(buf, TXID);
            DecodeResult r = StunDecoder.decode(buf);
            assertTrue(r.isSuccess(), r::toString);
            assertEquals(List.of(attribute), r.message().attributes());
        } finally {
            buf.release();
        }
    }

    static Stream<Arguments> integrityAttributes() {
        return Stream.of(Arguments.of("MESSAGE-INTEGRITY", new MessageIntegrity(bytes(20))),
                Arguments.of("MESSAGE-INTEGRITY-SHA256 full", new MessageIntegritySha256(bytes(32))),
                Arguments.of("MESSAGE-INTEGRITY-SHA256 truncated to 16", new MessageIntegritySha256(bytes(16))));
    }

    @Test
    void fingerprintRecordCarriesTheComputedCrc() {
        StunMessage m = StunMessage.builder(StunMethod.BINDING, StunClass.REQUEST, TXID).build();
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            StunEncoder.encode(m, buf, null, true);
            DecodeResult r = StunDecoder.decode(buf);
            assertEquals(new Fingerprint(buf.getUnsignedInt(24)), r.message().get(Fingerprint.class));
            assertEquals(Fingerprints.compute(buf, 0, 20), r.message().get(Fingerprint.class).crc());
        } finally {
            buf.release();
        }
    }

    @Test
    void everyTypedRegistryEntryHasARoundTripCase() {
        Set<AttributeType> covered = EnumSet.noneOf(AttributeType.class);
        Stream.concat(Stream.concat(attributes(), integrityAttributes()),
                Stream.of(Arguments.of("FINGERPRINT", new Fingerprint(0)))).forEach(a -> {
            AttributeType t = AttributeType.fromCode(((StunAttribute) a.get()[1]).type());
            if (t != null) {
                covered.add(t);
            }
        });
        for (AttributeType t : AttributeType.values()) {
            assertTrue(!t.typed() || covered.contains(t), "no round-trip case for " + t);
        }
    }

    @Test
    void registryLooksUpByCodeAndKnowsComprehensionRanges() {
        for (AttributeType t : AttributeType.values()) {
            assertEquals(t, AttributeType.fromCode(t.code()));
            assertEquals(t.code() < 0x8000, t.comprehensionRequired(), t.rfcName());
        }
        assertEquals(null, AttributeType.fromCode(0x0031));
        assertEquals(null, AttributeType.fromCode(0x10000));
        assertEquals(null, AttributeType.fromCode(-1));
        assertEquals("XOR-MAPPED-ADDRESS", AttributeType.XOR_MAPPED_ADDRESS.rfcName());
    }

    private static void add(List<Arguments> cases, String name, StunAttribute attribute) {
        cases.add(Arguments.of(name, attribute));
    }

    private static InetSocketAddress v4Mapped() {
        byte[] ip = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 192, 0, 2, 1};
        try {
            return new InetSocketAddress(java.net.Inet6Address.getByAddress(null, ip, -1), 5000);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37 + 11);
        }
        return b;
    }
}
