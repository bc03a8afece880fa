package io.turnpike.server.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The JDK's DTLS 1.2 engine with the TLS certificate (RFC 7350). The JDK's server engine answers a
 * ClientHello without a valid cookie with a HelloVerifyRequest (RFC 6347 §4.2.1); its cookie secret
 * lives in the {@link SSLContext}, so a fresh engine per ClientHello verifies the cookie statelessly.
 */
public final class DtlsContexts {
    /** Only DTLS 1.2: DTLS 1.0 (TLS 1.1 era ciphers) is refused. */
    public static final String PROTOCOL = "DTLSv1.2";
    /** Forward-secret AEAD suites only, ECDSA (the self-signed P-256 certificate) and RSA keys. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** In-memory key store only; never written anywhere. */
    private static final char[] STORE_PASSWORD = "in-memory".toCharArray();

    private DtlsContexts() {
    }

    static SSLContext build(TlsMaterial material) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("turnpike", material.key(), STORE_PASSWORD,
                    material.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("DTLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the DTLS context: " + e.getMessage(), e);
        }
    }

    /** A server engine for one client: DTLS 1.2, {@link #CIPHER_SUITES}, no client certificate. */
    public static SSLEngine serverEngine(SSLContext context) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(new String[] {PROTOCOL});
        List<String> supported = List.of(engine.getSupportedCipherSuites());
        p.setCipherSuites(CIPHER_SUITES.stream().filter(supported::contains).toArray(String[]::new));
        p.setNeedClientAuth(false);
        p.setWantClientAuth(false);
        engine.setSSLParameters(p);
        return engine;
    }
}
