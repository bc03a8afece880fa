package io.turnpike.server.allocation;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.DecodeError;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunDecoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ErrorCode;
import io.turnpike.protocol.attribute.Fingerprint;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.UnknownAttributes;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.server.auth.AuthResult;
import io.turnpike.server.events.AuthFailure;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.security.SourceRateLimiter;

/**
 * Entry point for STUN messages from clients (not Send indications, which the relay reads in place):
 * decodes, answers Binding without authentication, runs the long-term credential check, finds the
 * 5-tuple's allocation and picks the TURN method handler by (class, method). Runs on the 5-tuple's
 * event loop; the caller keeps ownership of {@code raw}.
 */
public final class RequestDispatcher {
    /** No answer to an unauthenticated request is larger than this many times the request (issue 5). */
    private static final int MAX_AMPLIFICATION = 3;

    private final TurnContext turn;
    private final AllocateMethod allocate;
    private final RefreshMethod refresh;
    private final PermissionMethods permissions;
    private final TcpMethods tcp;

    /** A dispatcher over {@code turn}'s collaborators. */
    public RequestDispatcher(TurnContext turn) {
        this.turn = turn;
        this.tcp = new TcpMethods(turn);
        this.allocate = new AllocateMethod(turn, tcp);
        this.refresh = new RefreshMethod(turn);
        this.permissions = new PermissionMethods(turn);
    }

    /**
     * Handles one STUN message (a datagram or a stream frame) from {@code link}. Everything answered
     * before the client is authenticated (Binding, challenges, decode errors) is paid for with a
     * token from {@code limiter}, the loop's per-source rate limiter; without one it is dropped
     * unanswered, so the server is useless for reflection (issue 5).
     */
    public void handle(ClientLink link, LoopAllocations loop, SourceRateLimiter limiter, ByteBuf raw) {
        DecodeResult decoded = StunDecoder.decode(raw);
        if (!decoded.isSuccess()) {
            if (affordable(link, limiter)) {
                decodeFailed(link, decoded.error());
            }
            return;
        }
        StunMessage message = decoded.message();
        if (message.messageClass() != StunClass.REQUEST) {
            return; // RFC 8656 §5: indications other than Send, and stray responses, are ignored
        }
        StunMethod method = message.method();
        if (method == StunMethod.BINDING) {
            if (affordable(link, limiter)) {
                binding(link, message, MAX_AMPLIFICATION * raw.readableBytes());
            }
            return;
        }
        if (method != StunMethod.ALLOCATE && method != StunMethod.REFRESH
                && method != StunMethod.CREATE_PERMISSION && method != StunMethod.CHANNEL_BIND
                && method != StunMethod.CONNECT && method != StunMethod.CONNECTION_BIND) {
            // Unknown or unsupported method: RFC 8489 §6.3.1 → 400.
            if (!affordable(link, limiter)) {
                return;
            }
            Replies.send(link, Replies.error(message, 400).build(), null, message.has(Fingerprint.class));
            return;
        }
        long nowNanos = System.nanoTime();
        if (limiter.isBlocked(link.client(), nowNanos)) {
            turn.counters().dropped(DropReason.RATE_LIMITED); // credential-guessing back-off
            return;
        }
        AuthResult auth = turn.authenticator().authenticate(message, decoded, raw, link.client().getAddress());
        if (!auth.ok()) {
            if (auth.failure() == AuthFailure.BAD_INTEGRITY || auth.failure() == AuthFailure.UNKNOWN_USER) {
                limiter.recordAuthFailure(link.client(), nowNanos);
            }
            if (affordable(link, limiter)) {
                challenge(link, message, auth, MAX_AMPLIFICATION * raw.readableBytes());
            }
            return;
        }
        TurnRequest request = new TurnRequest(turn, link, loop, decoded, raw, auth, turn.clock().millis());
        if (method == StunMethod.ALLOCATE) {
            allocate.handle(request);
            return;
        }
        if (method == StunMethod.CONNECTION_BIND) {
            tcp.connectionBind(request); // on a new connection, which has no allocation (RFC 6062 §5.4)
            return;
        }
        Allocation allocation = existing(request);
        if (allocation == null) {
            return;
        }
        switch (method) {
            case REFRESH -> refresh.handle(request, allocation);
            case CREATE_PERMISSION -> permissions.createPermission(request, allocation);
            case CHANNEL_BIND -> permissions.channelBind(request, allocation);
            case CONNECT -> tcp.connect(request, allocation);
            default -> throw new IllegalStateException("unreachable: " + method);
        }
    }

    /**
     * RFC 8656 §5: the 5-tuple's live allocation, or null after answering 437 (none, or expired) or
     * 441 (USERNAME differs from the allocation's).
     */
    private Allocation existing(TurnRequest request) {
        Allocation allocation = request.link.allocation();
        if (allocation != null && allocation.isActive() && allocation.expired(request.nowMillis)) {
            request.loop.close(allocation, CloseReason.EXPIRED, request.nowMillis);
            allocation = null;
        }
        if (allocation == null || !allocation.isActive()) {
            request.fail(437);
            return null;
        }
        if (!allocation.username().equals(request.username)) {
            request.fail(441);
            return null;
        }
        return allocation;
    }

    private boolean affordable(ClientLink link, SourceRateLimiter limiter) {
        if (limiter.tryAcquire(link.client(), System.nanoTime())) {
            return true;
        }
        turn.counters().dropped(DropReason.RATE_LIMITED);
        return false;
    }

    /**
     * RFC 8489 §12: Binding is answered on every transport without authentication; SOFTWARE is left
     * out when it would make the answer larger than {@code maxBytes} (a long configured value against a
     * minimal request).
     */
    private void binding(ClientLink link, StunMessage request, int maxBytes) {
        if ((NatDiscovery.asks(request) || turn.discovery().serves(link))
                && turn.discovery().answer(link, request, maxBytes, turn.software())) {
            return; // RFC 5780 §6.1
        }
        if (!turn.software().isEmpty() && Replies.sendWithin(link, Replies.success(request)
                .add(new XorMappedAddress(link.client())).add(new Software(turn.software())).build(), true, maxBytes)) {
            return;
        }
        if (!Replies.sendWithin(link, Replies.success(request).add(new XorMappedAddress(link.client())).build(),
                true, maxBytes)) {
            turn.counters().dropped(DropReason.RATE_LIMITED); // amplification guard
        }
    }

    /**
     * 401 and 438 carry REALM, a fresh NONCE and PASSWORD-ALGORITHMS (RFC 8489 §9.2.4); 400 carries
     * nothing more. No SOFTWARE and no MESSAGE-INTEGRITY: answers to unauthenticated requests stay
     * small (issue 5). To fit the challenge with its nonce cookie into {@code maxBytes}, the reason
     * phrase goes first; where even that is too large (a 28-byte Allocate) the authenticator sends an
     * RFC 5389-style challenge. An answer still larger (a bare 20-byte request gets 70+ bytes of
     * REALM and NONCE) is not sent at all: no client sends its first request that small, a
     * reflector would.
     */
    private void challenge(ClientLink link, StunMessage request, AuthResult auth, int maxBytes) {
        turn.events().authFailure(auth.failure());
        StunMessage.Builder response = Replies.error(request, auth.errorCode());
        boolean fingerprint = request.has(Fingerprint.class);
        if (auth.challenges()) {
            int room = maxBytes - Replies.encodedLength(response.build(), fingerprint);
            if (room < turn.authenticator().fullChallengeLength()) {
                // The reason phrase is for humans (RFC 8489 §14.8): drop it before the nonce cookie.
                StunMessage.Builder terse = StunMessage.builder(request.methodCode(), StunClass.ERROR_RESPONSE,
                        request.transactionId()).add(new ErrorCode(auth.errorCode(), ""));
                int terseRoom = maxBytes - Replies.encodedLength(terse.build(), fingerprint);
                if (terseRoom >= turn.authenticator().fullChallengeLength()) {
                    response = terse;
                    room = terseRoom;
                }
            }
            turn.authenticator().addChallenge(response, link.client().getAddress(), room);
        }
        if (!Replies.sendWithin(link, response.build(), fingerprint, maxBytes)) {
            turn.counters().dropped(DropReason.RATE_LIMITED); // amplification guard
        }
    }

    /** RFC 8489 §6.3.1: malformed requests get 400, unknown required attributes 420; the rest is dropped. */
    private void decodeFailed(ClientLink link, DecodeError error) {
        if (!error.hasHeader() || error.messageClass() != StunClass.REQUEST) {
            return;
        }
        StunMessage.Builder response;
        switch (error.kind()) {
            case BAD_MAGIC_COOKIE, BAD_FINGERPRINT, TRUNCATED_HEADER, NOT_STUN, BAD_LENGTH -> {
                return; // not a message we can trust enough to answer
            }
            case UNKNOWN_ATTRIBUTES -> response = Replies.error(error.methodCode(), error.transactionId(), 420)
                    .add(new UnknownAttributes(error.unknownAttributes()));
            default -> response = Replies.error(error.methodCode(), error.transactionId(), 400);
        }
        Replies.send(link, response.build(), null, false);
    }
}
