package io.turnpike.server.allocation;

import io.netty.channel.Channel;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.TransactionId;
import io.turnpike.server.auth.Credential;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.security.BandwidthLimiter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * One allocation (RFC 8656 §6): the client 5-tuple (its {@link ClientLink}), the relay socket, the
 * credential it was made with, its expiry deadline, permissions and channel bindings. It has one relay
 * socket, or two for a dual allocation (RFC 8656 §7.2: one IPv4 and one IPv6 relayed address sharing
 * one lifetime, permission list and channel list; each peer is reached through the relay of its
 * family). Every field is read and written only on the owning event loop (the client's, where the
 * relay sockets are also registered), so nothing here is synchronized or volatile.
 */
public final class Allocation {
    private final long id;
    private final ClientLink link;
    private final String username;
    private final Credential credential;
    private final TransactionId allocateTransaction;
    private final long createdAtMillis;
    private final Permissions permissions = new Permissions();
    private final ChannelBindings channels = new ChannelBindings();

    long expiresAtMillis;
    int listIndex = -1;
    private Channel relay4;
    private Channel relay6;
    private int port4 = -1;
    private int port6 = -1;
    private InetSocketAddress address4;
    private InetSocketAddress address6;
    private boolean dontFragment;
    private StunMessage allocateResponse;
    private AllocationInfo info;
    private boolean closed;
    private long sendPeerKey = -1;
    private String quotaKey;
    private BandwidthLimiter bandwidth;
    private InetSocketAddress sendPeer;
    private final byte[] sendPeer6Bytes = new byte[16];
    private int sendPeer6Port = -1;
    private InetSocketAddress sendPeer6;

    /** Traffic counters, written by the relay on the owning loop. */
    public long bytesToPeer;
    /** Traffic counters, written by the relay on the owning loop. */
    public long bytesToClient;

    /** A pending allocation; it becomes live when its relays are attached and {@link #activate} runs. */
    public Allocation(long id, ClientLink link, String username, Credential credential,
            TransactionId allocateTransaction, long nowMillis, long expiresAtMillis) {
        this.id = id;
        this.link = link;
        this.username = username;
        this.credential = credential;
        this.allocateTransaction = allocateTransaction;
        this.createdAtMillis = nowMillis;
        this.expiresAtMillis = expiresAtMillis;
    }

    /**
     * Attaches a bound relay socket of one family (RFC 8656 §7.2: IPv4, IPv6, or one of each for a
     * dual allocation); it is closed with the allocation.
     */
    public void attachRelay(boolean ipv6, Channel relayChannel, int port, InetSocketAddress advertised) {
        if (ipv6) {
            relay6 = relayChannel;
            port6 = port;
            address6 = advertised;
        } else {
            relay4 = relayChannel;
            port4 = port;
            address4 = advertised;
        }
    }

    /** Detaches the relay socket of one family (closing it is the caller's job); null when none. */
    Channel detachRelay(boolean ipv6) {
        Channel c = ipv6 ? relay6 : relay4;
        attachRelay(ipv6, null, -1, null);
        return c;
    }

    /** Makes the allocation live, with the success response kept for retransmissions. */
    public void activate(StunMessage response, AllocationInfo allocationInfo) {
        this.allocateResponse = response;
        this.info = allocationInfo;
    }

    /** Sets the allocation-quota key reserved for it and its bandwidth limiter (null = unlimited). */
    void limits(String reservedQuotaKey, BandwidthLimiter limiter) {
        this.quotaKey = reservedQuotaKey;
        this.bandwidth = limiter;
    }

    /** The key its allocation quota was reserved under, or null. */
    String quotaKey() {
        return quotaKey;
    }

    /** Its bandwidth limiter (RFC 8656 §21.3.1), or null when unlimited; used on the relay path. */
    public BandwidthLimiter bandwidth() {
        return bandwidth;
    }

    /** Server-unique id, for logs. */
    public long id() {
        return id;
    }

    /** The client 5-tuple. */
    public ClientLink link() {
        return link;
    }

    /** The USERNAME it was created with (RFC 8656 §5: later requests must match, else 441). */
    public String username() {
        return username;
    }

    /** The credential (key, owner, user tag) it was created with. */
    public Credential credential() {
        return credential;
    }

    /** The Allocate transaction that created it, to recognise retransmissions (RFC 8656 §7.2). */
    public TransactionId allocateTransaction() {
        return allocateTransaction;
    }

    /** The success response sent for the Allocate, resent on retransmission; null while pending. */
    public StunMessage allocateResponse() {
        return allocateResponse;
    }

    /** Whether the relay sockets are bound and the allocation serves traffic. */
    public boolean isActive() {
        return allocateResponse != null && !closed;
    }

    /** Whether it has been closed. */
    public boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /** The first relay socket (IPv4 when it has one, else IPv6), or null while pending. */
    public Channel relay() {
        return relay4 != null ? relay4 : relay6;
    }

    /** The relay socket of the family ({@code ipv6} or IPv4), or null when it has none. */
    public Channel relay(boolean ipv6) {
        return ipv6 ? relay6 : relay4;
    }

    /** The relay socket that reaches {@code peer}: the one of its family, or null (hot path). */
    public Channel relayFor(InetSocketAddress peer) {
        return peer.getAddress() instanceof Inet6Address ? relay6 : relay4;
    }

    /** Whether it has a relayed address of the family (RFC 8656 §9: permissions need one, else 443). */
    public boolean hasRelay(boolean ipv6) {
        return (ipv6 ? relay6 : relay4) != null;
    }

    /** The first relay port, or -1 while pending. */
    public int relayPort() {
        return relay4 != null ? port4 : port6;
    }

    /** The relay port of the family, or -1. */
    public int relayPort(boolean ipv6) {
        return ipv6 ? port6 : port4;
    }

    /** The first relayed transport address as advertised in XOR-RELAYED-ADDRESS. */
    public InetSocketAddress relayAddress() {
        return relay4 != null ? address4 : address6;
    }

    /** The advertised relayed transport address of the family, or null. */
    public InetSocketAddress relayAddress(boolean ipv6) {
        return ipv6 ? address6 : address4;
    }

    /** Whether its relay sockets send with DF set (DONT-FRAGMENT, RFC 8656 §14, §15). */
    public boolean dontFragment() {
        return dontFragment;
    }

    /** Records that its relay sockets now send with DF set. */
    public void dontFragment(boolean set) {
        this.dontFragment = set;
    }

    /** Event payload; null while pending. */
    public AllocationInfo info() {
        return info;
    }

    /** When it was created. */
    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** Its expiry deadline. */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** Sets a new expiry deadline (Refresh). */
    public void expireAt(long deadlineMillis) {
        this.expiresAtMillis = deadlineMillis;
    }

    /** Whether its lifetime has run out (checked on use as well as by the sweep). */
    public boolean expired(long nowMillis) {
        return expiresAtMillis <= nowMillis;
    }

    /**
     * The peer of the last Send indication if its packed key ({@link ChannelBindings#peerKey}) is
     * {@code key}, else null: consecutive Send indications to one peer reuse one address object.
     */
    public InetSocketAddress cachedSendPeer(long key) {
        return key == sendPeerKey ? sendPeer : null;
    }

    /** Remembers the peer of the last Send indication. */
    public void cacheSendPeer(long key, InetSocketAddress peer) {
        this.sendPeerKey = key;
        this.sendPeer = peer;
    }

    /**
     * The IPv6 peer of the last Send indication if it is {@code ip}:{@code port}, else null: the
     * IPv6 counterpart of {@link #cachedSendPeer}, compared on the 16 address bytes.
     */
    public InetSocketAddress cachedSendPeer6(byte[] ip, int port) {
        return port == sendPeer6Port && java.util.Arrays.equals(ip, sendPeer6Bytes) ? sendPeer6 : null;
    }

    /** Remembers the IPv6 peer of the last Send indication. */
    public void cacheSendPeer6(byte[] ip, int port, InetSocketAddress peer) {
        System.arraycopy(ip, 0, sendPeer6Bytes, 0, 16);
        this.sendPeer6Port = port;
        this.sendPeer6 = peer;
    }

    /** Its permissions. */
    public Permissions permissions() {
        return permissions;
    }

    /** Its channel bindings. */
    public ChannelBindings channels() {
        return channels;
    }
}
