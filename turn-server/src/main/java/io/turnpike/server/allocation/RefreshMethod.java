package io.turnpike.server.allocation;

import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.server.events.CloseReason;

/** The Refresh method (RFC 8656 §8.2), for an authenticated request on a live allocation. */
final class RefreshMethod {
    private final TurnContext turn;

    RefreshMethod(TurnContext turn) {
        this.turn = turn;
    }

    void handle(TurnRequest r, Allocation allocation) {
        RequestedAddressFamily family = r.message.get(RequestedAddressFamily.class);
        if (family != null && family.family() != AllocateMethod.IPV4) {
            r.fail(443); // the family does not match the allocation's (IPv4)
            return;
        }
        long desired = Lifetimes.desired(r.message.get(Lifetime.class), turn.lifetimes());
        if (desired == 0) {
            r.loop.close(allocation, CloseReason.DELETED, r.nowMillis);
        } else {
            allocation.expireAt(r.nowMillis + desired);
        }
        r.reply(Replies.success(r.message).add(new Lifetime(desired / 1000)));
    }
}
