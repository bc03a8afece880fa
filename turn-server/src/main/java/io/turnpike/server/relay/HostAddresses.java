package io.turnpike.server.relay;

import java.net.Inet4Address;
import java.net.InetAddress;
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
}
