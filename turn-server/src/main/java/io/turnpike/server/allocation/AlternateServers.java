package io.turnpike.server.allocation;

import com.typesafe.config.Config;
import io.turnpike.server.config.ConfigValues;
import io.turnpike.server.events.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Other TURN nodes this one redirects Allocate requests to with 300 Try Alternate
 * ({@code turnpike.alternate-servers}; RFC 8489 §10, RFC 8656 §7.2 step 11): per client transport,
 * because the client retries "using the same transport protocol" and TLS usually has its own port.
 *
 * @param udp alternates for clients over UDP, IP literals with ports
 * @param tcp alternates for clients over TCP
 * @param tls alternates for clients over TLS
 * @param domain ALTERNATE-DOMAIN sent to TLS clients (the name the alternates' certificate carries),
 *     "" for none: the client then checks the alternate's certificate against the name it used first
 * @param drain whether to redirect every Allocate at start (maintenance), not only at capacity
 */
public record AlternateServers(List<InetSocketAddress> udp, List<InetSocketAddress> tcp,
        List<InetSocketAddress> tls, String domain, boolean drain) {
    private static final String PREFIX = "turnpike.alternate-servers.";
    /** RFC 8489 §14.16: a DNS name of 255 or fewer ASCII characters. */
    private static final int MAX_DOMAIN = 255;

    /** No alternates, no drain: 508 at capacity, as without this feature. */
    public static final AlternateServers NONE = new AlternateServers(List.of(), List.of(), List.of(), "", false);

    /** Copies the lists. */
    public AlternateServers {
        udp = List.copyOf(udp);
        tcp = List.copyOf(tcp);
        tls = List.copyOf(tls);
    }

    /** The alternates for clients on {@code transport}, in the configured order. */
    public List<InetSocketAddress> forTransport(Transport transport) {
        return switch (transport) {
            case UDP -> udp;
            case TCP -> tcp;
            case TLS -> tls;
        };
    }

    /** Reads and validates {@code turnpike.alternate-servers}. */
    public static AlternateServers from(Config section) {
        String domain = section.getString("domain").trim();
        if (domain.length() > MAX_DOMAIN || !domain.matches("[A-Za-z0-9.-]*")) {
            throw ConfigValues.bad(section, PREFIX, "domain", "a DNS name of at most 255 ASCII letters, digits,"
                    + " dots and hyphens (RFC 8489 §14.16), got \"" + domain + "\"");
        }
        return new AlternateServers(list(section, "udp"), list(section, "tcp"), list(section, "tls"), domain,
                section.getBoolean("drain"));
    }

    private static List<InetSocketAddress> list(Config section, String key) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String text : section.getStringList(key)) {
            out.add(parse(section, key, text.trim()));
        }
        return out;
    }

    /** "203.0.113.20:3478" or "[2001:db8::20]:3478": ALTERNATE-SERVER carries an IP address (§14.15). */
    private static InetSocketAddress parse(Config section, String key, String text) {
        int colon = text.lastIndexOf(':');
        String expected = "\"IP:port\" or \"[IPv6]:port\" literals, got \"" + text + "\"";
        if (colon <= 0 || colon == text.length() - 1) {
            throw ConfigValues.bad(section, PREFIX, key, expected);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw ConfigValues.bad(section, PREFIX, key, expected);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw ConfigValues.bad(section, PREFIX, key, expected);
        }
        if (port < 1 || port > 65535) {
            throw ConfigValues.bad(section, PREFIX, key, "a port 1-65535 in \"" + text + "\"");
        }
        InetAddress address = ConfigValues.ipLiteral(section, PREFIX, key, host);
        if (address.isAnyLocalAddress()) {
            throw ConfigValues.bad(section, PREFIX, key, "a concrete address, not a wildcard: \"" + text + "\"");
        }
        return new InetSocketAddress(address, port);
    }
}
