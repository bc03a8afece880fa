package io.turnpike.server.allocation;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.AdditionalAddressFamily;
import io.turnpike.protocol.attribute.AddressErrorCode;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.ReservationToken;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.relay.Reservations;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The second half of Allocate (RFC 8656 §7.2): choosing the relay port (any, even, an even pair
 * whose upper port is reserved, or a reserved one), binding the relay socket on the allocation's
 * loop, and answering once it is bound. A port that is busy outside our pool is skipped and
 * another tried, a bounded number of times.
 */
final class RelayBinder {
    private static final int BIND_ATTEMPTS = 8;

    /** Which relay port an Allocate asked for. */
    record Choice(int kind, int reservedPort) {
        static final int KIND_ANY = 0;
        static final int KIND_EVEN = 1;
        static final int KIND_EVEN_PAIR = 2;
        static final int KIND_RESERVED = 3;
        static final int KIND_TCP = 4;
        static final Choice ANY = new Choice(KIND_ANY, -1);
        static final Choice EVEN = new Choice(KIND_EVEN, -1);
        static final Choice EVEN_PAIR = new Choice(KIND_EVEN_PAIR, -1);
        static final Choice TCP = new Choice(KIND_TCP, -1);

        static Choice reserved(int port) {
            return new Choice(KIND_RESERVED, port);
        }
    }

    private final TurnContext turn;

    RelayBinder(TurnContext turn) {
        this.turn = turn;
    }

    void bind(TurnRequest r, Allocation allocation, Choice choice) {
        bind(r, allocation, choice, BIND_ATTEMPTS);
    }

    private void bind(TurnRequest r, Allocation allocation, Choice choice, int attemptsLeft) {
        int port = switch (choice.kind()) {
            case Choice.KIND_EVEN -> turn.ports().acquireEven(false);
            case Choice.KIND_EVEN_PAIR -> turn.ports().acquireEven(true);
            case Choice.KIND_RESERVED -> choice.reservedPort();
            default -> turn.ports().acquire();
        };
        if (port < 0 || attemptsLeft == 0) {
            if (port >= 0) {
                release(port, choice);
            }
            r.loop.abandon(allocation);
            turn.events().allocationRefused(508);
            r.fail(508);
            return;
        }
        ChannelFuture future = choice.kind() == Choice.KIND_TCP ? turn.tcp().listen(allocation, port)
                : turn.opener().open(allocation, port);
        future.addListener((ChannelFutureListener) f -> bound(r, allocation, choice, port, f, attemptsLeft));
    }

    private void release(int port, Choice choice) {
        turn.ports().release(port);
        if (choice.kind() == Choice.KIND_EVEN_PAIR) {
            turn.ports().release(port + 1);
        }
    }

    private void bound(TurnRequest r, Allocation allocation, Choice choice, int port, ChannelFuture f,
            int attemptsLeft) {
        if (!f.isSuccess()) {
            release(port, choice);
            if (allocation.isClosed()) {
                return;
            }
            // A reserved port is that port or nothing; otherwise try another.
            bind(r, allocation, choice, choice.kind() == Choice.KIND_RESERVED ? 0 : attemptsLeft - 1);
            return;
        }
        Channel relay = f.channel();
        if (allocation.isClosed() || r.link.allocation() != allocation) {
            // The client went away (its connection closed) while the socket was binding.
            r.loop.abandon(allocation);
            if (choice.kind() == Choice.KIND_EVEN_PAIR) {
                turn.ports().release(port + 1);
            }
            relay.close().addListener((ChannelFutureListener) c -> turn.ports().release(port));
            return;
        }
        InetSocketAddress advertised = new InetSocketAddress(advertisedAddress(r), port);
        StunMessage.Builder response = Replies.success(r.message)
                .add(new XorRelayedAddress(advertised))
                .add(new Lifetime((allocation.expiresAtMillis() - r.nowMillis) / 1000));
        if (choice.kind() == Choice.KIND_EVEN_PAIR) {
            long token = turn.reservations().reserve(port + 1, r.nowMillis);
            response.add(new ReservationToken(Reservations.valueOf(token)));
        }
        AdditionalAddressFamily additional = r.message.get(AdditionalAddressFamily.class);
        if (additional != null) {
            // §7.2 step 9: the IPv6 half of a dual allocation cannot be met; IPv4 only.
            response.add(new AddressErrorCode(additional.family(), 440, "Address Family not Supported"));
        }
        response.add(new XorMappedAddress(r.link.client()));
        if (!turn.software().isEmpty()) {
            response.add(new Software(turn.software()));
        }
        StunMessage built = response.build();
        AllocationInfo info = new AllocationInfo(allocation.id(), r.username, r.credential.owner(),
                r.credential.userTag(), r.link.client(), advertised, r.link.transport(), turn.clock().millis());
        allocation.activate(relay, port, advertised, built, info);
        r.loop.add(allocation);
        resend(r, built);
    }

    /**
     * relay.public-address; else the bind address; else (wildcard bind) the IPv4 address the client
     * reached, when known; else loopback for a loopback client; else the host's primary IPv4 address.
     */
    private InetAddress advertisedAddress(TurnRequest r) {
        if (turn.relay().publicAddress() != null) {
            return turn.relay().publicAddress();
        }
        InetAddress bind = turn.relay().bindAddress();
        if (!bind.isAnyLocalAddress()) {
            return bind;
        }
        InetAddress local = r.link.local().getAddress();
        if (local instanceof Inet4Address && !local.isAnyLocalAddress()) {
            return local;
        }
        return r.link.client().getAddress().isLoopbackAddress() ? InetAddress.getLoopbackAddress()
                : turn.hostAddress();
    }

    /** Sends a built success response signed with the request's key. */
    static void resend(TurnRequest r, StunMessage response) {
        Replies.send(r.link, response, r.credential.key(), true);
    }
}
