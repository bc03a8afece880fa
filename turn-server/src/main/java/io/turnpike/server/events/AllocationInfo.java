package io.turnpike.server.events;

import java.net.InetSocketAddress;

/**
 * What listeners learn about one allocation.
 *
 * @param id a server-unique number for log correlation
 * @param username the USERNAME it authenticated with (for logs only; never a metrics label)
 * @param owner who pays for it: the API key id that minted a REST credential, or "static" or ""
 *     (bounded set, so usable as a metrics label)
 * @param userTag the tag after the colon of a REST username, or the static user name (logs only)
 * @param client the client's transport address
 * @param relay the relayed transport address as advertised to the client
 * @param transport client-to-server transport
 * @param createdAtMillis wall-clock creation time
 */
public record AllocationInfo(
        long id,
        String username,
        String owner,
        String userTag,
        InetSocketAddress client,
        InetSocketAddress relay,
        Transport transport,
        long createdAtMillis) {
}
