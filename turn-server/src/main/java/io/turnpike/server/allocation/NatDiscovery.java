package io.turnpike.server.allocation;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.ChangeRequest;
import io.turnpike.protocol.attribute.Fingerprint;
import io.turnpike.protocol.attribute.MappedAddress;
import io.turnpike.protocol.attribute.OtherAddress;
import io.turnpike.protocol.attribute.Padding;
import io.turnpike.protocol.attribute.ResponseOrigin;
import io.turnpike.protocol.attribute.ResponsePort;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.UnknownAttributes;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.attribute.AttributeType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 5780 NAT behaviour discovery for Binding over UDP: answers from A1 or A2 and P1 or P2 as
 * CHANGE-REQUEST asks (§6.1, Table 1), with MAPPED-ADDRESS, XOR-MAPPED-ADDRESS, RESPONSE-ORIGIN and
 * OTHER-ADDRESS; to RESPONSE-PORT (§7.5); with PADDING (§7.6). Without discovery (off, or a request on
 * a stream or on another listener) the three request attributes get 420 (§6).
 *
 * <p>Deviations, for the amplification guard every unauthenticated answer obeys (at most three times
 * the request): the response's PADDING is as long as the request's (rounded up to 4, at most
 * {@value #MAX_PADDING} bytes) instead of the interface MTU; SOFTWARE is left out when the answer would
 * be too large; and a request too small for the four addresses (a bare 20-byte Binding) gets the plain
 * RFC 8489 answer instead.
 *
 * <p>Thread-safe: the sockets are published once, after binding, through a volatile field.
 */
public final class NatDiscovery {
    /** Largest PADDING answered: an Ethernet MTU (RFC 5780 §7.6 "SHOULD be equal ... to the MTU"). */
    static final int MAX_PADDING = 1500;

    /** A1, A2, P1, P2 and the socket bound on each of the four combinations. */
    private record Sockets(InetAddress a1, InetAddress a2, int p1, int p2, Map<InetSocketAddress, Channel> byLocal) {
    }

    private final NatDiscoverySettings settings;
    private volatile Sockets sockets;

    /** Discovery as configured; it answers once {@link #start} has been given its sockets. */
    public NatDiscovery(NatDiscoverySettings settings) {
        this.settings = settings;
    }

    /** The configuration. */
    public NatDiscoverySettings settings() {
        return settings;
    }

    /**
     * Starts answering: {@code byLocal} maps each of A1:P1, A1:P2, A2:P1 and A2:P2 to a UDP socket
     * bound there (P1 is the bound listener port).
     */
    public void start(int p1, Map<InetSocketAddress, Channel> byLocal) {
        sockets = new Sockets(settings.address(), settings.alternateAddress(), p1, settings.alternatePort(),
                Map.copyOf(byLocal));
    }

    /** Whether {@code request} carries an attribute of RFC 5780 §7 that only discovery can honour. */
    static boolean asks(StunMessage request) {
        return request.has(ChangeRequest.class) || request.has(ResponsePort.class) || request.has(Padding.class);
    }

    /** Whether Binding requests reaching {@code link} get discovery answers (OTHER-ADDRESS etc.). */
    boolean serves(ClientLink link) {
        Sockets s = sockets;
        return s != null && !link.isStream() && s.byLocal().containsKey(link.local());
    }

    /**
     * Answers a Binding request per §6.1. Returns false, having sent nothing, when the request asks
     * for nothing of RFC 5780 and the full answer would exceed {@code maxBytes}: the caller then gives
     * the plain answer.
     */
    boolean answer(ClientLink link, StunMessage request, int maxBytes, String software) {
        if (!serves(link)) {
            refuse420(link, request);
            return true;
        }
        ResponsePort responsePort = request.get(ResponsePort.class);
        Padding padding = request.get(Padding.class);
        if (responsePort != null && (padding != null || responsePort.port() == 0)) {
            // §6.1 and §7.5: RESPONSE-PORT with PADDING MUST get 400; port 0 cannot be sent to.
            Replies.send(link, Replies.error(request, 400).build(), null, request.has(Fingerprint.class));
            return true;
        }
        Sockets s = sockets;
        ChangeRequest change = request.get(ChangeRequest.class);
        InetSocketAddress local = link.local();
        InetAddress other = local.getAddress().equals(s.a1()) ? s.a2() : s.a1();
        int otherPort = local.getPort() == s.p1() ? s.p2() : s.p1();
        InetSocketAddress source = new InetSocketAddress(change != null && change.changeIp() ? other
                : local.getAddress(), change != null && change.changePort() ? otherPort : local.getPort());
        InetSocketAddress to = responsePort == null ? link.client()
                : new InetSocketAddress(link.client().getAddress(), responsePort.port());
        StunMessage.Builder b = Replies.success(request).add(new XorMappedAddress(link.client()))
                .add(new MappedAddress(link.client())).add(new ResponseOrigin(source))
                .add(new OtherAddress(new InetSocketAddress(other, otherPort)));
        if (padding != null) {
            b.add(new Padding(Math.min((padding.length() + 3) & ~3, MAX_PADDING)));
        }
        StunMessage without = b.build();
        Channel out = s.byLocal().get(source);
        if (!software.isEmpty() && send(out, to, b.add(new Software(software)).build(), maxBytes)) {
            return true;
        }
        // Too large for the request (amplification guard): a plain Binding gets the RFC 8489 answer
        // from the caller instead; a request asking for discovery gets no answer at all.
        return send(out, to, without, maxBytes) || asks(request);
    }

    private static boolean send(Channel out, InetSocketAddress to, StunMessage response, int maxBytes) {
        ByteBuf buf = Replies.encodeWithin(out.alloc(), response, true, maxBytes);
        if (buf == null) {
            return false;
        }
        out.writeAndFlush(new DatagramPacket(buf, to), out.voidPromise());
        return true;
    }

    /** RFC 5780 §6: no alternate address and port here, so 420 naming the attributes asked for. */
    private static void refuse420(ClientLink link, StunMessage request) {
        List<Integer> unknown = new ArrayList<>(3);
        if (request.has(ChangeRequest.class)) {
            unknown.add(AttributeType.CHANGE_REQUEST.code());
        }
        if (request.has(ResponsePort.class)) {
            unknown.add(AttributeType.RESPONSE_PORT.code());
        }
        if (request.has(Padding.class)) {
            unknown.add(AttributeType.PADDING.code());
        }
        Replies.send(link, Replies.error(request, 420).add(new UnknownAttributes(unknown)).build(), null,
                request.has(Fingerprint.class));
    }
}
