package io.turnpike.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecuritySettingsTest {

    private static final Config REFERENCE = ConfigFactory.parseResources("reference.conf").resolve();

    private static SecuritySettings with(String overrides) {
        Config user = ConfigFactory.parseString(overrides).withFallback(REFERENCE).resolve();
        return SecuritySettings.from(user.getConfig("turnpike.security"));
    }

    @Test
    void referenceConfDefaults() {
        SecuritySettings s = with("");
        assertEquals(PeerSettings.defaults(), s.peer());
        assertEquals(new SecuritySettings.RateLimit(20, 50, 65536), s.rateLimit());
        assertEquals(new SecuritySettings.AuthFailureBackoff(5, Duration.ofSeconds(1), Duration.ofSeconds(60)),
                s.authFailureBackoff());
        assertEquals(20, s.maxAllocationsPerUser());
        assertEquals(10000, s.maxAllocations());
        assertEquals(2_000_000, s.maxBandwidthPerAllocation());
        assertEquals(new SecuritySettings.Tcp(256, Duration.ofSeconds(300), Duration.ofSeconds(10), 16384), s.tcp());
    }

    @Test
    void peerListsAreParsedAndUsed() throws Exception {
        SecuritySettings s = with("turnpike.security.peer { allow = [\"10.0.0.5\"], deny = [\"8.8.8.0/24\"] }");
        assertEquals(List.of(Cidr.parse("10.0.0.5/32")), s.peer().allow());
        PeerFilter filter = s.peerFilter();
        assertTrue(filter.allows(InetAddress.getByName("10.0.0.5")));
        assertFalse(filter.allows(InetAddress.getByName("8.8.8.8")));
    }

    @Test
    void bandwidthAcceptsSizeUnits() {
        assertEquals(2_000_000, with("turnpike.security.max-bandwidth-per-allocation = 2MB").maxBandwidthPerAllocation());
        assertEquals(0, with("turnpike.security.max-bandwidth-per-allocation = 0").maxBandwidthPerAllocation());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "turnpike.security.peer.allow = [\"10.0.0.0/33\"]          | turnpike.security.peer.allow[0]",
        "turnpike.security.peer.deny = [\"8.8.8.8\", \"nonsense\"]  | turnpike.security.peer.deny[1]",
        "turnpike.security.peer.deny = [\"10.0.0.1/8\"]            | turnpike.security.peer.deny[0]",
        "turnpike.security.rate-limit.burst = 0                     | turnpike.security.rate-limit.burst",
        "turnpike.security.rate-limit.unauthenticated-per-second = x | turnpike.security.rate-limit.unauthenticated-per-second",
        "turnpike.security.rate-limit.table-size = 4                | turnpike.security.rate-limit.table-size",
        "turnpike.security.auth-failure-backoff.initial = 0s        | turnpike.security.auth-failure-backoff.initial",
        "turnpike.security.auth-failure-backoff.max = 100ms         | turnpike.security.auth-failure-backoff.max",
        "turnpike.security.max-allocations-per-user = -1            | turnpike.security.max-allocations-per-user",
        "turnpike.security.max-allocations = lots                   | turnpike.security.max-allocations",
        "turnpike.security.max-bandwidth-per-allocation = fast      | turnpike.security.max-bandwidth-per-allocation",
        "turnpike.security.tcp.max-connections-per-source = -3      | turnpike.security.tcp.max-connections-per-source",
        "turnpike.security.tcp.idle-timeout = 0s                    | turnpike.security.tcp.idle-timeout",
        "turnpike.security.tcp.handshake-timeout = soon             | turnpike.security.tcp.handshake-timeout",
        "turnpike.security.tcp.max-frame-size = 100000              | turnpike.security.tcp.max-frame-size",
    })
    void badValuesNameTheirKey(String override, String key) {
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class, () -> with(override));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
