package io.turnpike.server.allocation;

import java.net.InetSocketAddress;

/**
 * Which peers a client may reach through its relay (RFC 8656 §10.2 and §12.2: the server MAY
 * restrict peer addresses and answers 403 Forbidden). The security area supplies the real policy
 * (deny-lists of internal ranges); this hook keeps the engine independent of it. Called on event
 * loops for CreatePermission and ChannelBind; must be quick and must not block.
 */
@FunctionalInterface
public interface PeerPolicy {
    /** Whether a permission or channel to {@code peer} may be installed. */
    boolean allows(InetSocketAddress peer);

    /** Allows every peer (tests, or deployments that filter elsewhere). */
    PeerPolicy ALLOW_ALL = peer -> true;
}
