package io.turnpike.server.allocation;

import io.netty.channel.Channel;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.TransactionId;
import io.turnpike.server.auth.Credential;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.security.BandwidthLimiter;
import java.net.InetSocketAddress;

/**
 * One allocation (RFC 8656 §6): the client 5-tuple (its {@link ClientLink}), the relay socket, the
 * credential it was made with, its expiry deadline, permissions and channel bindings. Every field is
 * read and written only on the owning event loop (the client's, where the relay socket is also
 * registered), so nothing here is synchronized or volatile.
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
    private Channel relay;
    private int relayPort = -1;
    private InetSocketAddress relayAddress;
    private StunMessage allocateResponse;
    private AllocationInfo info;
    private boolean closed;
    private long sendPeerKey = -1;
    private String quotaKey;
    private BandwidthLimiter bandwidth;
    private InetSocketAddress sendPeer;

    /** Traffic counters, written by the relay on the owning loop. */
    public long bytesToPeer;
    /** Traffic counters, written by the relay on the owning loop. */
    public long bytesToClient;

    /** A pending allocation; it becomes live when {@link #activate} gives it its relay socket. */
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

    /** Gives the allocation its bound relay socket and the success response for retransmissions. */
    public void activate(Channel relayChannel, int port, InetSocketAddress advertised, StunMessage response,
            AllocationInfo allocationInfo) {
        this.relay = relayChannel;
        this.relayPort = port;
        this.relayAddress = advertised;
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

    /** Whether the relay socket is bound and the allocation serves traffic. */
    public boolean isActive() {
        return relay != null && !closed;
    }

    /** Whether it has been closed. */
    public boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /** The relay socket, or null while pending. */
    public Channel relay() {
        return relay;
    }

    /** The relay port, or -1 while pending. */
    public int relayPort() {
        return relayPort;
    }

    /** The relayed transport address as advertised in XOR-RELAYED-ADDRESS. */
    public InetSocketAddress relayAddress() {
        return relayAddress;
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

    /** Its permissions. */
    public Permissions permissions() {
        return permissions;
    }

    /** Its channel bindings. */
    public ChannelBindings channels() {
        return channels;
    }
}
