package io.turnpike.server.allocation;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunEncoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.ErrorCode;

/** Building and sending STUN responses, and the reason phrases of the error codes we send. */
public final class Replies {
    private Replies() {
    }

    /** The reason phrase for {@code code} (RFC 8489 §14.8, RFC 8656 §19). */
    public static String reason(int code) {
        switch (code) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 420: return "Unknown Attribute";
            case 437: return "Allocation Mismatch";
            case 438: return "Stale Nonce";
            case 440: return "Address Family not Supported";
            case 441: return "Wrong Credentials";
            case 442: return "Unsupported Transport Protocol";
            case 443: return "Peer Address Family Mismatch";
            case 486: return "Allocation Quota Reached";
            case 500: return "Server Error";
            case 508: return "Insufficient Capacity";
            default: return "Error";
        }
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
        return StunMessage.builder(methodCode, StunClass.ERROR_RESPONSE, transactionId)
                .add(new ErrorCode(code, reason(code)));
    }

    /**
     * Encodes {@code response} and sends it to the client.
     *
     * @param key MESSAGE-INTEGRITY key (the request was authenticated with it), or null
     * @param fingerprint whether to append FINGERPRINT
     */
    public static void send(ClientLink link, StunMessage response, byte[] key, boolean fingerprint) {
        ByteBuf out = link.alloc().buffer(128);
        boolean sent = false;
        try {
            StunEncoder.encode(response, out, key, fingerprint);
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
