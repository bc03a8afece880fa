package io.turnpike.server.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS (and of {@code turns:}): the current Netty {@link SslContext}, built from
 * the operator's PEM files or from a self-signed certificate kept in the data directory, and
 * replaced when the files change (Let's Encrypt renewals) without a restart.
 *
 * <p>Connections take {@link #sslContext()} when they are accepted, so a reload affects only new
 * connections; established ones keep the context (and certificate) they were handshaked with.
 *
 * <p>Provider ({@link TlsSettings#provider()}, {@code turnpike.tls.provider}): BoringSSL through
 * netty-tcnative ({@link SslProvider#OPENSSL}) spends about two thirds of the server CPU per relayed
 * message that the JDK's SSLEngine does (docs/performance.md). {@code OPENSSL}, not
 * {@code OPENSSL_REFCNT}: a reload drops the old context without releasing it, so its native memory
 * must be freed by the garbage collector once the connections handshaked with it are gone; each
 * engine's is freed when {@link SslHandler} closes it.
 *
 * <p>Hardening: TLS 1.3 and 1.2 only, AEAD cipher suites with forward secrecy (ECDHE), no client
 * certificates. BoringSSL never renegotiates as a server. The JDK provider cannot refuse TLS 1.2
 * renegotiation per context, so {@link #open} sets the JVM-wide system property
 * {@value #REJECT_RENEGOTIATION} to {@code true} unless the operator set it explicitly (DTLS uses
 * the JDK engine whatever the provider); TLS 1.3 has no renegotiation at all.
 *
 * <p>Threading: {@link #sslContext()}, {@link #certificate()} and {@link #notAfter()} may be called
 * from any thread (one volatile read). {@link #checkForChanges()} is serialized internally.
 */
public final class ServerTls implements AutoCloseable {

    /** JDK system property that makes the server refuse client-initiated TLS 1.2 renegotiation. */
    public static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    /** The protocol versions offered, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Cipher suites in preference order: every one is an AEAD with an ephemeral key exchange
     * (TLS 1.3 suites always are; the TLS 1.2 ones are ECDHE). Suites the provider lacks are skipped;
     * for BoringSSL Netty maps these IANA names to OpenSSL's ({@code ECDHE-ECDSA-AES128-GCM-SHA256}).
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * ALPN protocols the context of {@link #alpnContext()} offers, in the server's order of
     * preference: {@code stun.turn} (RFC 7443 §3) and {@code http/1.1} (RFC 7301 §6).
     */
    public static final List<String> ALPN_PROTOCOLS = List.of("stun.turn", "http/1.1");

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    /** Told after every successful reload, e.g. to update a certificate-expiry gauge. */
    @FunctionalInterface
    public interface ReloadListener {
        /**
         * Called on the thread that ran {@link #checkForChanges()}, after new connections already
         * use the new certificate.
         */
        void reloaded(X509Certificate certificate, Instant notAfter);
    }

    /** What is in service, and the file state it was built from. */
    private record State(SslContext context, SslContext alpnContext, SSLContext dtls, TlsMaterial material,
            PemSnapshot snapshot) {
    }

    private final TlsSettings settings;
    private final SelfSignedStore selfSigned;
    private final List<ReloadListener> listeners = new CopyOnWriteArrayList<>();
    private volatile State state;
    /** The last file content that failed to load, so a broken file is warned about once. */
    private PemSnapshot failed;
    private ScheduledFuture<?> watch;

    private ServerTls(TlsSettings settings, SelfSignedStore selfSigned, State state) {
        this.settings = settings;
        this.selfSigned = selfSigned;
        this.state = state;
    }

    /**
     * Loads the configured PEM files, or, when {@link TlsSettings#usesFiles()} is false, the
     * self-signed certificate in {@code dataDir/tls/} (generated on first start, and again when it
     * has expired or does not name {@code commonName}).
     *
     * @param commonName the public host name or IP address clients connect to; used for the
     *                   self-signed certificate's CN and subjectAltName only
     * @throws IOException when the files cannot be read or do not hold a matching key and chain
     */
    public static ServerTls open(TlsSettings settings, Path dataDir, String commonName, Clock clock)
            throws IOException {
        if (System.getProperty(REJECT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_RENEGOTIATION, "true");
        }
        SelfSignedStore store = new SelfSignedStore(dataDir, commonName, clock);
        State initial;
        if (settings.usesFiles()) {
            PemSnapshot snapshot = PemSnapshot.read(settings.certificate(), settings.privateKey());
            initial = build(settings, snapshot.parse(), snapshot);
        } else {
            initial = build(settings, store.loadOrCreate(), null);
        }
        ServerTls tls = new ServerTls(settings, store, initial);
        tls.logInService("Loaded");
        return tls;
    }

    /** The context for the next accepted connection: {@code sslContext().newHandler(ch.alloc())}. */
    public SslContext sslContext() {
        return state.context();
    }

    /**
     * The same certificate as {@link #sslContext()}, negotiating ALPN ({@link #ALPN_PROTOCOLS}), for
     * a port shared by TURN and HTTPS. A client offering none of them (a browser's HTTPS offers
     * {@code h2, http/1.1}; its TURN over TLS offers nothing) gets no ALPN answer rather than an alert,
     * so the port can still tell the protocols apart by the first bytes.
     */
    public SslContext alpnContext() {
        return state.alpnContext();
    }

    /**
     * A handler for a newly accepted connection, using the current context, that closes the
     * connection when the handshake is not done within {@code handshakeTimeout}
     * ({@code turnpike.security.tcp.handshake-timeout}): a client that opens TLS connections and
     * then trickles or sends nothing cannot hold them.
     */
    public SslHandler newHandler(ByteBufAllocator alloc, Duration handshakeTimeout) {
        SslHandler handler = sslContext().newHandler(alloc);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    /** The current DTLS 1.2 context (same certificate) for new DTLS sessions: see {@link DtlsContexts}. */
    public SSLContext dtlsContext() {
        return state.dtls();
    }

    /** The TLS implementation of {@link #sslContext()} and {@link #alpnContext()}: OPENSSL or JDK. */
    public SslProvider provider() {
        return settings.provider();
    }

    /** The leaf certificate currently presented to new connections. */
    public X509Certificate certificate() {
        return state.material().leaf();
    }

    /** The full chain currently presented, leaf first. */
    public List<X509Certificate> certificateChain() {
        return state.material().chain();
    }

    /** When the current leaf certificate expires. */
    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }

    /** Registers a listener told after each reload. */
    public void addReloadListener(ReloadListener listener) {
        listeners.add(listener);
    }

    /**
     * Reloads when the content of the PEM files changed (SHA-256 over both), or,
     * for the self-signed certificate, regenerates it when it is about to expire. A file that is
     * broken, or a key that does not match the certificate (a renewal caught half-way), keeps the
     * old context in service and is logged once as a warning; the next change is tried again.
     *
     * @return true when new connections now get a new certificate
     */
    public synchronized boolean checkForChanges() {
        State current = state;
        try {
            if (!settings.usesFiles()) {
                return selfSigned.needsRenewal(current.material().leaf())
                        && replace(build(settings, selfSigned.generate(), null));
            }
            PemSnapshot snapshot = PemSnapshot.read(settings.certificate(), settings.privateKey());
            if (snapshot.sameContent(current.snapshot()) || snapshot.sameContent(failed)) {
                return false;
            }
            failed = snapshot;
            State next = build(settings, snapshot.parse(), snapshot);
            failed = null;
            return replace(next);
        } catch (IOException | RuntimeException e) {
            LOG.warn("TLS certificate reload failed, keeping the certificate valid until {}: {}",
                    notAfter(), e.getMessage());
            return false;
        }
    }

    /**
     * Runs {@link #checkForChanges()} every {@link TlsSettings#reloadInterval()} on the given
     * executor until {@link #close()}; does nothing when the interval is zero. A check reads files
     * and may generate a key, so give it a scheduler that is not an I/O event loop.
     */
    public synchronized void startWatching(ScheduledExecutorService executor) {
        long millis = settings.reloadInterval().toMillis();
        if (millis <= 0 || watch != null) {
            return;
        }
        watch = executor.scheduleWithFixedDelay(this::checkForChanges, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops watching the files. Established connections are not affected. */
    @Override
    public synchronized void close() {
        if (watch != null) {
            watch.cancel(false);
            watch = null;
        }
    }

    private boolean replace(State next) {
        state = next;
        logInService("Reloaded");
        X509Certificate leaf = next.material().leaf();
        Instant notAfter = leaf.getNotAfter().toInstant();
        for (ReloadListener listener : listeners) {
            try {
                listener.reloaded(leaf, notAfter);
            } catch (RuntimeException e) {
                LOG.warn("TLS reload listener {} failed", listener, e);
            }
        }
        return true;
    }

    private void logInService(String verb) {
        X509Certificate leaf = certificate();
        LOG.info("{} TLS certificate {} (issuer {}), valid until {}; TLS provider {}", verb,
                leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(), notAfter(),
                providerName(settings.provider()));
    }

    /** The provider as operators read it: {@code BoringSSL (OpenSSL 1.1.x compatible)} or {@code JDK}. */
    static String providerName(SslProvider provider) {
        return provider == SslProvider.JDK ? "JDK" : OpenSsl.versionString();
    }

    private static State build(TlsSettings settings, TlsMaterial material, PemSnapshot snapshot)
            throws IOException {
        SslContext context = builder(settings, material).build();
        SslContext alpn = builder(settings, material).applicationProtocolConfig(new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ALPN_PROTOCOLS)).build();
        return new State(context, alpn, DtlsContexts.build(material), material, snapshot);
    }

    private static SslContextBuilder builder(TlsSettings settings, TlsMaterial material) {
        return SslContextBuilder.forServer(material.key(), material.chain())
                .sslProvider(settings.provider())
                .protocols(PROTOCOLS)
                .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                .clientAuth(ClientAuth.NONE);
    }
}
