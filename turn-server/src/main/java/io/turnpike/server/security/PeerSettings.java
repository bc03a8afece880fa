package io.turnpike.server.security;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code turnpike.security.peer} section: which peer addresses clients may relay to besides
 * the public Internet.
 *
 * @param allow         blocks that are always allowed, even inside a default-refused range (the
 *                      server's own listening ports excepted)
 * @param deny          extra blocks to refuse
 * @param allowLoopback true to allow 127.0.0.0/8 and ::1 (local testing only)
 */
public record PeerSettings(List<Cidr> allow, List<Cidr> deny, boolean allowLoopback) {

    public PeerSettings {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** The defaults: refuse every special-purpose range, allow nothing extra. */
    public static PeerSettings defaults() {
        return new PeerSettings(List.of(), List.of(), false);
    }

    /**
     * Reads {@code allow}, {@code deny} and {@code allow-loopback} from the section.
     *
     * @param prefix the section's full path with a trailing dot, for error messages
     * @throws ConfigException.BadValue naming the entry that is not a CIDR block
     */
    static PeerSettings from(Config section, String prefix) {
        return new PeerSettings(cidrs(section, "allow", prefix), cidrs(section, "deny", prefix),
                section.getBoolean("allow-loopback"));
    }

    private static List<Cidr> cidrs(Config section, String key, String prefix) {
        List<String> values = section.getStringList(key);
        List<Cidr> result = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            try {
                result.add(Cidr.parse(values.get(i)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException.BadValue(section.getValue(key).origin(), prefix + key + "[" + i + "]",
                        e.getMessage() + " (expected e.g. \"10.1.2.3\", \"10.0.0.0/8\" or \"fd00::/8\")");
            }
        }
        return result;
    }
}
