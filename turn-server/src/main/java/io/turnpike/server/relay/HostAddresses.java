package io.turnpike.server.relay;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** The host's own addresses, for advertising a relay bound to the wildcard address. */
public final class HostAddresses {
    private HostAddresses() {
    }

    /**
     * The first IPv4 address of an up, non-loopback interface (preferring a global one over a
     * private one), or loopback when there is none. A guess for hosts without relay.public-address:
     * behind 1:1 NAT it is the private address, which is why the setting exists.
     */
    public static InetAddress primaryIpv4() {
        InetAddress privateOne = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!(address instanceof Inet4Address) || address.isLinkLocalAddress()) {
                        continue;
                    }
                    if (!address.isSiteLocalAddress()) {
                        return address;
                    }
                    if (privateOne == null) {
                        privateOne = address;
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to what we have
        }
        return privateOne != null ? privateOne : InetAddress.getLoopbackAddress();
    }

    /**
     * The first global IPv6 address of an up, non-loopback interface (not link-local, not ULA
     * fc00::/7), or null when there is none: then only clients that reach a listener over IPv6, or
     * loopback clients, can be given a wildcard-bound IPv6 relay.
     */
    public static InetAddress primaryIpv6() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet6Address && !address.isLinkLocalAddress()
                            && (address.getAddress()[0] & 0xFE) != 0xFC) {
                        return address;
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces readable: no guess
        }
        return null;
    }

    /**
     * Whether a UDP socket can be bound to {@code address} (port 0). Tells at start-up whether the
     * host has IPv6 at all, so a host without it still starts, with IPv6 relays off.
     */
    public static boolean canBind(InetAddress address) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return probe.isBound();
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
