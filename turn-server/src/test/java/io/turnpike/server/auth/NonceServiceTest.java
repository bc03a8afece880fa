package io.turnpike.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
    private final NonceService nonces = new NonceService(new SecureRandom(), 600_000);
    private final long now = 1_800_000_000_000L;

    @Test
    void nonceIsCompactAndValidForItsAddressUntilItExpires() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.1");
        String nonce = nonces.issue(client, now);
        assertEquals(NonceService.NONCE_LENGTH, nonce.length());
        assertEquals(NonceService.Verdict.VALID, nonces.check(nonce, client, now + 599_000));
        // RFC 8489 §9.2.4: an expired nonce gets 438.
        assertEquals(NonceService.Verdict.EXPIRED, nonces.check(nonce, client, now + 601_000));
    }

    @Test
    void nonceReplayedFromAnotherAddressIsNotValid() throws Exception {
        String nonce = nonces.issue(InetAddress.getByName("192.0.2.1"), now);
        assertEquals(NonceService.Verdict.INVALID, nonces.check(nonce, InetAddress.getByName("192.0.2.2"), now));
    }

    @Test
    void forgedOrMalformedNoncesAreNotValid() throws Exception {
        InetAddress client = InetAddress.getByName("2001:db8::1");
        String nonce = nonces.issue(client, now);
        char last = nonce.charAt(nonce.length() - 1);
        String tampered = nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertEquals(NonceService.Verdict.INVALID, nonces.check(tampered, client, now));
        assertEquals(NonceService.Verdict.INVALID, nonces.check("short", client, now));
        assertEquals(NonceService.Verdict.INVALID, nonces.check("!!!!!!!!!!!!!!!!", client, now));
        NonceService otherProcess = new NonceService(new SecureRandom(), 600_000);
        assertEquals(NonceService.Verdict.INVALID, otherProcess.check(nonce, client, now));
        assertNotEquals(nonce, nonces.issue(client, now + 5_000));
    }

    @Test
    void cookieNonceStartsWithTheFeatureBitsAndIsValidForItsAddress_rfc8489Section9_2() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.1");
        String nonce = nonces.issue(client, now, SecurityFeatures.PASSWORD_ALGORITHMS_BIT);
        assertEquals(NonceService.COOKIE_NONCE_LENGTH, nonce.length());
        assertTrue(nonce.startsWith("obMatJos2AAAB"), nonce);
        assertEquals("obMatJos2AAAD", SecurityFeatures.cookie(SecurityFeatures.PASSWORD_ALGORITHMS_BIT
                | SecurityFeatures.USERNAME_ANONYMITY_BIT));
        assertEquals(SecurityFeatures.PASSWORD_ALGORITHMS_BIT, SecurityFeatures.bitsOf(nonce));
        assertEquals(NonceService.Verdict.VALID, nonces.check(nonce, client, now + 599_000));
        assertEquals(NonceService.Verdict.EXPIRED, nonces.check(nonce, client, now + 601_000));
        assertEquals(NonceService.Verdict.INVALID, nonces.check(nonce, InetAddress.getByName("192.0.2.2"), now));
    }

    @Test
    void twoRequestsFromOneAddressGetDifferentNonces_rfc8489Section9_2_4() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.1");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(seen.add(nonces.issue(client, now, SecurityFeatures.PASSWORD_ALGORITHMS_BIT)));
        }
    }

    @Test
    void alteredCookieBitsMakeTheNonceInvalid_rfc8489Section9_2_1() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.1");
        String nonce = nonces.issue(client, now, SecurityFeatures.PASSWORD_ALGORITHMS_BIT);
        String body = nonce.substring(SecurityFeatures.COOKIE_LENGTH);
        assertEquals(NonceService.Verdict.INVALID, nonces.check(SecurityFeatures.cookie(0) + body, client, now));
        assertEquals(NonceService.Verdict.INVALID, nonces.check("xbMatJos2AAAB" + body, client, now));
        assertEquals(NonceService.Verdict.INVALID, nonces.check("obMatJos2!!!!" + body, client, now));
    }
}
