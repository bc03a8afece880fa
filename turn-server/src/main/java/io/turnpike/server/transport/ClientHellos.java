package io.turnpike.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Reads the first DTLS record of a datagram as a ClientHello (RFC 6347 §4.2.1, §4.3.2) without
 * decrypting anything: so that unknown sources are answered statelessly.
 *
 * <p>Why {@link #withoutCookie}: the JDK engine checks a returned cookie statelessly (its secret
 * lives in the SSLContext), but it also expects the handshake to start at message_seq 0, while the
 * ClientHello that returns the cookie has message_seq 1. A fresh engine is therefore first shown the
 * same ClientHello without cookie at message_seq 0 (its HelloVerifyRequest is discarded; RFC 6347
 * §4.2.6 keeps both out of the handshake hash), then the real one.
 */
final class ClientHellos {
    private static final int HANDSHAKE = 22;
    private static final int ALERT = 21;
    private static final int FATAL = 2;
    private static final int PROTOCOL_VERSION = 70;
    private static final int DTLS_1_2 = 0xFEFD;
    private static final int CLIENT_HELLO = 1;
    private static final int RECORD_HEADER = 13;
    private static final int HANDSHAKE_HEADER = 12;
    /** Offset of the session id length: headers, client_version (2), random (32). */
    private static final int SESSION_ID = RECORD_HEADER + HANDSHAKE_HEADER + 2 + 32;

    private ClientHellos() {
    }

    /** The first record is a DTLS (0xFExx) handshake record of epoch 0 holding a ClientHello. */
    static boolean isClientHello(ByteBuf b) {
        int i = b.readerIndex();
        return b.readableBytes() > RECORD_HEADER && b.getUnsignedByte(i) == HANDSHAKE
                && b.getUnsignedByte(i + 1) == 0xFE && b.getUnsignedShort(i + 3) == 0
                && b.getUnsignedByte(i + RECORD_HEADER) == CLIENT_HELLO;
    }

    /**
     * Whether the ClientHello's client_version is older than DTLS 1.2 (0xFEFD; DTLS versions count
     * down, so 1.0 = 0xFEFF is larger). Call after {@link #isClientHello}.
     */
    static boolean olderThanDtls12(ByteBuf b) {
        int at = b.readerIndex() + RECORD_HEADER + HANDSHAKE_HEADER;
        return b.writerIndex() < at + 2 || b.getUnsignedShort(at) > DTLS_1_2;
    }

    /**
     * A fatal protocol_version alert (RFC 5246 §7.2.2) in a plaintext record of the client's record
     * version, 15 bytes: smaller than any ClientHello, so refusing costs no amplification.
     */
    static ByteBuf protocolVersionAlert(ByteBuf hello, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(RECORD_HEADER + 2);
        out.writeByte(ALERT);
        out.writeShort(hello.getUnsignedShort(hello.readerIndex() + 1));
        out.writeShort(0); // epoch
        out.writeZero(6); // sequence number
        out.writeShort(2);
        out.writeByte(FATAL);
        out.writeByte(PROTOCOL_VERSION);
        return out;
    }

    /**
     * The same unfragmented ClientHello with an empty cookie, message_seq 0 and record sequence 0,
     * or null when {@code b} carries no cookie or is not a single well-formed ClientHello fragment.
     */
    static ByteBuf withoutCookie(ByteBuf b, ByteBufAllocator alloc) {
        int i = b.readerIndex();
        int end = b.writerIndex();
        if (!isClientHello(b) || b.readableBytes() < SESSION_ID + 2) {
            return null;
        }
        int recordLength = b.getUnsignedShort(i + 11);
        int length = b.getUnsignedMedium(i + 14);
        if (b.getUnsignedMedium(i + 19) != 0 || b.getUnsignedMedium(i + 22) != length
                || recordLength != HANDSHAKE_HEADER + length || i + RECORD_HEADER + recordLength > end) {
            return null;
        }
        int cookieAt = i + SESSION_ID + 1 + b.getUnsignedByte(i + SESSION_ID);
        if (cookieAt >= i + RECORD_HEADER + recordLength) {
            return null;
        }
        int cookie = b.getUnsignedByte(cookieAt);
        int after = cookieAt + 1 + cookie;
        if (cookie == 0 || after > i + RECORD_HEADER + recordLength) {
            return null;
        }
        int newLength = length - cookie;
        ByteBuf out = alloc.buffer(RECORD_HEADER + HANDSHAKE_HEADER + newLength);
        out.writeBytes(b, i, 3); // type, version
        out.writeShort(0); // epoch
        out.writeZero(6); // record sequence number
        out.writeShort(HANDSHAKE_HEADER + newLength);
        out.writeByte(CLIENT_HELLO);
        out.writeMedium(newLength);
        out.writeShort(0); // message_seq
        out.writeMedium(0); // fragment_offset
        out.writeMedium(newLength);
        out.writeBytes(b, i + RECORD_HEADER + HANDSHAKE_HEADER, cookieAt - (i + RECORD_HEADER + HANDSHAKE_HEADER));
        out.writeByte(0); // no cookie
        out.writeBytes(b, after, i + RECORD_HEADER + recordLength - after);
        return out;
    }
}
