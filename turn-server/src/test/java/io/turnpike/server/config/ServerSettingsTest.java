package io.turnpike.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    private static ServerSettings load(String hocon) {
        return ServerSettings.from(ConfigLoader.overDefaults(ConfigFactory.parseString(hocon)));
    }

    @Test
    void referenceConfDefaultsMatchTheBrief() {
        ServerSettings s = load("");
        assertEquals("turnpike", s.realm());
        assertEquals("Turnpike", s.software());
        assertEquals(3478, s.listen().udpPort());
        assertEquals(3478, s.listen().tcpPort());
        assertEquals(5349, s.listen().tlsPort());
        assertTrue(s.listen().udp() && s.listen().tcp() && s.listen().tls());
        assertEquals(49152, s.relay().minPort());
        assertEquals(65535, s.relay().maxPort());
        assertEquals(null, s.relay().publicAddress());
        assertEquals("0.0.0.0", s.relay().bindAddress().getHostAddress());
        assertTrue(s.relay().bindAddress6().isAnyLocalAddress(), "IPv6 relays on \"::\" by default (RFC 8656 §7.2)");
        assertEquals(null, s.relay().publicAddress6());
        // RFC 8656 §7.2, §9, §12 defaults.
        assertEquals(600_000, s.allocation().defaultLifetimeMillis());
        assertEquals(3_600_000, s.allocation().maxLifetimeMillis());
        assertEquals(300_000, s.allocation().permissionLifetimeMillis());
        assertEquals(600_000, s.allocation().channelLifetimeMillis());
        assertTrue(s.auth().staticUsers().isEmpty());
        assertTrue(s.auth().sharedSecrets().isEmpty(), "no TURNPIKE_SHARED_SECRET in the test environment");
        assertTrue(s.auth().generateSecret());
        assertEquals(600_000, s.auth().nonceLifetimeMillis());
        // RFC 8489 §9.2.4: SHA-256 preferred, MD5 offered; no username anonymity (REST users have no USERHASH).
        assertEquals(io.turnpike.server.auth.SecurityFeatures.DEFAULT, s.auth().features());
        assertTrue(s.dataDir().isAbsolute());
    }

    @Test
    void userValuesOverrideDefaults() {
        ServerSettings s = load("turnpike { realm = example.org, software = \"\", relay.public-address = \"203.0.113.7\","
                + " auth.static-users = [{username = bob, password = builder}],"
                + " auth.shared-secrets = [\"0123456789abcdef0123\", \"fedcba9876543210fedc\"] }");
        assertEquals("example.org", s.realm());
        assertEquals("", s.software());
        assertEquals("203.0.113.7", s.relay().publicAddress().getHostAddress());
        assertEquals("builder", s.auth().staticUsers().get("bob"));
        assertEquals(2, s.auth().sharedSecrets().size());
        assertEquals("203.0.113.7", s.effectivePublicHost());
    }

    @Test
    void systemPropertiesOverrideFileValues() {
        System.setProperty("turnpike.realm", "from-property");
        try {
            ConfigFactory.invalidateCaches();
            assertEquals("from-property", load("turnpike.realm = from-file").realm());
        } finally {
            System.clearProperty("turnpike.realm");
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void passwordAlgorithmsAndAnonymityAreConfigurable() {
        ServerSettings s = load("turnpike.auth { password-algorithms = [MD5], username-anonymity = true,"
                + " static-users = [{username = bob, password = builder}] }");
        assertEquals(java.util.List.of(1), s.auth().features().passwordAlgorithms());
        assertEquals(0x000003, s.auth().features().bits());
        assertEquals(0, load("turnpike.auth.password-algorithms = []").auth().features().bits(),
                "no feature: the cookie carries zero bits (RFC 8489 §9.2)");
    }

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of("turnpike.relay.min-port = 80", "turnpike.relay.min-port"),
                Arguments.of("turnpike.relay { min-port = 50000, max-port = 40000 }", "turnpike.relay.max-port"),
                Arguments.of("turnpike.relay.min-port = many", "turnpike.relay.min-port"),
                Arguments.of("turnpike.listen.udp-port = 70000", "turnpike.listen.udp-port"),
                Arguments.of("turnpike.listen.addresses = [\"not-an-ip\"]", "turnpike.listen.addresses"),
                Arguments.of("turnpike.listen.addresses = []", "turnpike.listen.addresses"),
                Arguments.of("turnpike.listen.addresses = [\"0.0.0.0\", \"::\"]", "turnpike.listen.addresses"),
                Arguments.of("turnpike.relay.bind-address-v6 = \"127.0.0.1\"", "turnpike.relay.bind-address-v6"),
                Arguments.of("turnpike.relay.public-address-v6 = \"203.0.113.1\"", "turnpike.relay.public-address-v6"),
                Arguments.of("turnpike.relay { bind-address = \"\", bind-address-v6 = \"\" }",
                        "turnpike.relay.bind-address"),
                Arguments.of("turnpike.listen { udp = false, tcp = false, tls = false }", "turnpike.listen.udp"),
                Arguments.of("turnpike.relay.bind-address = \"::1\"", "turnpike.relay.bind-address"),
                Arguments.of("turnpike.relay.public-address = \"relay.example\"", "turnpike.relay.public-address"),
                Arguments.of("turnpike.allocation.default-lifetime = soon", "turnpike.allocation.default-lifetime"),
                Arguments.of("turnpike.allocation.permission-lifetime = 0s", "turnpike.allocation.permission-lifetime"),
                Arguments.of("turnpike.allocation.max-lifetime = 60s", "turnpike.allocation.max-lifetime"),
                Arguments.of("turnpike.auth.shared-secrets = [short]", "turnpike.auth.shared-secrets"),
                Arguments.of("turnpike.auth.static-users = [{username = x}]", "turnpike.auth.static-users"),
                Arguments.of("turnpike.auth.nonce-lifetime = 1s", "turnpike.auth.nonce-lifetime"),
                Arguments.of("turnpike.auth.password-algorithms = [SHA-1]", "turnpike.auth.password-algorithms"),
                Arguments.of("turnpike.auth.password-algorithms = [MD5, MD5]", "turnpike.auth.password-algorithms"),
                Arguments.of("turnpike.auth.username-anonymity = true", "turnpike.auth.username-anonymity"),
                Arguments.of("turnpike.realm = \"\"", "turnpike.realm"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrongValues")
    void wrongValueStopsStartUpNamingTheKey(String hocon, String key) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(hocon));
        assertTrue(e.getMessage().contains(key), () -> "message should name " + key + ": " + e.getMessage());
    }
}
