package io.turnpike.server.events;

/** The transport between a client and the server. Its ordinal indexes counter arrays. */
public enum Transport {
    UDP, TCP, TLS,
    /** STUN/TURN over DTLS 1.2 on UDP (RFC 7350). */
    DTLS;

    /** Lower-case name, used as a metrics label value. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
