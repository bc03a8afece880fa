package io.turnpike.server.allocation;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.turnpike.protocol.EncodeOptions;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunEncoder;
import io.turnpike.protocol.StunErrorCode;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.ErrorCode;
import io.turnpike.protocol.attribute.StunAttribute;
import io.turnpike.server.auth.ResponseIntegrity;

/** Building and sending STUN responses; reason phrases come from the codec's {@link StunErrorCode}. */
public final class Replies {
    private Replies() {
    }

    /** A success response builder answering {@code request}. */
    public static StunMessage.Builder success(StunMessage request) {
        return StunMessage.builder(request.methodCode(), StunClass.SUCCESS_RESPONSE, request.transactionId());
    }

    /** An error response builder answering {@code request} with ERROR-CODE {@code code}. */
    public static StunMessage.Builder error(StunMessage request, int code) {
        return error(request.methodCode(), request.transactionId(), code);
    }

    /** An error response builder for a request known only by method and transaction id. */
    public static StunMessage.Builder error(int methodCode, TransactionId transactionId, int code) {
        StunErrorCode known = StunErrorCode.fromCode(code);
        return StunMessage.builder(methodCode, StunClass.ERROR_RESPONSE, transactionId)
                .add(known != null ? known.attribute() : new ErrorCode(code, "Error"));
    }

    /**
     * Encodes {@code response} (without MESSAGE-INTEGRITY) and sends it only when it is at most
     * {@code maxBytes} long; returns whether it was sent. For answers to unauthenticated requests,
     * which must not amplify what a spoofed source sent (issue 5).
     */
    public static boolean sendWithin(ClientLink link, StunMessage response, boolean fingerprint, int maxBytes) {
        ByteBuf out = encodeWithin(link.alloc(), response, fingerprint, maxBytes);
        if (out == null) {
            return false;
        }
        link.write(out);
        link.flush();
        return true;
    }

    /**
     * {@code response} encoded (without MESSAGE-INTEGRITY) into a new buffer the caller owns, or null
     * (nothing to release) when it is longer than {@code maxBytes}.
     */
    static ByteBuf encodeWithin(ByteBufAllocator alloc, StunMessage response, boolean fingerprint, int maxBytes) {
        ByteBuf out = alloc.buffer(128);
        try {
            StunEncoder.encode(response, out, null, fingerprint);
            if (out.readableBytes() > maxBytes) {
                return null;
            }
            ByteBuf encoded = out;
            out = null;
            return encoded;
        } finally {
            if (out != null) {
                out.release();
            }
        }
    }

    /** The encoded size of {@code message} without integrity, with FINGERPRINT when asked. */
    public static int encodedLength(StunMessage message, boolean fingerprint) {
        int length = 20 + (fingerprint ? 8 : 0);
        for (StunAttribute a : message.attributes()) {
            length += 4 + StunEncoder.padded(a.valueLength());
        }
        return length;
    }

    /**
     * Encodes {@code response}, signed as {@code integrity} says (RFC 8489 §9.2.4), and sends it.
     */
    public static void sendSigned(ClientLink link, StunMessage response, ResponseIntegrity integrity, boolean fingerprint) {
        send(link, response, integrity.encodeOptions(fingerprint));
    }

    /**
     * Encodes {@code response} and sends it to the client.
     *
     * @param key MESSAGE-INTEGRITY key (the request was authenticated with it), or null
     * @param fingerprint whether to append FINGERPRINT
     */
    public static void send(ClientLink link, StunMessage response, byte[] key, boolean fingerprint) {
        send(link, response, EncodeOptions.of(key, fingerprint));
    }

    private static void send(ClientLink link, StunMessage response, EncodeOptions options) {
        ByteBuf out = link.alloc().buffer(128);
        boolean sent = false;
        try {
            StunEncoder.encode(response, out, options);
            link.write(out);
            sent = true;
        } finally {
            if (!sent) {
                out.release();
            }
        }
        link.flush();
    }
}
