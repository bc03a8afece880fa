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
        if (family != null && !allocation.hasRelay(family.family() == AllocateMethod.IPV6)) {
            r.fail(443); // §8.2: the family does not match (one of) the allocation's
            return;
        }
        long desired = Lifetimes.desired(r.message.get(Lifetime.class), turn.lifetimes());
        boolean dual = allocation.hasRelay(false) && allocation.hasRelay(true);
        if (desired == 0 && family != null && dual) {
            // §8.1: LIFETIME 0 with a family deletes that half of a dual allocation only; the
            // other keeps its permissions, channels and time-to-expiry.
            r.loop.closeFamily(allocation, family.family() == AllocateMethod.IPV6);
            r.reply(Replies.success(r.message).add(new Lifetime(0)));
            return;
        }
        if (desired == 0) {
            r.loop.close(allocation, CloseReason.DELETED, r.nowMillis);
        } else {
            // Both halves of a dual allocation share one time-to-expiry: a refresh of either refreshes both.
            allocation.expireAt(r.nowMillis + desired);
        }
        r.reply(Replies.success(r.message).add(new Lifetime(desired / 1000)));
    }
}
