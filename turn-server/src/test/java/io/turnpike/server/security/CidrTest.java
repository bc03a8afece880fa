package io.turnpike.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8", "10.1.2.3, 10.1.2.3/32", "0.0.0.0/0, 0.0.0.0/0",
        "fe80::/10, fe80::/10", "::1, ::1/128", "::/0, ::/0", "2001:db8::/32, 2001:db8::/32",
        "' 192.168.0.0/16 ', 192.168.0.0/16",
    })
    void parsesAndPrints(String text, String expected) {
        assertEquals(expected, Cidr.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/8", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "example.com",
        "10.0.0.0/", "", "fe80::1/10", "1.2.3"})
    void refusesGarbageAndHostBits(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }

    @Test
    void matchesAtTheEdges() {
        Cidr v4 = Cidr.parse("172.16.0.0/12");
        assertTrue(v4.containsIpv4(0xAC100000));
        assertTrue(v4.containsIpv4(0xAC1FFFFF));
        assertFalse(v4.containsIpv4(0xAC200000));
        assertFalse(v4.containsIpv6(0, 0xAC100000L));
        Cidr v6 = Cidr.parse("2001:db8::/96");
        assertTrue(v6.containsIpv6(0x20010db8_00000000L, 0x00000000_FFFFFFFFL));
        assertFalse(v6.containsIpv6(0x20010db8_00000000L, 0x00000001_00000000L));
    }
}
