package io.turnpike.server.allocation;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.Fingerprint;
import io.turnpike.server.auth.AuthResult;
import io.turnpike.server.auth.Credential;
import io.turnpike.server.auth.ResponseIntegrity;

/**
 * One authenticated TURN request being handled: where it came from, what it says, who sent it.
 * Lives for the duration of one call on the 5-tuple's event loop.
 */
public final class TurnRequest {
    final TurnContext turn;
    final ClientLink link;
    final LoopAllocations loop;
    final StunMessage message;
    final DecodeResult decoded;
    final ByteBuf raw;
    final String username;
    final Credential credential;
    /** How responses are signed: MESSAGE-INTEGRITY or -SHA256, with the key that verified (RFC 8489 §9.2.4). */
    final ResponseIntegrity integrity;
    final long nowMillis;

    TurnRequest(TurnContext turn, ClientLink link, LoopAllocations loop, DecodeResult decoded, ByteBuf raw,
            AuthResult auth, long nowMillis) {
        this.turn = turn;
        this.link = link;
        this.loop = loop;
        this.message = decoded.message();
        this.decoded = decoded;
        this.raw = raw;
        this.username = auth.username();
        this.credential = auth.credential();
        this.integrity = auth.integrity();
        this.nowMillis = nowMillis;
    }

    /** Sends a success response, signed with the request's key, with FINGERPRINT. */
    void reply(StunMessage.Builder response) {
        Replies.sendSigned(link, response.build(), integrity, true);
    }

    /** Sends an error response, signed with the request's key (RFC 8489 §9.2.4). */
    void fail(int code) {
        fail(Replies.error(message, code));
    }

    /** Sends an error response with more attributes (e.g. UNKNOWN-ATTRIBUTES), signed likewise. */
    void fail(StunMessage.Builder response) {
        Replies.sendSigned(link, response.build(), integrity, message.has(Fingerprint.class));
    }
}
