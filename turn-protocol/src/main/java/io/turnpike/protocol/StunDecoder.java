package io.turnpike.protocol;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.attribute.AttributeType;
import io.turnpike.protocol.attribute.InvalidAttributeException;
import io.turnpike.protocol.attribute.StunAttribute;
import io.turnpike.protocol.attribute.UnknownAttribute;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one STUN message and applies the RFC's attribute rules once, here:
 * <ul>
 *   <li>header checks: first two bits zero, magic cookie, length a multiple of 4 and equal to the bytes
 *       present (RFC 8489 §5);</li>
 *   <li>attributes inside the message, fixed-size lengths, address families (RFC 8489 §14);</li>
 *   <li>first occurrence wins for duplicates; XOR-PEER-ADDRESS (RFC 8489 §14, RFC 8656 §18.3),
 *       XOR-RELAYED-ADDRESS (a dual allocation's response carries one per address family, RFC 8656
 *       §7.2 step 9) and ALTERNATE-SERVER (one per address family, RFC 8489 §10) may repeat;</li>
 *   <li>after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT count, after
 *       MESSAGE-INTEGRITY-SHA256 only FINGERPRINT, nothing may follow FINGERPRINT (RFC 8489 §14.5–14.7);</li>
 *   <li>FINGERPRINT is verified; MESSAGE-INTEGRITY is located for {@link MessageIntegrityCheck};</li>
 *   <li>unknown comprehension-required attributes are reported for a 420 (RFC 8489 §6.3.1.1).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class StunDecoder {
    /** RFC 8489 §5. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** The fixed header size. */
    public static final int HEADER_LENGTH = 20;
    /** At most this many distinct unknown types are reported (bounds work on hostile input). */
    public static final int MAX_REPORTED_UNKNOWN = 16;

    private StunDecoder() {
    }

    /**
     * Decodes the message occupying exactly the readable bytes of {@code buf} (a UDP datagram, or a frame
     * cut by {@link StreamFraming}). Never throws for any content.
     *
     * <p>Ownership: reads without moving indexes; does not retain or release {@code buf}. A
     * {@link io.turnpike.protocol.attribute.Data} in the result is an unretained slice of {@code buf},
     * valid only while {@code buf} is. The caller releases {@code buf} as before.
     */
    public static DecodeResult decode(ByteBuf buf) {
        int start = buf.readerIndex();
        int available = buf.readableBytes();
        if (available < HEADER_LENGTH) {
            return fail(DecodeError.Kind.TRUNCATED_HEADER, -1, null, -1);
        }
        int type = buf.getUnsignedShort(start);
        if ((type & 0xC000) != 0) {
            return fail(DecodeError.Kind.NOT_STUN, -1, null, -1);
        }
        TransactionId txid = TransactionId.read(buf, start + 8);
        if (buf.getInt(start + 4) != MAGIC_COOKIE) {
            return fail(DecodeError.Kind.BAD_MAGIC_COOKIE, type, txid, -1);
        }
        int length = buf.getUnsignedShort(start + 2);
        if ((length & 3) != 0) {
            return fail(DecodeError.Kind.BAD_LENGTH, type, txid, -1);
        }
        if (HEADER_LENGTH + length != available) {
            return fail(DecodeError.Kind.LENGTH_MISMATCH, type, txid, -1);
        }
        return new Walk(buf, start, type, txid).run(start + HEADER_LENGTH + length);
    }

    static DecodeResult fail(DecodeError.Kind kind, int type, TransactionId txid, int attributeType) {
        return DecodeResult.failure(new DecodeError(kind, type, txid, attributeType, List.of()));
    }

    /** The state of one walk over the attributes. */
    private static final class Walk {
        private final ByteBuf buf;
        private final int start;
        private final int type;
        private final TransactionId txid;
        private final List<StunAttribute> attributes = new ArrayList<>(8);
        private List<Integer> duplicates = List.of();
        private List<Integer> ignored = List.of();
        private List<Integer> unknown = List.of();
        private long seen;
        private int integrity = -1;
        private int integritySha256 = -1;
        private int fingerprint = -1;

        Walk(ByteBuf buf, int start, int type, TransactionId txid) {
            this.buf = buf;
            this.start = start;
            this.type = type;
            this.txid = txid;
        }

        DecodeResult run(int end) {
            int pos = start + HEADER_LENGTH;
            while (pos < end) {
                if (end - pos < 4) {
                    return fail(DecodeError.Kind.ATTRIBUTE_OVERRUN, type, txid, -1);
                }
                int atype = buf.getUnsignedShort(pos);
                int alen = buf.getUnsignedShort(pos + 2);
                int value = pos + 4;
                if (alen > end - value) {
                    return fail(DecodeError.Kind.ATTRIBUTE_OVERRUN, type, txid, atype);
                }
                if (fingerprint >= 0) {
                    // RFC 8489 §14.7: FINGERPRINT MUST be the last attribute.
                    return fail(DecodeError.Kind.ATTRIBUTE_AFTER_FINGERPRINT, type, txid, atype);
                }
                DecodeError.Kind problem = accept(pos, atype, alen, value);
                if (problem != null) {
                    return fail(problem, type, txid, atype);
                }
                pos = value + alen + (-alen & 3);
            }
            if (!unknown.isEmpty()) {
                return DecodeResult.failure(
                        new DecodeError(DecodeError.Kind.UNKNOWN_ATTRIBUTES, type, txid, -1, unknown));
            }
            StunMessage message = StunMessage.builder(MessageType.methodCode(type), MessageType.messageClass(type), txid)
                    .addAll(attributes).build();
            return DecodeResult.success(message, end - start, integrity, integritySha256, fingerprint,
                    duplicates, ignored);
        }

        /** Handles one in-bounds attribute; returns an error kind or null. */
        private DecodeError.Kind accept(int pos, int atype, int alen, int value) {
            if (atype == AttributeType.FINGERPRINT.code()) {
                if (alen != 4) {
                    return DecodeError.Kind.BAD_ATTRIBUTE_LENGTH;
                }
                long expected = Fingerprints.compute(buf, start, pos - start);
                if (buf.getUnsignedInt(value) != expected) {
                    return DecodeError.Kind.BAD_FINGERPRINT;
                }
                fingerprint = pos - start;
            } else if (integritySha256 >= 0
                    || (integrity >= 0 && atype != AttributeType.MESSAGE_INTEGRITY_SHA256.code())) {
                // RFC 8489 §14.5, §14.6: attributes after the integrity attribute are ignored.
                ignored = add(ignored, atype);
                return null;
            }
            AttributeType known = AttributeType.fromCode(atype);
            if (known == null) {
                if (AttributeType.isComprehensionRequired(atype) && unknown.size() < MAX_REPORTED_UNKNOWN
                        && !unknown.contains(atype)) {
                    unknown = add(unknown, atype);
                }
                attributes.add(new UnknownAttribute(atype, bytes(value, alen)));
                return null;
            }
            long bit = 1L << known.ordinal();
            if ((seen & bit) != 0 && known != AttributeType.XOR_PEER_ADDRESS
                    && known != AttributeType.XOR_RELAYED_ADDRESS && known != AttributeType.ALTERNATE_SERVER) {
                // RFC 8489 §14 / RFC 8656 §18: only the first occurrence counts.
                duplicates = add(duplicates, atype);
                return null;
            }
            seen |= bit;
            try {
                attributes.add(known.decode(buf, value, alen, txid));
            } catch (InvalidAttributeException e) {
                return e.kind();
            }
            if (known == AttributeType.MESSAGE_INTEGRITY) {
                integrity = pos - start;
            } else if (known == AttributeType.MESSAGE_INTEGRITY_SHA256) {
                integritySha256 = pos - start;
            }
            return null;
        }

        private byte[] bytes(int index, int length) {
            byte[] b = new byte[length];
            buf.getBytes(index, b);
            return b;
        }

        private static List<Integer> add(List<Integer> list, int value) {
            List<Integer> l = list.isEmpty() ? new ArrayList<>(2) : list;
            l.add(value);
            return l;
        }
    }
}
