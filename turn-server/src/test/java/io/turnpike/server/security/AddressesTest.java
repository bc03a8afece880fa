package io.turnpike.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {

    /** {@link Addresses#ipv4} relies on Inet4Address.hashCode() being the address; prove it. */
    @Test
    void inet4HashCodeIsTheAddress() throws Exception {
        for (String s : new String[] {"0.0.0.0", "1.2.3.4", "169.254.169.254", "255.255.255.255", "128.0.0.1"}) {
            Inet4Address a = (Inet4Address) InetAddress.getByName(s);
            assertEquals(Cidr.toInt(a.getAddress(), 0), Addresses.ipv4(a), s);
        }
    }

    @Test
    void ipv4MappedSourceIsKeyedAsIpv4NotAsColonColonSlash64() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 198;
        mapped[13] = 51;
        mapped[14] = 100;
        mapped[15] = 7;
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertEquals(Addresses.sourceKey(InetAddress.getByName("198.51.100.7")), Addresses.sourceKey(v6));
        assertEquals(0x20010db8_00010002L, Addresses.sourceKey(InetAddress.getByName("2001:db8:1:2::99")));
    }
}
