package io.turnpike.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import io.turnpike.server.relay.PooledEnvelope;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The UDP 5-tuples with an allocation on one listener socket, keyed by client address: IPv4 as a
 * packed long (address << 16 | port, read without allocating) in a primitive map, IPv6 by the
 * socket address Netty hands us. Owned by the listener's event loop, like the pool of envelopes its
 * links write datagrams to their clients in.
 */
public final class UdpClients {
    private final LongObjectHashMap<UdpClientLink> ipv4 = new LongObjectHashMap<>();
    private final Map<InetSocketAddress, UdpClientLink> ipv6 = new HashMap<>();
    private final PooledEnvelope.Pool envelopes = new PooledEnvelope.Pool();

    /** Inet4Address.hashCode() is its 32-bit address; no byte[] copy as with getAddress(). */
    private static long key(InetSocketAddress address) {
        return ((address.getAddress().hashCode() & 0xFFFFFFFFL) << 16) | address.getPort();
    }

    /** The link of {@code client} when it has an allocation, else null (hot path: allocation-free). */
    public UdpClientLink get(InetSocketAddress client) {
        if (client.getAddress() instanceof Inet4Address) {
            return ipv4.isEmpty() ? null : ipv4.get(key(client));
        }
        return ipv6.isEmpty() ? null : ipv6.get(client);
    }

    PooledEnvelope envelope(ByteBuf datagram, InetSocketAddress client) {
        return envelopes.get(datagram, client);
    }

    void put(UdpClientLink link) {
        InetSocketAddress client = link.client();
        if (client.getAddress() instanceof Inet4Address) {
            ipv4.put(key(client), link);
        } else {
            ipv6.put(client, link);
        }
    }

    void remove(UdpClientLink link) {
        InetSocketAddress client = link.client();
        if (client.getAddress() instanceof Inet4Address) {
            long key = key(client);
            if (ipv4.get(key) == link) {
                ipv4.remove(key);
            }
        } else if (ipv6.get(client) == link) {
            ipv6.remove(client);
        }
    }

    int size() {
        return ipv4.size() + ipv6.size();
    }
}
