package io.turnpike.server.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and the certificate chain it belongs to (leaf first).
 *
 * @param key   the server's private key
 * @param chain the leaf certificate followed by any intermediates
 */
record TlsMaterial(PrivateKey key, List<X509Certificate> chain) {

    TlsMaterial {
        chain = List.copyOf(chain);
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        // Never print the key.
        return "TlsMaterial[" + leaf().getSubjectX500Principal().getName() + ", chain=" + chain.size() + "]";
    }
}
