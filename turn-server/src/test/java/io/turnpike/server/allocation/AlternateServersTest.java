package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.turnpike.server.config.ConfigLoader;
import io.turnpike.server.config.ServerSettings;
import io.turnpike.server.events.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code turnpike.alternate-servers}: read and validated like every other section. */
class AlternateServersTest {
    private static AlternateServers read(String hocon) {
        return ServerSettings.from(ConfigLoader.overDefaults(ConfigFactory.parseString(hocon))).alternates();
    }

    @Test
    void defaultIsNoAlternatesAndNoDrain() {
        assertEquals(AlternateServers.NONE, read(""));
    }

    @Test
    void literalsPerTransport() {
        AlternateServers a = read("turnpike.alternate-servers { udp = [\"203.0.113.20:3478\", \"[2001:db8::20]:3478\"],"
                + " tls = [\"203.0.113.20:5349\"], domain = \"turn2.example.com\", drain = true }");
        assertEquals(List.of(new InetSocketAddress("203.0.113.20", 3478), new InetSocketAddress("2001:db8::20", 3478)),
                a.forTransport(Transport.UDP));
        assertEquals(List.of(), a.forTransport(Transport.TCP));
        assertEquals(List.of(new InetSocketAddress("203.0.113.20", 5349)), a.forTransport(Transport.TLS));
        assertEquals("turn2.example.com", a.domain());
        assertTrue(a.drain());
    }

    @Test
    void wrongValuesStopStartUpNamingTheKey() {
        for (String bad : List.of("udp = [\"turn2.example.com:3478\"]", "udp = [\"203.0.113.20\"]",
                "tcp = [\"2001:db8::1:3478\"]", "tls = [\"203.0.113.20:0\"]", "udp = [\"0.0.0.0:3478\"]",
                "domain = \"not a name\"")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> read("turnpike.alternate-servers { " + bad + " }"), bad);
            assertTrue(e.getMessage().contains("turnpike.alternate-servers."), e.getMessage());
        }
    }
}
