package io.turnpike.server.allocation;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunEncoder;
import io.turnpike.protocol.StunErrorCode;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.ErrorCode;

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
