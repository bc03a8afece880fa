package io.turnpike.server.allocation;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.AddressErrorCode;
import io.turnpike.protocol.attribute.DontFragment;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.ReservationToken;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.relay.Reservations;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The second half of Allocate (RFC 8656 §7.2): choosing the relay port (any, even, an even pair
 * whose upper port is reserved, or a reserved one), binding the relay socket of the requested family
 * on the allocation's loop — then, for a dual allocation (ADDITIONAL-ADDRESS-FAMILY), the IPv6 one —
 * and answering once they are bound. A port that is busy outside our pool is skipped and another
 * tried, a bounded number of times. The second family of a dual allocation failing does not fail
 * the Allocate: the answer carries ADDRESS-ERROR-CODE instead (§7.2 step 9).
 */
final class RelayBinder {
    private static final int BIND_ATTEMPTS = 8;
    private static final byte[] IPV6_LOOPBACK = new byte[16];

    static {
        IPV6_LOOPBACK[15] = 1;
    }

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

    /** One Allocate in progress across the bind callbacks. */
    private static final class Job {
        final TurnRequest r;
        final Allocation allocation;
        final Choice choice;
        final boolean dual;
        /** ADDRESS-ERROR-CODE for the IPv6 half of a dual allocation, 0 when none. */
        int addressError;

        Job(TurnRequest r, Allocation allocation, Choice choice, boolean dual) {
            this.r = r;
            this.allocation = allocation;
            this.choice = choice;
            this.dual = dual;
        }
    }

    private final TurnContext turn;

    RelayBinder(TurnContext turn) {
        this.turn = turn;
    }

    /**
     * Binds the relay of the family {@code ipv6} (IPv4 when false) and, when {@code dual}, then an
     * IPv6 one; answers the request.
     */
    void bind(TurnRequest r, Allocation allocation, Choice choice, boolean ipv6, boolean dual) {
        Job job = new Job(r, allocation, choice, dual);
        if (advertisedAddress(r, ipv6) == null) {
            fail(job, 440); // §7.2 step 7: no address of the family we could give this client
            return;
        }
        bind(job, ipv6, job.choice, BIND_ATTEMPTS);
    }

    private void bind(Job job, boolean ipv6, Choice choice, int attemptsLeft) {
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
            if (secondHalf(job, ipv6)) {
                job.addressError = 508; // §7.2 step 9: partial success
                answer(job);
            } else if (choice.kind() == Choice.KIND_RESERVED) {
                fail(job, 508); // that port or nothing: no other node has it
            } else {
                job.r.loop.abandon(job.allocation);
                job.r.loop.closeRelay(job.allocation, false);
                AllocateMethod.atCapacity(job.r); // the relay port range is exhausted
            }
            return;
        }
        ChannelFuture future = choice.kind() == Choice.KIND_TCP ? turn.tcp().listen(job.allocation, port)
                : turn.opener().open(job.allocation, ipv6, port);
        future.addListener((ChannelFutureListener) f -> bound(job, ipv6, choice, port, f, attemptsLeft));
    }

    /** Whether binding {@code ipv6} is the optional IPv6 half of a dual allocation. */
    private static boolean secondHalf(Job job, boolean ipv6) {
        return job.dual && ipv6;
    }

    private void fail(Job job, int code) {
        job.r.loop.abandon(job.allocation);
        job.r.loop.closeRelay(job.allocation, false);
        turn.events().allocationRefused(code);
        job.r.fail(code);
    }

    private void release(int port, Choice choice) {
        turn.ports().release(port);
        if (choice.kind() == Choice.KIND_EVEN_PAIR) {
            turn.ports().release(port + 1);
        }
    }

    private void bound(Job job, boolean ipv6, Choice choice, int port, ChannelFuture f, int attemptsLeft) {
        Allocation allocation = job.allocation;
        if (!f.isSuccess()) {
            release(port, choice);
            if (allocation.isClosed()) {
                return;
            }
            // A reserved port is that port or nothing; otherwise try another.
            bind(job, ipv6, choice, choice.kind() == Choice.KIND_RESERVED ? 0 : attemptsLeft - 1);
            return;
        }
        Channel relay = f.channel();
        if (allocation.isClosed() || job.r.link.allocation() != allocation) {
            // The client went away (its connection closed) while the socket was binding.
            job.r.loop.abandon(allocation);
            job.r.loop.closeRelay(allocation, !ipv6);
            if (choice.kind() == Choice.KIND_EVEN_PAIR) {
                turn.ports().release(port + 1);
            }
            relay.close().addListener((ChannelFutureListener) c -> turn.ports().release(port));
            return;
        }
        allocation.attachRelay(ipv6, relay, port, new InetSocketAddress(advertisedAddress(job.r, ipv6), port));
        if (job.r.message.has(DontFragment.class)) {
            // §7.2 step 4 promised DF (the opener said it can); it holds for every later Send.
            allocation.dontFragment(turn.opener().dontFragment(relay, ipv6));
        }
        if (job.dual && !ipv6) {
            if (!turn.relay().supports(true) || advertisedAddress(job.r, true) == null) {
                job.addressError = 440; // §7.2 step 9: IPv4 only, and why
            } else {
                bind(job, true, choice, BIND_ATTEMPTS);
                return;
            }
        }
        answer(job);
    }

    /** The success response (§7.2): one XOR-RELAYED-ADDRESS per relayed address, IPv4 first. */
    private void answer(Job job) {
        TurnRequest r = job.r;
        Allocation allocation = job.allocation;
        StunMessage.Builder response = Replies.success(r.message);
        for (int family = 0; family < 2; family++) {
            InetSocketAddress advertised = allocation.relayAddress(family == 1);
            if (advertised != null) {
                response.add(new XorRelayedAddress(advertised));
            }
        }
        response.add(new Lifetime((allocation.expiresAtMillis() - r.nowMillis) / 1000));
        if (job.choice.kind() == Choice.KIND_EVEN_PAIR) {
            boolean ipv6 = !allocation.hasRelay(false);
            long token = turn.reservations().reserve(allocation.relayPort() + 1, ipv6, r.nowMillis);
            response.add(new ReservationToken(Reservations.valueOf(token)));
        }
        if (job.addressError != 0) {
            response.add(new AddressErrorCode(AllocateMethod.IPV6, job.addressError,
                    job.addressError == 440 ? "Address Family not Supported" : "Insufficient Capacity"));
        }
        response.add(new XorMappedAddress(r.link.client()));
        if (!turn.software().isEmpty()) {
            response.add(new Software(turn.software()));
        }
        StunMessage built = response.build();
        AllocationInfo info = new AllocationInfo(allocation.id(), r.username, r.credential.owner(),
                r.credential.userTag(), r.link.client(), allocation.relayAddress(), r.link.transport(),
                turn.clock().millis());
        allocation.activate(built, info);
        r.loop.add(allocation);
        resend(r, built);
    }

    /**
     * The relayed address to advertise for the family: relay.public-address(-v6); else the bind
     * address; else (wildcard bind) the address of that family the client reached, when known; else
     * loopback for a loopback client; else the host's primary address of the family; null when
     * there is none (no relay of the family, or an IPv6 wildcard on a host without a global address).
     */
    private InetAddress advertisedAddress(TurnRequest r, boolean ipv6) {
        if (turn.relay().publicAddress(ipv6) != null) {
            return turn.relay().publicAddress(ipv6);
        }
        InetAddress bind = turn.relay().bindAddress(ipv6);
        if (bind == null || !bind.isAnyLocalAddress()) {
            return bind;
        }
        InetAddress local = r.link.local().getAddress();
        if ((ipv6 ? local instanceof Inet6Address : local instanceof Inet4Address) && !local.isAnyLocalAddress()) {
            return local;
        }
        if (r.link.client().getAddress().isLoopbackAddress()) {
            return ipv6 ? loopback6() : InetAddress.getLoopbackAddress();
        }
        return ipv6 ? turn.hostAddress6() : turn.hostAddress();
    }

    private static InetAddress loopback6() {
        try {
            return Inet6Address.getByAddress(null, IPV6_LOOPBACK, -1);
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Sends a built success response signed with the request's key. */
    static void resend(TurnRequest r, StunMessage response) {
        Replies.sendSigned(r.link, response, r.integrity, true);
    }
}
