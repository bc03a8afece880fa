package io.turnpike.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.LongTermKey;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunDecoder;
import io.turnpike.protocol.StunEncoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.ErrorCode;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.StunAttribute;
import io.turnpike.protocol.attribute.Username;
import io.turnpike.protocol.attribute.XorPeerAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The control side of one allocation, on its channel's event loop: Allocate (answering the 401
 * challenge with the long-term credential, RFC 8489 §9.2), then CreatePermission or ChannelBind for
 * the peer (RFC 8656 §9, §12), refreshes while the run lasts, and Refresh with LIFETIME 0 at the end
 * (§7). One transaction at a time; over UDP requests are retransmitted (RFC 8489 §6.2.1: RTO 500 ms,
 * doubling); a 438 Stale Nonce is answered with the new nonce (RFC 8489 §9.2.4).
 */
final class TurnSession {
    /** What the run learns from a session. */
    interface Listener {
        /** The allocation can relay. */
        void ready(TurnSession session);

        /** Set-up failed; {@code reason} is e.g. "441 Wrong Credentials" or "timeout ALLOCATE". */
        void failed(TurnSession session, String reason);
    }

    private static final long RTO_MILLIS = 500;
    private static final int MAX_UDP_SENDS = 5;
    private static final int MAX_RELEASE_SENDS = 2;
    private static final long STREAM_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_NONCE_RETRIES = 3;
    private static final int UDP = 17;

    final int index;
    private final LoopWorker worker;
    private final Credentials credentials;
    private final InetSocketAddress peer;
    private final int channelNumber;
    private final LoadOptions options;
    private final Listener listener;
    private String realm;
    private String nonce;
    private byte[] key;
    private Pending pending;
    private boolean allocated;
    private boolean ready;
    private boolean finished;
    private Promise<Void> released;
    private ScheduledFuture<?> allocationTimer;
    private ScheduledFuture<?> bindingTimer;
    private Flow flow;
    private Channel channel;
    private int refreshFailures;

    /** One outstanding request. */
    private static final class Pending {
        final TransactionId txid;
        final StunMethod method;
        final List<StunAttribute> attributes;
        final byte[] wire;
        final int nonceRetries;
        int sends;
        ScheduledFuture<?> timer;

        Pending(TransactionId txid, StunMethod method, List<StunAttribute> attributes, byte[] wire, int nonceRetries) {
            this.txid = txid;
            this.method = method;
            this.attributes = attributes;
            this.wire = wire;
            this.nonceRetries = nonceRetries;
        }
    }

    TurnSession(int index, LoopWorker worker, Credentials credentials, InetSocketAddress peer,
            LoadOptions options, Listener listener) {
        this.index = index;
        this.worker = worker;
        this.credentials = credentials;
        this.peer = peer;
        this.options = options;
        this.channelNumber = options.mode() == LoadOptions.DataMode.CHANNEL ? 0x4000 + index % 0x1000 : 0;
        this.listener = listener;
    }

    private boolean stream() {
        return options.transport() != LoadOptions.ClientTransport.UDP;
    }

    /** The data side, once ready (else null). */
    Flow flow() {
        return flow;
    }

    /** Refreshes that failed after set-up. */
    int refreshFailures() {
        return refreshFailures;
    }

    /** Attaches the channel (when the handler is added, before the channel connects). */
    void attach(Channel ch) {
        this.channel = ch;
    }

    /** The connection could not be made (on the loop). */
    void connectFailed(String reason) {
        if (!finished) {
            finished = true;
            listener.failed(this, reason);
        }
    }

    /** Sends the first Allocate (on the loop, once the channel is connected and any TLS handshake done). */
    void start() {
        List<StunAttribute> attrs = new ArrayList<>(2);
        attrs.add(new RequestedTransport(UDP));
        if (options.lifetimeSeconds() > 0) {
            attrs.add(new Lifetime(options.lifetimeSeconds()));
        }
        request(StunMethod.ALLOCATE, attrs, 0);
    }

    private void request(StunMethod method, List<StunAttribute> attrs, int nonceRetries) {
        TransactionId txid = TransactionId.random(ThreadLocalRandom.current());
        StunMessage.Builder b = StunMessage.builder(method, StunClass.REQUEST, txid).addAll(attrs);
        if (key != null) {
            b.add(new Username(credentials.username())).add(new Realm(realm)).add(new Nonce(nonce));
        }
        ByteBuf out = Unpooled.buffer(256);
        try {
            StunEncoder.encode(b.build(), out, key, true);
            pending = new Pending(txid, method, attrs, ByteBufUtil.getBytes(out), nonceRetries);
        } finally {
            out.release();
        }
        transmit(pending);
    }

    private void transmit(Pending p) {
        p.sends++;
        channel.writeAndFlush(Unpooled.wrappedBuffer(p.wire), channel.voidPromise());
        long timeout = stream() ? STREAM_TIMEOUT_MILLIS : RTO_MILLIS << (p.sends - 1);
        p.timer = channel.eventLoop().schedule(() -> timedOut(p), timeout, TimeUnit.MILLISECONDS);
    }

    private void timedOut(Pending p) {
        if (pending != p) {
            return;
        }
        int limit = released != null ? MAX_RELEASE_SENDS : MAX_UDP_SENDS;
        if (!stream() && p.sends < limit) {
            transmit(p);
            return;
        }
        pending = null;
        problem(p, "timeout " + p.method);
    }

    /** A STUN message from the server (the buffer stays the caller's). */
    void onStun(ByteBuf buf) {
        DecodeResult r = StunDecoder.decode(buf);
        Pending p = pending;
        if (!r.isSuccess() || p == null || !r.message().transactionId().equals(p.txid)) {
            return; // a late answer to a retransmission, or not for us
        }
        p.timer.cancel(false);
        pending = null;
        StunMessage m = r.message();
        if (m.messageClass() == StunClass.SUCCESS_RESPONSE) {
            succeeded(p, m);
            return;
        }
        ErrorCode error = m.get(ErrorCode.class);
        int code = error == null ? 0 : error.code();
        Nonce newNonce = m.get(Nonce.class);
        boolean challenge = (code == 401 && key == null) || code == 438;
        if (challenge && newNonce != null && p.nonceRetries < MAX_NONCE_RETRIES) {
            Realm newRealm = m.get(Realm.class);
            if (newRealm != null && (key == null || !newRealm.value().equals(realm))) {
                realm = newRealm.value();
                key = LongTermKey.md5(credentials.username(), realm, credentials.password());
            }
            nonce = newNonce.value();
            if (key != null) {
                request(p.method, p.attributes, p.nonceRetries + 1);
                return;
            }
        }
        problem(p, error == null ? "error without ERROR-CODE" : code + " " + error.reason());
    }

    private void succeeded(Pending p, StunMessage m) {
        switch (p.method) {
            case ALLOCATE -> {
                allocated = true;
                scheduleAllocationRefresh(m);
                bindPeer();
            }
            case CREATE_PERMISSION, CHANNEL_BIND -> {
                if (!ready) {
                    ready = true;
                    flow = new Flow(index, channel, channelNumber, peer, options.payloadSize(), stream());
                    worker.add(flow);
                    listener.ready(this);
                }
                bindingTimer = channel.eventLoop().schedule(this::refreshBinding,
                        RefreshPlan.BINDING_REFRESH_SECONDS, TimeUnit.SECONDS);
            }
            case REFRESH -> {
                if (released != null) {
                    finish();
                } else {
                    scheduleAllocationRefresh(m);
                }
            }
            default -> {
            }
        }
    }

    private void problem(Pending p, String reason) {
        if (released != null) {
            finish();
        } else if (!ready) {
            finished = true;
            channel.close();
            listener.failed(this, reason);
        } else {
            refreshFailures++;
            if (p.method == StunMethod.REFRESH) {
                allocationTimer = channel.eventLoop().schedule(this::refreshAllocation, 1, TimeUnit.SECONDS);
            } else {
                bindingTimer = channel.eventLoop().schedule(this::refreshBinding, 1, TimeUnit.SECONDS);
            }
        }
    }

    private void bindPeer() {
        List<StunAttribute> attrs = new ArrayList<>(2);
        if (channelNumber != 0) {
            attrs.add(new ChannelNumber(channelNumber));
            attrs.add(new XorPeerAddress(peer));
            request(StunMethod.CHANNEL_BIND, attrs, 0);
        } else {
            attrs.add(new XorPeerAddress(peer));
            request(StunMethod.CREATE_PERMISSION, attrs, 0);
        }
    }

    private void scheduleAllocationRefresh(StunMessage m) {
        Lifetime granted = m.get(Lifetime.class);
        long seconds = RefreshPlan.allocationRefreshSeconds(granted == null ? 0 : granted.seconds());
        allocationTimer = channel.eventLoop().schedule(this::refreshAllocation, seconds, TimeUnit.SECONDS);
    }

    private void refreshAllocation() {
        if (finished || released != null) {
            return;
        }
        if (pending != null) {
            allocationTimer = channel.eventLoop().schedule(this::refreshAllocation, 1, TimeUnit.SECONDS);
            return;
        }
        long lifetime = options.lifetimeSeconds() > 0 ? options.lifetimeSeconds() : RefreshPlan.DEFAULT_LIFETIME_SECONDS;
        request(StunMethod.REFRESH, List.of(new Lifetime(lifetime)), 0);
    }

    private void refreshBinding() {
        if (finished || released != null) {
            return;
        }
        if (pending != null) {
            bindingTimer = channel.eventLoop().schedule(this::refreshBinding, 1, TimeUnit.SECONDS);
            return;
        }
        bindPeer();
    }

    /**
     * Releases the allocation (Refresh LIFETIME 0, RFC 8656 §7) and closes the channel; the promise
     * completes when done (answer, timeout, or nothing to release). Call on any thread; null when no channel was ever opened.
     */
    Promise<Void> release() {
        if (channel == null) {
            return null;
        }
        Promise<Void> promise = channel.eventLoop().newPromise();
        channel.eventLoop().execute(() -> releaseOnLoop(promise));
        return promise;
    }

    private void releaseOnLoop(Promise<Void> promise) {
        if (released != null) {
            released.addListener(f -> promise.trySuccess(null));
            return;
        }
        released = promise;
        cancel(allocationTimer);
        cancel(bindingTimer);
        if (pending != null) {
            pending.timer.cancel(false);
            pending = null;
        }
        if (!allocated || finished || !channel.isActive()) {
            finish();
            return;
        }
        request(StunMethod.REFRESH, List.of(new Lifetime(0)), 0);
    }

    private void finish() {
        finished = true;
        channel.close();
        if (released != null) {
            released.trySuccess(null);
        }
    }

    /** The channel closed (e.g. the server dropped the TCP connection). */
    void closed() {
        if (!finished && !ready && released == null) {
            finished = true;
            listener.failed(this, "connection closed");
        }
        finished = true;
        if (pending != null) {
            pending.timer.cancel(false);
            pending = null;
        }
        if (released != null) {
            released.trySuccess(null);
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
